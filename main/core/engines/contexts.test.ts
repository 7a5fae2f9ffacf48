// Docker contexts as the docker CLI writes them, and each kind of engine they become.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { currentContextName, dockerConfigDir, readDockerContexts } from './contexts.js';
import { contextEngine } from './discover.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function config(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-ctx-'));
  dirs.push(d);
  return d;
}

/** Writes a context the way `docker context create` does: meta/<sha256(name)>/meta.json, TLS files in tls/<same>/docker/. */
function writeContext(cfg: string, name: string, docker: Record<string, unknown> | undefined, opts: { tls?: string[]; description?: string; raw?: string } = {}): string {
  const id = createHash('sha256').update(name).digest('hex');
  const dir = path.join(cfg, 'contexts', 'meta', id);
  fs.mkdirSync(dir, { recursive: true });
  const meta = { Name: name, Metadata: opts.description ? { Description: opts.description } : {}, Endpoints: docker ? { docker } : {} };
  fs.writeFileSync(path.join(dir, 'meta.json'), opts.raw ?? JSON.stringify(meta));
  if (opts.tls) {
    const t = path.join(cfg, 'contexts', 'tls', id, 'docker');
    fs.mkdirSync(t, { recursive: true });
    for (const f of opts.tls) fs.writeFileSync(path.join(t, f), 'pem');
  }
  return id;
}

describe('docker contexts', () => {
  it('DOCKER_CONFIG, else ~/.docker; the current context from DOCKER_CONTEXT, else config.json, else default', () => {
    expect(dockerConfigDir({ DOCKER_CONFIG: '/c' }, '/home/ada')).toBe('/c');
    expect(dockerConfigDir({}, '/home/ada')).toBe('/home/ada/.docker');
    const cfg = config();
    expect(currentContextName(cfg, {})).toBe('default');
    fs.writeFileSync(path.join(cfg, 'config.json'), JSON.stringify({ currentContext: 'box' }));
    expect(currentContextName(cfg, {})).toBe('box');
    expect(currentContextName(cfg, { DOCKER_CONTEXT: 'other' })).toBe('other');
  });

  it('reads unix, ssh and tcp contexts with their TLS folder, sorted by name; none without a contexts folder', () => {
    const cfg = config();
    expect(readDockerContexts(cfg, {})).toEqual([]);
    writeContext(cfg, 'zeta', { Host: 'unix:///run/user/1000/docker.sock', SkipTLSVerify: false }, { description: 'rootless' });
    writeContext(cfg, 'box', { Host: 'ssh://me@box:2222' });
    const id = writeContext(cfg, 'prod', { Host: 'tcp://10.0.0.5:2376', SkipTLSVerify: false }, { tls: ['ca.pem', 'cert.pem', 'key.pem'] });
    fs.writeFileSync(path.join(cfg, 'config.json'), JSON.stringify({ currentContext: 'prod' }));
    const list = readDockerContexts(cfg, {});
    expect(list.map((c) => c.name)).toEqual(['box', 'prod', 'zeta']);
    const prod = list[1];
    expect(prod).toMatchObject({ host: 'tcp://10.0.0.5:2376', current: true, id, tls: { ca: path.join(cfg, 'contexts', 'tls', id, 'docker', 'ca.pem') } });
    const engines = list.map(contextEngine);
    expect(engines.map((e) => [e.id, e.kind, e.url, Boolean(e.endpoint?.tls), e.problem?.message])).toEqual([
      ['context:box', 'ssh', 'ssh://me@box:2222', false, undefined],
      ['context:prod', 'tcp', 'tcp://10.0.0.5:2376', true, undefined],
      ['context:zeta', 'socket', 'unix:///run/user/1000/docker.sock', false, undefined],
    ]);
    expect(engines[1]?.endpoint?.tls?.certPath).toBe(path.join(cfg, 'contexts', 'tls', id, 'docker'));
    expect(engines[1]?.tlsOwner?.whose).toBe('Docker context "prod"');
    expect(engines[2]?.description).toBe('rootless');
  });

  it('a context that skips TLS verification, has no docker endpoint, a bad URL or an unreadable meta.json is listed with why', () => {
    const cfg = config();
    writeContext(cfg, 'insecure', { Host: 'tcp://10.0.0.5:2376', SkipTLSVerify: true });
    writeContext(cfg, 'k8s-only', undefined);
    writeContext(cfg, 'weird', { Host: 'fd://3' });
    const broken = writeContext(cfg, 'broken', { Host: 'unix:///x' }, { raw: '{ not json' });
    const engines = readDockerContexts(cfg, {}).map(contextEngine);
    const byName = new Map(engines.map((e) => [e.name, e]));
    expect(byName.get('insecure')?.problem?.message).toMatch(/skips verifying the engine's certificate \(SkipTLSVerify\).*docker context update insecure/);
    expect(byName.get('k8s-only')?.problem?.message).toMatch(/has no docker endpoint/);
    expect(byName.get('weird')?.problem?.message).toMatch(/scheme "fd" is not supported/);
    const b = byName.get(broken.slice(0, 12));
    expect(b?.problem?.message).toMatch(/cannot be read .*docker context rm/);
  });
});
