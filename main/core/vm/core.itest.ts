// The whole core on the VM endpoint: the same contract handlers a window uses, against dockerd inside the real VM.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunSpec } from '../../../app/runspec.js';
import { createCore, type Core } from '../api.js';

const SLOW = 600_000;

function fetchText(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/', timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

async function eventually<T>(fn: () => Promise<T>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe.skipIf(process.env.BERTH_VM_TESTS !== '1')('the core on the Berth VM endpoint', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-core-vm-'));
  let core: Core;

  beforeAll(async () => {
    core = createCore({ home, vm: { qemu: { network: 'isolated' }, dockerContext: false }, vmAutostart: false });
    core.start();
    const vm = core.handlers.vm!;
    await vm.setSettings({ cpus: 2, memoryMiB: 1024, diskGiB: 8 });
    await vm.start(undefined);
    await core.ready(120_000);
    const r = await core.ctx.vm!.exec(
      'set -e; d=$(mktemp -d); mkdir -p $d/bin $d/www; cp /bin/busybox $d/bin/; ' +
        'for a in $(busybox --list); do [ "$a" = busybox ] || ln -s busybox $d/bin/$a; done; ' +
        'echo "<h1>hello from the vm</h1>" > $d/www/index.html; ' +
        "tar -C $d -c . | docker import -c 'ENV PATH=/bin' -c 'CMD [\"sh\"]' - berth-test/busybox:latest >/dev/null; rm -rf $d",
      { timeoutMs: 120_000 },
    );
    expect(r.stderr).toBe('');
  }, SLOW);

  afterAll(async () => {
    await core?.shutdown();
    fs.rmSync(home, { recursive: true, force: true });
  }, SLOW);

  it('reports the VM endpoint, its stages and console', async () => {
    const s = await core.handlers.engine!.status(undefined);
    expect(s).toMatchObject({ state: 'up', endpoint: { kind: 'vm', label: 'Berth VM' } });
    const vs = await core.handlers.vm!.status(undefined);
    expect(vs.state).toBe('running');
    expect(vs.stages.map((x) => x.stage)).toEqual(['boot', 'network', 'ssh', 'engine']);
    expect((await core.handlers.vm!.console({ lines: 50 })).length).toBeGreaterThan(0);
  });

  it('runs a container with a published port that answers on the host, and publishes another on the running container', async () => {
    const run = await core.handlers.containers!.run(RunSpec.parse({ image: 'berth-test/busybox:latest', name: 'vmweb', ports: [{ hostPort: 18095, containerPort: 80 }], command: ['httpd', '-f', '-p', '80', '-h', '/www'] }));
    expect(run.ports.find((p) => p.containerPort === 80)?.hostPort).toBe(18095);
    expect(await eventually(() => fetchText(18095))).toContain('hello from the vm');
    const pub = await core.handlers.containers!.publish({ id: 'vmweb', containerPort: 80, protocol: 'tcp', hostPort: 18096 });
    expect(pub.hostPort).toBe(18096);
    expect(await eventually(() => fetchText(18096))).toContain('hello from the vm');
    expect(core.ctx.model.containers.get(run.id)?.state).toBe('running');
    await core.handlers.containers!.remove({ id: 'vmweb', force: true, volumes: false });
  }, 120_000);
});
