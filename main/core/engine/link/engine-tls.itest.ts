// A tcp:// engine over TLS, for real: the real dockerd behind a TLS proxy on 127.0.0.1 that demands a client certificate; the core and the docker CLI through it.
import { execFile } from 'node:child_process';
import net from 'node:net';
import tls from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunSpec } from '../../../../app/runspec.js';
import { createCore, type Core } from '../../api.js';
import { hostTerminalEnv } from '../../terminals/host-pty.js';
import { BUSYBOX, cleanupTestObjects, TEST_LABEL, uniqueName } from '../../testing/engine.js';
import { resolveEndpoint } from './endpoint.js';
import { makeTestPki, type TestPki } from './tls-testkit.js';

const run = promisify(execFile);

describe('tcp:// engine over TLS (the real dockerd behind a TLS proxy on loopback)', () => {
  let pki: TestPki;
  let proxy: tls.Server;
  let port = 0;
  let core: Core | undefined;
  let refused = 0;

  beforeAll(async () => {
    pki = makeTestPki();
    proxy = tls.createServer({ ...pki.server, requestCert: true, rejectUnauthorized: true }, (client) => {
      const engine = net.createConnection('/var/run/docker.sock');
      client.pipe(engine).pipe(client);
      const end = () => {
        client.destroy();
        engine.destroy();
      };
      client.on('error', end);
      engine.on('error', end);
    });
    proxy.on('tlsClientError', () => refused++);
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    port = (proxy.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    core?.dispose();
    await cleanupTestObjects();
    await new Promise((r) => proxy.close(r));
    pki.dispose();
  });

  it('runs a container and reads its logs with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH; the docker CLI in the host terminal gets the same', async () => {
    const env = { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: pki.certPath };
    const endpoint = resolveEndpoint({ setting: `tcp://127.0.0.1:${port}`, env });
    core = createCore({ endpoint, home: `/tmp/berth-test-home-${process.pid}` });
    core.start();
    await core.ready(20_000);
    expect(core.ctx.conn.getStatus().endpoint).toEqual({ kind: 'tcp', label: `TCP 127.0.0.1:${port} (TLS)`, address: `127.0.0.1:${port}` });

    const name = uniqueName('tls');
    await core.handlers.containers!.run(RunSpec.parse({ image: BUSYBOX, name, labels: { [TEST_LABEL]: '1' }, command: ['sh', '-c', 'echo over-tls; sleep 300'] }));
    expect((await core.handlers.containers!.list({ all: true })).some((c) => c.name === name)).toBe(true);
    const deadline = Date.now() + 10_000;
    let logs = '';
    while (!logs.includes('over-tls') && Date.now() < deadline) {
      logs = (await core.ctx.docker.getContainer(name).logs({ stdout: true, follow: false })).toString('utf8');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(logs).toContain('over-tls');

    // The host terminal's environment points the unmodified docker CLI at the same engine, with the same files.
    const termEnv = hostTerminalEnv({ PATH: process.env.PATH }, core.ctx.conn.endpoint);
    expect(termEnv).toMatchObject({ DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: pki.certPath });
    const ps = await run('docker', ['ps', '--filter', `name=${name}`, '--format', '{{.Names}}'], { env: { ...termEnv, HOME: process.env.HOME ?? '/root' } });
    expect(ps.stdout.trim()).toBe(name);
  }, 60_000);

  it('plain http to the TLS engine, or TLS without a client certificate, gets nothing from the engine', async () => {
    const before = refused;
    const plain = createCore({ endpoint: resolveEndpoint({ setting: `tcp://127.0.0.1:${port}`, env: {} }), home: `/tmp/berth-test-home-${process.pid}` });
    plain.start();
    await expect(plain.ready(3_000)).rejects.toThrow(/not ready/);
    expect(plain.ctx.conn.getStatus().state).toBe('down');
    plain.dispose();
    const noCert = await run('docker', ['--tlsverify', '--tlscacert', `${pki.certPath}/ca.pem`, '-H', `tcp://127.0.0.1:${port}`, 'version'], { env: { PATH: process.env.PATH, HOME: '/nonexistent' } }).catch((e: { stderr: string }) => e);
    expect('stderr' in noCert && noCert.stderr).toBeTruthy();
    expect(refused).toBeGreaterThan(before);
  }, 30_000);
});
