// tcp:// engines over TLS (issue 13): the docker way to name the files, the options they become, a real handshake with an engine stand-in on 127.0.0.1, and the warning for plain tcp.
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../../../app/model.js';
import { configureLogging } from '../../log.js';
import { EngineConnection } from './connection.js';
import { modemOptions, resolveEndpoint, type Endpoint } from './endpoint.js';
import { loadTls, plainTcpWarning, tlsFromEnv, tlsFromFlags } from './engine-tls.js';
import { makeTestPki, type TestPki } from './tls-testkit.js';

const HOME = '/home/ada';

describe('where the TLS files are', () => {
  it('DOCKER_TLS_VERIFY with DOCKER_CERT_PATH, by default ~/.docker; nothing without DOCKER_TLS_VERIFY', () => {
    expect(tlsFromEnv({}, HOME)).toBeUndefined();
    expect(tlsFromEnv({ DOCKER_CERT_PATH: '/certs' }, HOME)).toBeUndefined();
    expect(tlsFromEnv({ DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, HOME)).toEqual({ ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem', certPath: '/certs' });
    expect(tlsFromEnv({ DOCKER_TLS_VERIFY: '1' }, HOME)?.ca).toBe('/home/ada/.docker/ca.pem');
  });

  it('--tlsverify with each file flag defaulting to the folder; file flags alone are refused', () => {
    expect(tlsFromFlags({ tlsverify: true }, { DOCKER_CERT_PATH: '/certs' }, HOME)).toMatchObject({ ca: '/certs/ca.pem', certPath: '/certs' });
    expect(tlsFromFlags({ tlsverify: true, tlscacert: '/x/ca.pem' }, {}, HOME)).toEqual({ ca: '/x/ca.pem', cert: '/home/ada/.docker/cert.pem', key: '/home/ada/.docker/key.pem' });
    expect(() => tlsFromFlags({ tlscert: '/x/cert.pem' }, {}, HOME)).toThrow(/go with --tlsverify.*--tls-cert/);
    expect(tlsFromFlags({}, { DOCKER_TLS_VERIFY: '1' }, HOME)?.ca).toBe('/home/ada/.docker/ca.pem');
  });

  it('an endpoint takes TLS for tcp:// only, and says so in its label', () => {
    const env = { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' };
    const ep = resolveEndpoint({ setting: 'tcp://build-box:2376', env, home: HOME });
    expect(ep).toMatchObject({ kind: 'tcp', label: 'TCP build-box:2376 (TLS)', address: 'build-box:2376', tls: { ca: '/certs/ca.pem' } });
    expect(resolveEndpoint({ env: { ...env, DOCKER_HOST: 'unix:///var/run/docker.sock' }, home: HOME }).tls).toBeUndefined();
    expect(resolveEndpoint({ setting: 'tcp://build-box:2375', env: {}, home: HOME }).tls).toBeUndefined();
  });
});

describe('what the files become', () => {
  const files: Record<string, string> = { '/c/ca.pem': 'CA', '/c/cert.pem': 'CERT', '/c/key.pem': 'KEY', '/d/ca.pem': 'CA2', '/e/ca.pem': 'CA3', '/e/cert.pem': 'CERT3' };
  const read = (f: string) => {
    if (f === '/locked/ca.pem') throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const v = files[f];
    if (v === undefined) throw Object.assign(new Error(`ENOENT: ${f}`), { code: 'ENOENT' });
    return Buffer.from(v);
  };
  const folder = (d: string) => ({ ca: `${d}/ca.pem`, cert: `${d}/cert.pem`, key: `${d}/key.pem` });

  it('https with the CA and the client pair; plain http without TLS; sockets untouched', () => {
    const ep: Endpoint = { kind: 'tcp', label: 'TCP', address: '[::1]:2376', tls: folder('/c') };
    expect(modemOptions(ep, read)).toEqual({ host: '::1', port: 2376, protocol: 'https', ca: Buffer.from('CA'), cert: Buffer.from('CERT'), key: Buffer.from('KEY') });
    expect(modemOptions({ kind: 'tcp', label: 'TCP', address: '127.0.0.1:2375' })).toEqual({ host: '127.0.0.1', port: 2375, protocol: 'http' });
    expect(modemOptions({ kind: 'socket', label: 's', address: '/var/run/docker.sock' })).toEqual({ socketPath: '/var/run/docker.sock' });
  });

  it('the CA is required; the client pair is both or neither', () => {
    expect(loadTls(folder('/d'), read)).toEqual({ ca: Buffer.from('CA2') });
    expect(() => loadTls(folder('/none'), read)).toThrow(/no CA certificate at \/none\/ca\.pem; set DOCKER_CERT_PATH/);
    expect(() => loadTls(folder('/e'), read)).toThrow(/needs both \/e\/cert\.pem and \/e\/key\.pem; only \/e\/cert\.pem is there/);
    expect(() => loadTls(folder('/locked'), read)).toThrow(/cannot be read \(EACCES/);
  });
});

describe('the warning for a plain tcp:// engine', () => {
  it('off this machine without TLS: unauthenticated, anyone on the network controls it; none on loopback or with TLS', () => {
    const plain = { kind: 'tcp', address: '192.0.2.7:2375' };
    expect(plainTcpWarning(plain)).toMatch(/tcp:\/\/192\.0\.2\.7:2375 is reached without TLS: it is unauthenticated, so anyone who can reach that port on the network controls the engine/);
    expect(plainTcpWarning({ kind: 'tcp', address: 'build-box:2375' })).toMatch(/without TLS/);
    for (const address of ['127.0.0.1:2375', 'localhost:2375', '[::1]:2375', '127.1.2.3:2375']) expect(plainTcpWarning({ kind: 'tcp', address })).toBeUndefined();
    expect(plainTcpWarning({ ...plain, tls: { ca: '/c/ca.pem', cert: '/c/cert.pem', key: '/c/key.pem' } })).toBeUndefined();
    expect(plainTcpWarning({ kind: 'socket', address: '/var/run/docker.sock' })).toBeUndefined();
  });

  it('the engine connection logs it once it is made (nothing is sent: the connection is never started here)', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'berth-tcp-warn-')), 'log');
    configureLogging({ level: 'warn', file });
    try {
      new EngineConnection({ kind: 'tcp', label: 'TCP', address: '192.0.2.7:2375' }).stop();
      new EngineConnection({ kind: 'tcp', label: 'TCP', address: '127.0.0.1:2375' }).stop();
    } finally {
      configureLogging({ level: 'error', file: '' });
    }
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toEqual([expect.stringMatching(/WARN \[engine\] The engine at tcp:\/\/192\.0\.2\.7:2375 is reached without TLS: it is unauthenticated/)]);
  });
});

/** An engine stand-in on 127.0.0.1 over TLS that asks for a client certificate signed by the test CA. */
describe('a TLS engine on loopback', () => {
  let pki: TestPki;
  let server: https.Server;
  let port = 0;
  const seen: string[] = [];
  beforeAll(async () => {
    pki = makeTestPki();
    server = https.createServer({ ...pki.server, requestCert: true, rejectUnauthorized: true }, (req, res) => {
      seen.push(`${req.method} ${req.url?.split('?')[0]}`);
      if (req.url?.includes('/version')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ Version: '99.0-tls-test', ApiVersion: '1.44' }));
        return;
      }
      if (req.url?.includes('/events')) {
        res.writeHead(200, { 'content-type': 'application/json' }).flushHeaders();
        return; // held open, like the engine's event stream
      }
      res.writeHead(404).end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    pki.dispose();
  });

  /** Runs a connection until it is up or down, and returns that status. */
  async function settle(ep: Endpoint): Promise<EngineStatus> {
    const conn = new EngineConnection(ep, { minBackoffMs: 60_000 });
    try {
      const st = await new Promise<EngineStatus>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`still ${conn.getStatus().state} after 10 s`)), 10_000);
        conn.onStatus((s) => {
          if (s.state === 'connecting') return;
          clearTimeout(timer);
          resolve(s);
        });
        conn.start();
      });
      return st;
    } finally {
      conn.stop();
    }
  }

  it('connects with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH: the engine verified, the client certificate presented', async () => {
    const ep = resolveEndpoint({ setting: `tcp://127.0.0.1:${port}`, env: { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: pki.certPath } });
    const st = await settle(ep);
    expect(st).toMatchObject({ state: 'up', version: '99.0-tls-test', endpoint: { kind: 'tcp', label: `TCP 127.0.0.1:${port} (TLS)` } });
    expect(st.endpoint).not.toHaveProperty('tls'); // file paths stay in the core
    expect(seen).toContain('GET /version');
  });

  it('refuses an engine whose certificate another CA signed, and says why', async () => {
    const dir = fs.mkdtempSync(path.join(pki.certPath, '..', 'wrong-'));
    fs.writeFileSync(path.join(dir, 'ca.pem'), pki.otherCa);
    for (const f of ['cert.pem', 'key.pem']) fs.copyFileSync(path.join(pki.certPath, f), path.join(dir, f));
    seen.length = 0;
    const st = await settle(resolveEndpoint({ setting: `tcp://127.0.0.1:${port}`, env: { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir } }));
    expect(st.state).toBe('down');
    expect(st.reason).toMatch(/The TLS connection to the engine at 127\.0\.0\.1:\d+ failed .*ca\.pem signed the engine's certificate/);
    expect(seen).toEqual([]);
  });

  it('without a client certificate the engine refuses the connection', async () => {
    const dir = fs.mkdtempSync(path.join(pki.certPath, '..', 'nocert-'));
    fs.copyFileSync(path.join(pki.certPath, 'ca.pem'), path.join(dir, 'ca.pem'));
    seen.length = 0;
    const st = await settle(resolveEndpoint({ setting: `tcp://127.0.0.1:${port}`, env: { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir } }));
    expect(st.state).toBe('down');
    expect(seen).toEqual([]);
  });

  it('missing TLS files: down with the reason, and nothing sent', async () => {
    seen.length = 0;
    const st = await settle(resolveEndpoint({ setting: `tcp://127.0.0.1:${port}`, env: { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/nonexistent-berth-certs' } }));
    expect(st).toMatchObject({ state: 'down', reason: expect.stringMatching(/no CA certificate at \/nonexistent-berth-certs\/ca\.pem/) });
    expect(seen).toEqual([]);
  });
});
