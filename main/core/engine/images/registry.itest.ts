// Integration: browsing real Debian docker-registry instances (open and htpasswd), push/pull with credentials, remembered sign-ins.
import { execFileSync } from 'node:child_process';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BerthError } from '../../../../app/errors.js';
import type { Sink } from '../../handlers.js';
import { BUSYBOX, startCore, uniqueName } from '../../testing/engine.js';
import type { Core } from '../../api.js';
import { createImageHandlers } from './images.js';
import { createRegistryHandlers, RegistryBrowser, registryTarget } from './registry.js';

const docker = new Docker();
const USER = 'berth';
const PASSWORD = `pw-${process.pid}`;
let core: Core;
let images: ReturnType<typeof createImageHandlers>;
let reg: ReturnType<typeof createRegistryHandlers>;
let open = '';
let locked = '';
const created: string[] = [];

function run<I, C, R>(fn: (input: I, sink: Sink<C, R>) => unknown, input: I): Promise<{ result?: R; error?: BerthError }> {
  return new Promise((resolve) => {
    const sink: Sink<C, R> = { push: () => true, onDrain: () => undefined, end: (result) => resolve({ result }), fail: (e) => resolve({ error: e as BerthError }), signal: new AbortController().signal };
    Promise.resolve(fn(input, sink)).catch((e: unknown) => resolve({ error: e as BerthError }));
  });
}

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: BerthError) => e.code);
const sh = (...args: string[]) => execFileSync('bash', ['scripts/registry.sh', ...args], { encoding: 'utf8' }).trim();

/** Tags the test busybox into a registry and pushes it through the handler. */
async function pushTo(registry: string, repo: string, tag: string, auth?: { username: string; password: string }) {
  const ref = `${registry}/${repo}:${tag}`;
  await images.tag({ source: BUSYBOX, target: ref });
  created.push(ref);
  return run(images.push, auth ? { ref, auth } : { ref });
}

beforeAll(async () => {
  open = sh('start', '--name', 'registry-itest');
  locked = sh('start', '--name', 'registry-itest-auth', '--auth', `${USER}:${PASSWORD}`);
  core = await startCore();
  images = createImageHandlers(core.ctx);
  reg = createRegistryHandlers(core.ctx);
});

afterAll(async () => {
  for (const ref of created) await docker.getImage(ref).remove({ force: true }).catch(() => undefined);
  core?.dispose();
  sh('stop', '--name', 'registry-itest');
  sh('stop', '--name', 'registry-itest-auth');
});

describe('registry browsing (open registry)', () => {
  it('lists repositories (following pagination) and tags', async () => {
    const a = `berth-test/${uniqueName('a')}`;
    const b = `berth-test/${uniqueName('b')}`;
    for (const [repo, tag] of [[a, 'v1'], [a, 'v2'], [b, 'latest']] as const) expect((await pushTo(open, repo, tag)).error).toBeUndefined();
    const repos = await reg.repositories({ registry: open });
    expect(repos).toEqual(expect.arrayContaining([a, b]));
    expect(await reg.tags({ registry: open, repository: a })).toEqual(['v1', 'v2']);
    // One repository per page: the registry answers with Link headers, the browser follows them.
    const paged = await new RegistryBrowser(registryTarget(open)).paged('/v2/_catalog?n=1', 'catalog', (body) => (body as { repositories: string[] }).repositories);
    expect(paged).toEqual(expect.arrayContaining([a, b]));
    expect(paged.length).toBe(repos.length);
  });

  it('NOT_FOUND for a missing repository and for a registry that is not there', async () => {
    expect(await code(reg.tags({ registry: open, repository: 'berth-test/never-pushed' }))).toBe('NOT_FOUND');
    const port = Number(open.split(':')[1]) + 500;
    const err = await reg.repositories({ registry: `127.0.0.1:${port}` }).catch((e: BerthError) => e);
    expect((err as BerthError).code).toBe('NOT_FOUND');
    expect((err as BerthError).message).toMatch(/Nothing answers at http:\/\/127\.0\.0\.1:\d+: is the registry running/);
  });
});

describe('registry with basic auth (htpasswd)', () => {
  it('push needs the credentials: UNAUTHORIZED without, works with them', async () => {
    const repo = `berth-test/${uniqueName('priv')}`;
    const anon = await pushTo(locked, repo, 'v1');
    expect(anon.error?.code).toBe('UNAUTHORIZED');
    const wrong = await pushTo(locked, repo, 'v1', { username: USER, password: 'wrong' });
    expect(wrong.error?.code).toBe('UNAUTHORIZED');
    const ok = await pushTo(locked, repo, 'v1', { username: USER, password: PASSWORD });
    expect(ok.error).toBeUndefined();
    expect(ok.result?.digest).toMatch(/^sha256:/);
  });

  it('browsing needs the credentials: UNAUTHORIZED without or wrong, the lists with them', async () => {
    const repo = `berth-test/${uniqueName('browse')}`;
    expect((await pushTo(locked, repo, 'v3', { username: USER, password: PASSWORD })).error).toBeUndefined();
    expect(await code(reg.repositories({ registry: locked }))).toBe('UNAUTHORIZED');
    expect(await code(reg.repositories({ registry: locked, auth: { username: USER, password: 'nope' } }))).toBe('UNAUTHORIZED');
    expect(await reg.repositories({ registry: locked, auth: { username: USER, password: PASSWORD } })).toContain(repo);
    expect(await reg.tags({ registry: locked, repository: repo, auth: { username: USER, password: PASSWORD } })).toEqual(['v3']);
  });

  it('pull of a private image: UNAUTHORIZED without credentials, works with them', async () => {
    const repo = `berth-test/${uniqueName('pull')}`;
    expect((await pushTo(locked, repo, 'v1', { username: USER, password: PASSWORD })).error).toBeUndefined();
    const ref = `${locked}/${repo}:v1`;
    await images.remove({ id: ref, force: false, noPrune: false });
    const anon = await run(images.pull, { ref });
    expect(anon.error?.code).toBe('UNAUTHORIZED');
    const ok = await run(images.pull, { ref, auth: { username: USER, password: PASSWORD } });
    expect(ok.error).toBeUndefined();
    expect(ok.result?.id).toBe((await docker.getImage(BUSYBOX).inspect()).Id);
  });
});

describe('remembered sign-ins (htpasswd registry)', () => {
  const yes = { acceptPlaintext: true };

  it('remembers after a browse that worked; browse, pull and push then need no typing; forgetting stops it', async () => {
    const store = core.ctx.credentials!;
    await store.forget(locked);
    const repo = `berth-test/${uniqueName('remember')}`;
    expect((await pushTo(locked, repo, 'v1', { username: USER, password: PASSWORD })).error).toBeUndefined();
    // Refused credentials are not remembered; no consent to clear text refuses before anything is sent.
    expect(await code(reg.repositories({ registry: locked, auth: { username: USER, password: 'wrong' }, remember: yes }))).toBe('UNAUTHORIZED');
    expect(await code(reg.repositories({ registry: locked, auth: { username: USER, password: PASSWORD }, remember: { acceptPlaintext: false } }))).toBe('INVALID_INPUT');
    expect((await store.list()).entries).toEqual([]);
    expect(await reg.repositories({ registry: locked, auth: { username: USER, password: PASSWORD }, remember: yes })).toContain(repo);
    expect((await store.list()).entries).toEqual([expect.objectContaining({ host: locked, username: USER, encrypted: false, usable: true })]);

    expect(await reg.repositories({ registry: `http://${locked}/` })).toContain(repo);
    expect(await reg.tags({ registry: locked, repository: repo })).toEqual(['v1']);
    const ref = `${locked}/${repo}:v1`;
    await images.remove({ id: ref, force: false, noPrune: false });
    expect((await run(images.pull, { ref })).error).toBeUndefined();
    expect((await pushTo(locked, repo, 'v2')).error).toBeUndefined();

    expect(await store.forget(locked)).toBe(true);
    expect(await code(reg.repositories({ registry: locked }))).toBe('UNAUTHORIZED');
  });

  it('remembered credentials that stopped working say so, and how to replace them', async () => {
    const store = core.ctx.credentials!;
    await store.remember(locked, { username: USER, password: 'changed-since' }, yes);
    const err = await reg.repositories({ registry: locked }).catch((e: BerthError) => e);
    expect((err as BerthError).code).toBe('UNAUTHORIZED');
    expect((err as BerthError).message).toMatch(/remembered for 127\.0\.0\.1:\d+ \(berth\): sign in again to replace it, or forget it in Settings/);
    const repo = `berth-test/${uniqueName('stale')}`;
    const pushed = await pushTo(locked, repo, 'v1');
    expect(pushed.error?.code).toBe('UNAUTHORIZED');
    expect(pushed.error?.message).toMatch(/remembered for/);
    await store.forget(locked);
  });
});
