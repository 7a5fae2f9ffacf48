// Two real engines at once: the host's dockerd (or one more of our own when it is down) and a second dockerd; real docker contexts.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestPki, type TestPki } from '../engine/link/tls-testkit.js';
import { startSshd, type TestSshd } from '../remote/sshd.js';
import { freeLoopbackPort } from '../testing/ports.js';
import { startSecondDockerd, type SecondDockerd } from '../testing/second-dockerd.js';
import { EngineCatalog, memoryEngineStore } from './catalog.js';
import type { EngineLease } from './pool.js';

const TEST_LABEL = 'berth.test';

/** Resolves once a pooled engine's connection is up. */
function isUp(l: EngineLease): Promise<void> {
  return new Promise<void>((resolve) => {
    if (l.conn.getStatus().state === 'up') return resolve();
    const off = l.conn.onStatus((s) => s.state === 'up' && (off(), resolve()));
  });
}

const hostAnswers = () => new Docker({ socketPath: '/var/run/docker.sock', timeout: 3000 }).ping().then(() => true, () => false);

describe('engines: several real engines at once', () => {
  let second: SecondDockerd;
  let standIn: SecondDockerd | undefined;
  let hostDocker: Docker;
  let tmp: string;
  let env: Record<string, string | undefined>;
  let catalog: EngineCatalog;
  let sshPort: number;
  let pki: TestPki;
  let sshd: TestSshd;

  beforeAll(async () => {
    pki = makeTestPki();
    sshd = await startSshd();
    second = await startSecondDockerd();
    // The host's dockerd is the first engine; when another test run has it stopped, one more of our own stands in (as DOCKER_HOST).
    if (!(await hostAnswers())) standIn = await startSecondDockerd();
    hostDocker = standIn ? standIn.docker : new Docker({ socketPath: '/var/run/docker.sock' });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-engines-'));
    const config = path.join(tmp, 'docker-config');
    fs.mkdirSync(config);
    env = { PATH: process.env.PATH, DOCKER_CONFIG: config, ...(standIn ? { DOCKER_HOST: standIn.url } : {}) };
    const docker = (...args: string[]) => execFileSync('docker', args, { env: { ...env, DOCKER_HOST: undefined } as NodeJS.ProcessEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    // The real docker CLI writes the contexts: one on the second socket, one tcp:// with TLS files, one over SSH to a closed port.
    docker('context', 'create', 'second', '--description', 'the second dockerd', '--docker', `host=${second.url}`);
    // The CLI checks the files when it copies them in; the copy is then damaged, as a half-restored backup would be.
    const pem = pki.certPath;
    const tlsPort = await freeLoopbackPort();
    docker('context', 'create', 'broken-tls', '--docker', `host=tcp://127.0.0.1:${tlsPort},ca=${pem}/ca.pem,cert=${pem}/cert.pem,key=${pem}/key.pem`);
    const tlsDirs = fs.readdirSync(path.join(config, 'contexts', 'tls'));
    expect(tlsDirs).toHaveLength(1);
    fs.writeFileSync(path.join(config, 'contexts', 'tls', tlsDirs[0] as string, 'docker', 'ca.pem'), '-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n');
    sshPort = await freeLoopbackPort();
    docker('context', 'create', 'ssh-closed', '--docker', `host=ssh://${os.userInfo().username}@127.0.0.1:${sshPort}`);
    docker('context', 'use', 'second');
    const remote = { agent: '', identityFiles: [sshd.identityFile], knownHostsFiles: [sshd.knownHostsFile] };
    catalog = new EngineCatalog({ home: path.join(tmp, 'home'), env, userHome: tmp, added: memoryEngineStore(), probeTimeoutMs: 5000, lingerMs: 0, remote });
  });

  afterAll(async () => {
    await catalog?.dispose();
    const filters = JSON.stringify({ label: [TEST_LABEL] });
    const vs = await hostDocker?.listVolumes({ filters }).catch(() => undefined);
    await Promise.all((vs?.Volumes ?? []).map((v) => hostDocker.getVolume(v.Name).remove({ force: true }).catch(() => undefined)));
    await second?.stop();
    await standIn?.stop();
    await sshd?.stop();
    pki?.dispose();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('lists both engines up with their versions, and finds the context the docker CLI made', async () => {
    const list = await catalog.probeAll();
    const byId = new Map(list.map((e) => [e.id, e]));
    const host = byId.get('host');
    const ctx = byId.get('context:second');
    const expected = (await second.docker.version()).Version;
    expect(host).toMatchObject({ state: 'up', source: 'host', name: 'default' });
    expect(host?.version).toBe((await hostDocker.version()).Version);
    expect(ctx).toMatchObject({ state: 'up', source: 'context', kind: 'socket', url: second.url, version: expected, current: true, description: 'the second dockerd' });
  });

  it('a context with broken TLS material and an SSH host that refuses each say why, and the others stay up', async () => {
    const list = await catalog.probeAll();
    const byId = new Map(list.map((e) => [e.id, e]));
    const tls = byId.get('context:broken-tls');
    expect(tls).toMatchObject({ state: 'down', kind: 'tcp', tls: true });
    expect(tls?.reason).toMatch(/^Docker context "broken-tls": .*ca\.pem is not a PEM certificate\. Fix its files in .*contexts\/tls\//);
    const ssh = byId.get('context:ssh-closed');
    expect(ssh).toMatchObject({ state: 'down', kind: 'ssh', error: { code: 'ENGINE_UNREACHABLE' } });
    expect(ssh?.reason).toBe(`127.0.0.1:${sshPort} refused the connection: nothing accepts SSH there. Check the host and port in ${ssh?.url}, and that sshd runs there.`);
    expect(byId.get('host')?.state).toBe('up');
    expect(byId.get('context:second')?.state).toBe('up');
  });

  it('an added engine is probed at once; bad input is refused and keeps what was there', async () => {
    const added = await catalog.add({ name: 'second-again', url: second.url });
    expect(added).toMatchObject({ id: 'added:second-again', state: 'up', source: 'added' });
    await expect(catalog.add({ name: 'second', url: second.url })).rejects.toThrow(/already named "second" \(a docker context\)/);
    await expect(catalog.add({ name: 'x', url: 'tcp://nohost' })).rejects.toThrow(/needs host:port/);
    expect(catalog.specs().filter((s) => s.source === 'added').map((s) => s.name)).toEqual(['second-again']);
    await catalog.remove('added:second-again');
    await expect(catalog.remove('context:second')).rejects.toThrow(/docker context rm second/);
  });

  it('the pool keeps one live model per engine in use, each with only its own objects, and closes what is released', async () => {
    const name = `berth-engines-${process.pid}-${Date.now().toString(36)}`;
    await second.docker.createVolume({ Name: name, Labels: { [TEST_LABEL]: '1' } });
    const a = catalog.pool.acquire('host');
    const b = catalog.pool.acquire('context:second');
    const b2 = catalog.pool.acquire('context:second');
    expect(b2.conn).toBe(b.conn);
    await Promise.all([isUp(a), isUp(b)]);
    expect(b.model.volumes.has(name)).toBe(true);
    expect(a.model.volumes.has(name)).toBe(false);
    expect(catalog.pool.inUse().sort()).toEqual(['context:second', 'host']);
    b.release();
    expect(catalog.pool.inUse()).toContain('context:second');
    b2.release();
    a.release();
    await new Promise((r) => setTimeout(r, 50));
    expect(catalog.pool.inUse()).toEqual([]);
    await second.docker.getVolume(name).remove();
  });

  it('an ssh:// engine through the real sshd on 127.0.0.1 is up, probed and pooled over one SSH link', async () => {
    const url = `ssh://${sshd.user}@127.0.0.1:${sshd.port}${second.socketPath}`;
    const e = await catalog.add({ name: 'over-ssh', url });
    expect(e, e.reason).toMatchObject({ kind: 'ssh', state: 'up', version: (await second.docker.version()).Version });
    // Two engines on the same URL are probed at once, each over its own link.
    await catalog.add({ name: 'over-ssh-too', url });
    const both = await Promise.all([catalog.probe('added:over-ssh'), catalog.probe('added:over-ssh-too')]);
    expect(both.map((x) => [x.state, x.reason])).toEqual([['up', undefined], ['up', undefined]]);
    await catalog.remove('added:over-ssh-too');
    const lease = catalog.pool.acquire('added:over-ssh');
    await isUp(lease);
    expect(lease.conn.endpoint.remoteHost).toBe('127.0.0.1');
    // A probe of an engine in use goes through its live connection.
    expect((await catalog.probe('added:over-ssh')).state).toBe('up');
    lease.release();
    await catalog.remove('added:over-ssh');
    expect(catalog.pool.inUse()).not.toContain('added:over-ssh');
  });
});
