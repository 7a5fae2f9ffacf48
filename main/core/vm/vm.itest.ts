// Boots the real Berth VM under QEMU and proves the engine socket, published ports, the docker CLI, crash and drop recovery.
import { execFile, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VmManager } from './manager.js';
import { QemuBackend } from './qemu/backend.js';
import { explained, importGuestBusybox, installGuestHelper, report, stageLine, until } from './vm-testkit.js';

const run = promisify(execFile);
const enabled = process.env['BERTH_VM_TESTS'] === '1';
const SLOW = 600_000;

function get(opts: http.RequestOptions): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ ...opts, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

describe.skipIf(!enabled)('Berth VM under QEMU', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-vm-itest-'));
  const backend = new QemuBackend({ home, network: 'isolated' });
  const dockerConfig = path.join(home, 'docker-config');
  const vm = new VmManager({ home, backend, dockerContext: { configDir: dockerConfig } });
  const sock = vm.socketPath;
  const docker = async (...args: string[]): Promise<string> => (await vm.exec(`docker ${args.join(' ')}`, { timeoutMs: 120_000 })).stdout.trim();
  const ping = (): Promise<{ status: number; body: string }> => get({ socketPath: sock, path: '/_ping' });

  beforeAll(async () => {
    await vm.init();
    await vm.setSettings({ cpus: 2, memoryMiB: 1024, diskGiB: 8 });
    const t0 = Date.now();
    await explained(vm, vm.start());
    report(`first start (incl. create): ${stageLine(vm.status())} wall=${Date.now() - t0}ms`);
    // Debian's busybox has no UDP server: a freestanding UDP echo (testdata/udp-echo.c) joins the test image.
    await installGuestHelper(vm, 'udp-echo');
    expect(await importGuestBusybox(vm, 'cp /usr/local/bin/udp-echo $d/bin/')).toBe('');
  }, SLOW);

  afterAll(async () => {
    await vm.dispose();
    fs.rmSync(home, { recursive: true, force: true });
  }, SLOW);

  it('serves the engine on the host socket, 0600 in a 0700 dir', async () => {
    expect(vm.status().state).toBe('running');
    expect(vm.status().socketPath).toBe(sock);
    expect((await ping()).body).toBe('OK');
    expect(fs.statSync(sock).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(sock)).mode & 0o777).toBe(0o700);
    expect(vm.status().stages.map((s) => s.stage)).toEqual(['boot', 'network', 'ssh', 'engine']);
  });

  it('forwards a published port (-p 18090:80) to host 127.0.0.1:18090 within a second', async () => {
    await docker('run -d --name web -p 18090:80 berth-test/busybox httpd -f -p 80 -h /www');
    const started = Date.now();
    const res = await until('GET 127.0.0.1:18090', async () => {
      const r = await get({ host: '127.0.0.1', port: 18090, path: '/' });
      return r.status === 200 ? r : undefined;
    }, 10_000, 20);
    const ms = Date.now() - started;
    report(`published port answered ${ms} ms after docker run returned`);
    expect(res.body).toContain('hello from berth');
    expect(ms).toBeLessThan(1500);
    expect(vm.forwards().some((f) => f.hostPort === 18090 && f.protocol === 'tcp' && f.status === 'active')).toBe(true);
    await docker('rm -f web');
    await until('forward removed', async () => (vm.forwards().some((f) => f.hostPort === 18090) ? undefined : true), 5000);
    await expect(get({ host: '127.0.0.1', port: 18090, path: '/' })).rejects.toThrow();
  }, SLOW);

  it('forwards a dynamic port and a UDP port', async () => {
    await docker('run -d --name dyn -p 80 berth-test/busybox httpd -f -p 80 -h /www');
    const port = Number((await docker('port dyn 80/tcp')).split('\n')[0]?.split(':').pop());
    expect(port).toBeGreaterThan(1024);
    const r = await until('GET dynamic port', async () => (await get({ host: '127.0.0.1', port, path: '/' })).status === 200 || undefined, 10_000);
    expect(r).toBe(true);

    await docker('rm -f dyn');
    if (!(await vm.exec('test -x /usr/local/bin/udp-echo')).code) {
      await docker('run -d --name udp -p 18091:9999/udp berth-test/busybox udp-echo 9999');
      const sock = dgram.createSocket('udp4');
      const replies: string[] = [];
      sock.on('message', (m) => replies.push(m.toString()));
      try {
        const started = Date.now();
        await until('UDP echo through 127.0.0.1:18091', async () => {
          sock.send('berth-udp-hello', 18091, '127.0.0.1');
          await new Promise((r) => setTimeout(r, 100));
          return replies.length > 0 ? true : undefined;
        }, 10_000, 0);
        report(`UDP port answered ${Date.now() - started} ms after docker run returned`);
        expect(replies[0]).toBe('berth-udp-hello');
      } finally {
        sock.close();
        await docker('rm -f udp');
      }
    } else {
      console.log('[vm-itest] no C compiler on the host: UDP echo part skipped');
    }
  }, SLOW);

  it('reports a taken host port as a typed error, never silently', async () => {
    const blocker = http.createServer();
    await new Promise<void>((r) => blocker.listen(18092, '127.0.0.1', () => r()));
    const errors: string[] = [];
    const off = vm.onForwardError((f) => errors.push(`${f.hostPort}:${f.error?.code}`));
    try {
      await docker('run -d --name taken -p 18092:80 berth-test/busybox httpd -f -p 80 -h /www');
      await until('forward error', async () => (errors.length > 0 ? true : undefined), 5000);
      expect(errors).toEqual(['18092:PORT_IN_USE']);
      expect(vm.forwards().find((f) => f.hostPort === 18092)?.status).toBe('failed');
    } finally {
      off();
      blocker.close();
      await docker('rm -f taken');
    }
  }, SLOW);

  it('publishes a port of a running container without recreating it', async () => {
    await docker('run -d --name late berth-test/busybox httpd -f -p 8080 -h /www');
    const id = await docker('inspect -f {{.Id}} late');
    const fwd = await vm.publishPort(id, 8080, 18093);
    expect(fwd.status).toBe('active');
    const r = await get({ host: '127.0.0.1', port: 18093, path: '/' });
    expect(r.body).toContain('hello from berth');
    await vm.unpublishPort(18093);
    await docker('rm -f late');
  }, SLOW);

  it('publishes a UDP port of a running container (QEMU forward + DNAT in the guest), and removes it', async () => {
    if ((await vm.exec('test -x /usr/local/bin/udp-echo')).code) return void console.log('[vm-itest] no C compiler on the host: UDP publish-on-running skipped');
    await docker('run -d --name lateudp berth-test/busybox udp-echo 9999');
    const id = await docker('inspect -f {{.Id}} lateudp');
    const fwd = await vm.publishPort(id, 9999, 18096, 'udp');
    expect(fwd).toMatchObject({ protocol: 'udp', status: 'active', origin: 'manual', guestPort: 9999 });
    const sock = dgram.createSocket('udp4');
    const replies: string[] = [];
    sock.on('message', (m) => replies.push(m.toString()));
    const ping = async (): Promise<boolean> => {
      const before = replies.length;
      sock.send('late-udp', 18096, '127.0.0.1');
      await new Promise((r) => setTimeout(r, 200));
      return replies.length > before;
    };
    try {
      await until('UDP echo through the late forward', async () => ((await ping()) ? true : undefined), 10_000, 0);
      expect(replies[0]).toBe('late-udp');
      await vm.unpublishPort(18096, 'udp');
      expect(vm.forwards().some((f) => f.protocol === 'udp' && f.hostPort === 18096)).toBe(false);
      // Nothing answers any more, and the guest keeps no rule behind.
      expect(await ping()).toBe(false);
      expect((await vm.exec('iptables -w -t nat -S PREROUTING; iptables -w -S DOCKER-USER')).stdout).not.toContain('berth-udp-18096');
    } finally {
      sock.close();
      await docker('rm -f lateudp');
    }
  }, SLOW);

  it('works with the unmodified docker CLI through the exported socket (run, logs -f, exec -it, stdin, context)', async () => {
    const cli = await run('sh', ['-c', 'command -v docker']).then((r) => r.stdout.trim(), () => '');
    if (!cli) return void console.log('[vm-itest] docker CLI not installed on the host; skipped');
    const env = { ...process.env, DOCKER_HOST: `unix://${sock}`, DOCKER_CONTEXT: '' };
    const d = async (...a: string[]): Promise<string> => (await run(cli, a, { env, timeout: 120_000 })).stdout.trim();
    expect(await d('version', '--format', '{{.Server.Version}}')).toMatch(/^\d+\./);
    await d('run', '-d', '--name', 'cli', 'berth-test/busybox', 'sh', '-c', 'echo line-one; sleep 300');
    expect(await until('logs', async () => ((await d('logs', 'cli')).includes('line-one') ? true : undefined), 10_000)).toBe(true);
    expect(await d('exec', 'cli', 'sh', '-c', 'echo $((6*7))')).toBe('42');
    // The berth context reaches the same engine.
    const ctxEnv = { ...process.env, DOCKER_CONFIG: dockerConfig, DOCKER_HOST: '' };
    expect((await run(cli, ['--context', 'berth', 'ps', '-q', '--filter', 'name=cli'], { env: ctxEnv, timeout: 60_000 })).stdout.trim()).toMatch(/^[0-9a-f]{12}$/);
    // stdin closed after the request, reply still read: the half-open path through the socket proxy.
    const piped = await run('sh', ['-c', `echo half-open | "${cli}" run --rm -i berth-test/busybox cat`], { env, timeout: 120_000 });
    expect(piped.stdout.trim()).toBe('half-open');
    // exec -it through a real pty (util-linux `script`), and logs -f streaming while the container writes.
    const hasScript = await run('sh', ['-c', 'command -v script']).then(() => true, () => false);
    if (hasScript) {
      const tty = await run('script', ['-qec', `"${cli}" exec -it cli sh -c 'tty; echo in-tty'`, '/dev/null'], { env, timeout: 60_000 });
      expect(tty.stdout).toMatch(/\/dev\/pts\/\d+/);
      expect(tty.stdout).toContain('in-tty');
    }
    await d('run', '-d', '--name', 'ticker', 'berth-test/busybox', 'sh', '-c', 'i=0; while true; do echo tick-$i; i=$((i+1)); sleep 1; done');
    const follow = spawn(cli, ['logs', '-f', 'ticker'], { env });
    const ticks: string[] = [];
    follow.stdout.on('data', (b: Buffer) => ticks.push(...b.toString().split('\n').filter(Boolean)));
    await until('three streamed log lines', async () => (ticks.length >= 3 ? true : undefined), 30_000, 100);
    follow.kill();
    expect(ticks.slice(0, 3)).toEqual(['tick-0', 'tick-1', 'tick-2']);
    await d('rm', '-f', 'cli', 'ticker');
  }, SLOW);

  it('works with docker-compose through the exported socket (up, port on the host, logs, exec, down)', async () => {
    const compose = await run('sh', ['-c', 'command -v docker-compose']).then((r) => r.stdout.trim(), () => '');
    if (!compose) return void console.log('[vm-itest] docker-compose not installed on the host; skipped');
    const dir = fs.mkdtempSync(path.join(home, 'compose-'));
    fs.writeFileSync(
      path.join(dir, 'docker-compose.yml'),
      [
        "version: '3.8'",
        'services:',
        '  web:',
        '    image: berth-test/busybox',
        '    command: ["httpd", "-f", "-p", "80", "-h", "/www"]',
        '    ports: ["127.0.0.1:18091:80"]',
        '  worker:',
        '    image: berth-test/busybox',
        '    command: ["sh", "-c", "echo worker-up > /data/mark; cat /data/mark; sleep 300"]',
        '    volumes: ["work:/data"]',
        'volumes:',
        '  work: {}',
        '',
      ].join('\n'),
    );
    const env = { ...process.env, DOCKER_HOST: `unix://${sock}`, DOCKER_CONTEXT: '', COMPOSE_PROJECT_NAME: 'berthvm' };
    const dc = async (...a: string[]): Promise<string> => (await run(compose, a, { env, cwd: dir, timeout: 180_000 })).stdout.trim();
    await dc('up', '-d');
    try {
      const page = await until('the compose port on the host', async () => {
        const r = await get({ host: '127.0.0.1', port: 18091, path: '/' });
        return r.status === 200 ? r.body : undefined;
      }, 15_000, 100);
      expect(page).toContain('hello from berth');
      expect(await until('worker logs', async () => ((await dc('logs', '--no-color', 'worker')).includes('worker-up') ? true : undefined), 15_000, 200)).toBe(true);
      expect(await dc('exec', '-T', 'web', 'sh', '-c', 'echo $((6*7))')).toBe('42');
      expect(await docker('ps --filter label=com.docker.compose.project=berthvm --format "{{.Names}}"')).toMatch(/berthvm[_-]web[_-]1/);
    } finally {
      await dc('down', '-v', '--timeout', '1');
    }
    expect(await docker('ps -a -q --filter label=com.docker.compose.project=berthvm')).toBe('');
    expect(await docker('volume ls -q')).not.toContain('berthvm_work');
    // The published port goes away with its container.
    await until('the port closes after down', async () => get({ host: '127.0.0.1', port: 18091, path: '/' }).then(() => undefined, () => true), 10_000, 100);
  }, SLOW);

  it('comes back after the SSH connection drops', async () => {
    const ssh = backend.sshSession;
    expect(ssh).toBeDefined();
    const before = ssh?.reconnects ?? 0;
    const t0 = Date.now();
    ssh?.dropConnection();
    await until('engine ping after drop', async () => ((await ping()).body === 'OK' ? true : undefined), 15_000, 100);
    const ms = Date.now() - t0;
    report(`engine socket answered again ${ms} ms after the SSH connection was dropped`);
    expect(ssh?.reconnects).toBe(before + 1);
    // Streams the socket keeps for reuse die with the link: fresh ones are opened at once, not after timeouts.
    expect(ms).toBeLessThan(5_000);
  }, SLOW);

  it('survives QEMU being killed: state shows it, restart brings the engine and fsynced data back', async () => {
    await docker('volume create keep');
    await vm.exec('sync');
    const token = `berth-${Date.now()}`;
    await docker(`run --rm -v keep:/data berth-test/busybox sh -c "echo ${token} | dd of=/data/f conv=fsync 2>/dev/null"`);
    const pid = backend.qemuPid;
    expect(pid).toBeGreaterThan(0);
    process.kill(pid ?? 0, 'SIGKILL');
    const st = await until('error state', async () => (vm.status().state === 'error' ? vm.status() : undefined), 10_000);
    expect(st.error?.message).toMatch(/SIGKILL/);
    const t0 = Date.now();
    await explained(vm, vm.restart());
    report(`restart after SIGKILL: ${stageLine(vm.status())} wall=${Date.now() - t0}ms`);
    expect((await ping()).body).toBe('OK');
    expect(await docker('run --rm -v keep:/data berth-test/busybox cat /data/f')).toBe(token);
  }, SLOW);

  it('stops cleanly and starts again with the data kept', async () => {
    const t0 = Date.now();
    // A clean shutdown and a cold boot (a plain stop saves the VM for a resume: resume.itest.ts).
    await vm.stop({ shutdown: true });
    report(`clean stop: ${Date.now() - t0}ms`);
    expect(vm.status().state).toBe('stopped');
    expect(fs.existsSync(sock)).toBe(false);
    const t1 = Date.now();
    await explained(vm, vm.start());
    report(`warm start: ${stageLine(vm.status())} wall=${Date.now() - t1}ms`);
    expect(await docker('volume ls -q')).toContain('keep');
  }, SLOW);
});
