// The catalog over fake engines on unix sockets: probes and their states, added engines, choosing by name, the pool.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEntry } from '../../../app/engines.js';
import { EngineCatalog, memoryEngineStore, pickEngine } from './catalog.js';
import { addedEngine, hostEngine, urlOf, vmEngine } from './discover.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-cat-'));
  cleanups.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

/** An engine that answers /_ping and /version (or never answers, when `hang`). */
async function fakeEngine(dir: string, name: string, version: string, opts: { hang?: boolean } = {}): Promise<string> {
  const sock = path.join(dir, `${name}.sock`);
  const server = http.createServer((req, res) => {
    if (opts.hang) return;
    const p = (req.url ?? '').replace(/^\/v[\d.]+/, '');
    if (p.startsWith('/_ping')) return void res.end('OK');
    if (p.startsWith('/version')) return void res.setHeader('content-type', 'application/json').end(JSON.stringify({ Version: version, ApiVersion: '1.41', Os: 'linux', Arch: 'amd64' }));
    if (p.startsWith('/events')) return void res.writeHead(200, { 'content-type': 'application/json' }).flushHeaders();
    res.setHeader('content-type', 'application/json').end('[]');
  });
  await new Promise<void>((r) => server.listen(sock, r));
  cleanups.push(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
  return sock;
}

function catalog(dir: string, env: Record<string, string | undefined>, extra: Partial<ConstructorParameters<typeof EngineCatalog>[0]> = {}): EngineCatalog {
  const c = new EngineCatalog({ home: path.join(dir, 'home'), env: { DOCKER_CONFIG: path.join(dir, 'docker'), ...env }, userHome: dir, added: memoryEngineStore(), probeTimeoutMs: 1000, lingerMs: 0, ...extra });
  cleanups.push(() => c.dispose());
  return c;
}

describe('finding engines', () => {
  it('the host engine: DOCKER_HOST (with DOCKER_TLS_VERIFY for tcp), else the local socket when it is there, else the pipe on Windows', () => {
    expect(hostEngine({ env: { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/c' } })).toMatchObject({ id: 'host', name: 'default', kind: 'tcp', url: 'tcp://10.0.0.5:2376', endpoint: { tls: { ca: '/c/ca.pem' } }, description: 'DOCKER_HOST' });
    expect(hostEngine({ env: {}, platform: 'linux', exists: () => false })).toBeUndefined();
    expect(hostEngine({ env: {}, platform: 'linux', exists: () => true })).toMatchObject({ kind: 'socket', url: 'unix:///var/run/docker.sock' });
    expect(hostEngine({ env: {}, platform: 'win32' })).toMatchObject({ kind: 'pipe', url: 'npipe:////./pipe/docker_engine' });
    expect(hostEngine({ env: { DOCKER_HOST: 'nonsense' } })?.problem?.message).toMatch(/is not a URL/);
  });

  it('the VM engine says how to start the VM; an added engine keeps its TLS files; URLs round-trip', () => {
    expect(vmEngine('/h/run/docker.sock')).toMatchObject({ id: 'vm', name: 'berth-vm', kind: 'vm', url: 'unix:///h/run/docker.sock', absent: expect.stringMatching(/berth vm start/) });
    const a = addedEngine({ name: 'box', url: 'tcp://10.0.0.5:2376', tls: { ca: '/t/ca.pem', cert: '/t/cert.pem', key: '/t/key.pem' } });
    expect(a).toMatchObject({ id: 'added:box', kind: 'tcp', endpoint: { tls: { ca: '/t/ca.pem' } }, tlsOwner: { whose: 'Engine "box"' } });
    expect(addedEngine({ name: 'b', url: 'ssh://me@box' }).url).toBe('ssh://me@box');
    expect(urlOf({ kind: 'pipe', label: '', address: '\\\\.\\pipe\\docker_engine' })).toBe('npipe:////./pipe/docker_engine');
  });
});

describe('EngineCatalog', () => {
  it('probes every engine at once: up with the version, down with why (no socket, no answer in time)', async () => {
    const dir = tmp();
    const a = await fakeEngine(dir, 'a', '27.1.0');
    const hung = await fakeEngine(dir, 'hung', '0', { hang: true });
    const c = catalog(dir, { DOCKER_HOST: `unix://${a}` }, { vmSocket: path.join(dir, 'no-vm.sock') });
    await c.add({ name: 'hung', url: `unix://${hung}` });
    await c.add({ name: 'gone', url: `unix://${dir}/gone.sock` });
    const list = await c.probeAll();
    const by = new Map(list.map((e) => [e.id, e]));
    expect(by.get('host')).toMatchObject({ state: 'up', version: '27.1.0', apiVersion: '1.41', os: 'linux', arch: 'amd64', tls: false });
    expect(by.get('vm')).toMatchObject({ state: 'down', reason: expect.stringMatching(/^The Berth VM is not running/) });
    expect(by.get('added:hung')).toMatchObject({ state: 'down', error: { code: 'TIMEOUT' } });
    expect(by.get('added:gone')).toMatchObject({ state: 'down', reason: expect.stringMatching(/^No engine socket at .*gone\.sock/) });
  });

  it('list() answers at once (connecting) and tells the probes’ answers through onChange', async () => {
    const dir = tmp();
    const a = await fakeEngine(dir, 'a', '27.1.0');
    const c = catalog(dir, { DOCKER_HOST: `unix://${a}` });
    const seen: EngineEntry[][] = [];
    const done = new Promise<void>((resolve) => c.onChange((l) => (seen.push(l), l[0]?.state === 'up' && resolve())));
    expect(c.list()).toEqual([expect.objectContaining({ id: 'host', state: 'connecting' })]);
    await done;
    expect(c.list()[0]).toMatchObject({ state: 'up', version: '27.1.0' });
    // A second probe keeps the last answer on show while it runs, and `since` stays when the state does.
    const since = c.list()[0]?.since;
    await new Promise((r) => setTimeout(r, 5));
    const again = c.probe('host');
    expect(c.list()[0]?.state).toBe('up');
    await again;
    expect(c.list()[0]?.since).toBe(since);
  });

  it('adding: checked input, a name no engine has, kept in the store; removing only what was added', async () => {
    const dir = tmp();
    const a = await fakeEngine(dir, 'a', '27.1.0');
    const store = memoryEngineStore([{ name: 'kept', url: `unix://${a}` }]);
    const c = catalog(dir, { DOCKER_HOST: `unix://${a}` }, { added: store });
    await expect(c.add({ name: 'bad name!', url: `unix://${a}` })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'name' });
    await expect(c.add({ name: 'x', url: 'ftp://box' })).rejects.toMatchObject({ field: 'url', message: expect.stringMatching(/ssh:\/\/user@host/) });
    await expect(c.add({ name: 'x', url: 'unix://relative' })).rejects.toMatchObject({ field: 'url', message: expect.stringMatching(/absolute socket path/) });
    await expect(c.add({ name: 'x', url: 'ssh://me@box', tls: { ca: '/a', cert: '/b', key: '/c' } })).rejects.toMatchObject({ field: 'tls' });
    await expect(c.add({ name: 'default', url: `unix://${a}` })).rejects.toThrow(/already named "default" \(found on this machine\)/);
    await expect(c.add({ name: 'kept', url: `unix://${a}` })).rejects.toThrow(/added earlier/);
    expect(store.get()).toEqual([{ name: 'kept', url: `unix://${a}` }]);
    const e = await c.add({ name: 'new', url: `unix://${a}` });
    expect(e).toMatchObject({ id: 'added:new', state: 'up' });
    expect(store.get().map((x) => x.name)).toEqual(['kept', 'new']);
    await expect(c.remove('host')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(c.remove('added:nope')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/Known engines: host, added:kept, added:new/) });
    await c.remove('added:kept');
    expect(store.get().map((x) => x.name)).toEqual(['new']);
  });

  it('a host that keeps no settings cannot add or remove', async () => {
    const dir = tmp();
    const c = catalog(dir, { DOCKER_HOST: `unix://${dir}/x.sock` }, { added: { get: () => [{ name: 'old', url: 'unix:///x' }] } });
    await expect(c.add({ name: 'n', url: 'unix:///y' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(c.remove('added:old')).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('the pool: one connection per engine however many hold it, closed when the last lets go', async () => {
    const dir = tmp();
    const a = await fakeEngine(dir, 'a', '27.1.0');
    const c = catalog(dir, { DOCKER_HOST: `unix://${a}` });
    const l1 = c.pool.acquire('host');
    const l2 = c.pool.acquire('host');
    expect(l2.conn).toBe(l1.conn);
    expect(() => c.pool.acquire('added:none')).toThrow(/no engine "added:none"/);
    l1.release();
    l1.release();
    expect(c.pool.inUse()).toEqual(['host']);
    l2.release();
    await new Promise((r) => setTimeout(r, 20));
    expect(c.pool.inUse()).toEqual([]);
  });
});

describe('pickEngine', () => {
  const engines = [
    { id: 'host', name: 'default' },
    { id: 'context:box', name: 'box' },
    { id: 'added:box', name: 'box' },
  ];
  it('by name, else by id; an ambiguous name asks for the id; an unknown one lists the names', () => {
    expect(pickEngine(engines, 'default').id).toBe('host');
    expect(pickEngine(engines, 'added:box').id).toBe('added:box');
    expect(() => pickEngine(engines, 'box')).toThrow(/More than one engine is named "box" \(context:box, added:box\); give its id/);
    expect(() => pickEngine(engines, 'nope')).toThrow(/There is no engine named "nope"\. Known engines: default, box, box\./);
    expect(() => pickEngine([], 'nope')).toThrow(/No engine was found/);
  });
});
