// Integration: images on the real dockerd — push/pull through a local registry, tag, remove, prune, import, save/load, build.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../../../app/api.js';
import type { BerthError } from '../../../../app/errors.js';
import { LIMITS, type ServerMessage } from '../../../../app/protocol.js';
import type { PullChunk } from '../../../../app/model.js';
import type { Core } from '../../api.js';
import type { Sink, StreamControl } from '../../handlers.js';
import { createSession } from '../../session.js';
import { BUSYBOX, cleanupTestObjects, startCore, TEST_LABEL, uniqueName } from '../../testing/engine.js';
import { createImageHandlers } from './images.js';

type StreamFn<I, C, R> = (input: I, sink: Sink<C, R>) => StreamControl | Promise<StreamControl>;

/** Runs a stream handler to its end, collecting chunks, the result or the error. */
export async function drain<I, C, R>(fn: StreamFn<I, C, R>, input: I): Promise<{ chunks: C[]; result?: R; error?: BerthError }> {
  const chunks: C[] = [];
  const ac = new AbortController();
  return new Promise((resolve) => {
    const sink = {
      push: (c: C) => (chunks.push(c), true),
      onDrain: () => undefined,
      end: (result: R) => resolve({ chunks, result }),
      fail: (error: unknown) => resolve({ chunks, error: error as BerthError }),
      signal: ac.signal,
    };
    Promise.resolve(fn(input, sink)).catch((error: unknown) => resolve({ chunks, error: error as BerthError }));
  });
}

const docker = new Docker();
const work = mkdtempSync(join(tmpdir(), 'berth-images-'));
const created: string[] = [];
let core: Core;
let h: ReturnType<typeof createImageHandlers>;
let registry = '';

/** A tar of a root filesystem with a random file, so its layer exists nowhere else. */
async function randomRootfs(bytes: number): Promise<string> {
  const path = join(work, `${uniqueName('rootfs')}.tar`);
  const p = pack();
  p.entry({ name: 'data.bin', mode: 0o644 }, randomBytes(bytes));
  p.entry({ name: 'hello.txt', mode: 0o644 }, 'hello\n');
  p.finalize();
  const parts: Buffer[] = [];
  for await (const b of p as unknown as AsyncIterable<Buffer>) parts.push(b);
  writeFileSync(path, Buffer.concat(parts));
  return path;
}

/** A fresh image with its own id (FROM busybox plus a unique label), built through the handler. */
async function uniqueImage(tag: string): Promise<string> {
  const dir = mkdtempSync(join(work, 'ctx-'));
  writeFileSync(join(dir, 'Dockerfile'), `FROM ${BUSYBOX}\nLABEL ${TEST_LABEL}=1 unique=${tag.replace(/[^a-z0-9]/g, '')}\n`);
  const r = await drain(h.build, { context: dir, dockerfile: 'Dockerfile', tags: [tag], buildArgs: {}, noCache: false, pull: false });
  if (!r.result) throw r.error ?? new Error('build gave no result');
  created.push(tag);
  return r.result.id;
}

const exists = (ref: string) => docker.getImage(ref).inspect().then(() => true, () => false);

beforeAll(async () => {
  registry = execFileSync('bash', ['scripts/registry.sh', 'start', '--name', 'images-itest'], { encoding: 'utf8' }).trim();
  core = await startCore();
  h = createImageHandlers(core.ctx);
});

afterAll(async () => {
  await cleanupTestObjects(docker);
  for (const ref of created.reverse()) await docker.getImage(ref).remove({ force: true }).catch(() => undefined);
  core?.dispose();
  rmSync(work, { recursive: true, force: true });
  execFileSync('bash', ['scripts/registry.sh', 'stop', '--name', 'images-itest']);
});

describe('images: import, push and pull through a local registry', () => {
  it('imports a tar with changes, pushes it, deletes it, and pulls it back with per-layer progress', async () => {
    const ref = `${registry}/berth-test/${uniqueName('rt')}:v1`;
    const tarPath = await randomRootfs(3 * 1024 * 1024);
    const imported = await h.import({ path: tarPath, ref, changes: ['CMD ["sh"]', `LABEL ${TEST_LABEL}=1`] });
    created.push(ref);
    expect(imported.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    const info = (await h.inspect({ id: ref })) as { Config: { Cmd: string[]; Labels: Record<string, string> } };
    expect(info.Config.Cmd).toEqual(['sh']);
    expect(info.Config.Labels[TEST_LABEL]).toBe('1');

    const pushed = await drain(h.push, { ref });
    expect(pushed.error).toBeUndefined();
    expect(pushed.result?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(pushed.chunks.some((c) => c.layers.some((l) => /Pushed|Pushing/.test(l.status)))).toBe(true);

    await h.remove({ id: ref, force: false, noPrune: false });
    expect(await exists(ref)).toBe(false);

    const pulled = await drain(h.pull, { ref });
    expect(pulled.error).toBeUndefined();
    expect(pulled.result?.id).toBe(imported.id);
    const all: PullChunk['layers'] = pulled.chunks.flatMap((c) => c.layers);
    expect(all.length).toBeGreaterThan(0);
    expect(all.some((l) => /Downloading|Extracting/.test(l.status) && typeof l.total === 'number' && l.total > 0)).toBe(true);
    const last = pulled.chunks.at(-1);
    expect(last?.layers.every((l) => /Pull complete|Already exists/.test(l.status))).toBe(true);
    expect(last?.status).toMatch(/Downloaded newer image|Image is up to date/);
  });

  it('IMAGE_NOT_FOUND for a repository the registry does not have, and for pushing an image that is not here', async () => {
    const missing = await drain(h.pull, { ref: `${registry}/berth-test/does-not-exist-${Date.now()}:latest` });
    expect(missing.error?.code).toBe('IMAGE_NOT_FOUND');
    const push = await drain(h.push, { ref: `${registry}/berth-test/not-here-${Date.now()}:v1` });
    expect(push.error?.code).toBe('IMAGE_NOT_FOUND');
    const bad = await drain(h.pull, { ref: 'Not A Ref' });
    expect(bad.error?.code).toBe('INVALID_INPUT');
  });
});

describe('images: tag, list, inspect, history, remove, prune', () => {
  it('tags an image, lists and inspects it, reads its history, removes the tag', async () => {
    const tag = `berth-test/${uniqueName('tag')}:t1`;
    await h.tag({ source: BUSYBOX, target: tag });
    created.push(tag);
    const deadline = Date.now() + 3000;
    let listed = false;
    while (!listed && Date.now() < deadline) {
      listed = (await h.list()).some((i) => i.repoTags.includes(tag));
      if (!listed) await new Promise((r) => setTimeout(r, 100));
    }
    expect(listed).toBe(true);
    const info = (await h.inspect({ id: tag })) as { Config: { Env: string[] } };
    expect(info.Config.Env).toContain('PATH=/bin');
    const hist = await h.history({ id: tag });
    expect(hist.length).toBeGreaterThan(0);
    expect(hist[0]?.tags).toContain(tag);
    const r = await h.remove({ id: tag, force: false, noPrune: false });
    expect(r.untagged).toContain(tag);
    expect(r.deleted).toEqual([]);
    expect(await h.inspect({ id: tag }).catch((e: BerthError) => e.code)).toBe('IMAGE_NOT_FOUND');
    expect(await h.tag({ source: 'berth-test/nope:nope', target: 'x:y' }).catch((e: BerthError) => e.code)).toBe('IMAGE_NOT_FOUND');
  });

  it('refuses to remove an image a container uses: CONFLICT naming the container; force cannot beat a running one', async () => {
    const tag = `berth-test/${uniqueName('inuse')}:v1`;
    const id = await uniqueImage(tag);
    const name = uniqueName('user');
    const c = await docker.createContainer({ name, Image: tag, Cmd: ['sleep', '60'], Labels: { [TEST_LABEL]: '1' } });
    const stopped = await h.remove({ id: tag, force: false, noPrune: false }).catch((e: BerthError) => e);
    expect((stopped as BerthError).code).toBe('CONFLICT');
    expect((stopped as BerthError).message).toBe(`Image ${tag} is used by container ${name}; stop and remove it first or force.`);
    await c.start();
    const running = await h.remove({ id, force: true, noPrune: false }).catch((e: BerthError) => e);
    expect((running as BerthError).code).toBe('CONFLICT');
    expect((running as BerthError).message).toContain(`running container ${name}`);
    await c.remove({ force: true });
    const r = await h.remove({ id: tag, force: false, noPrune: false });
    expect(r.deleted).toContain(id);
  });

  it('prunes dangling images', async () => {
    const tarPath = await randomRootfs(1024);
    const { id } = await h.import({ path: tarPath, changes: [`LABEL ${TEST_LABEL}=1`] });
    created.push(id);
    const before = await h.list();
    expect(before.find((i) => i.id === id)?.dangling ?? true).toBe(true);
    const r = await h.prune({ all: false });
    expect(r.deleted).toContain(id);
    expect(await exists(id)).toBe(false);
  });
});

describe('images: save and load', () => {
  it('saves to a 0600 file, and loads it back', async () => {
    const tag = `berth-test/${uniqueName('save')}:v1`;
    const id = await uniqueImage(tag);
    const path = join(work, 'saved.tar');
    const saved = await h.save({ refs: [tag], path });
    expect(saved.path).toBe(path);
    expect(saved.bytes).toBeGreaterThan(1000);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await h.remove({ id: tag, force: true, noPrune: false });
    expect(await exists(tag)).toBe(false);
    const loaded = await h.load({ path });
    expect(loaded.loaded).toContain(tag);
    expect((await docker.getImage(tag).inspect()).Id).toBe(id);
    expect(await h.save({ refs: ['berth-test/nope:nope'], path: join(work, 'x.tar') }).catch((e: BerthError) => e.code)).toBe('IMAGE_NOT_FOUND');
    expect(await h.load({ path: join(work, 'missing.tar') }).catch((e: BerthError) => e.code)).toBe('INVALID_INPUT');
    writeFileSync(join(work, 'junk.tar'), 'not a tar');
    expect(await h.load({ path: join(work, 'junk.tar') }).catch((e: BerthError) => e.code)).toBe('INVALID_INPUT');
  });
});

describe('images: build', () => {
  it('builds from a folder with a Dockerfile, streams the lines, tags the image, honours build args and .dockerignore', async () => {
    const dir = mkdtempSync(join(work, 'build-'));
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${BUSYBOX}\nARG GREETING=hi\nLABEL ${TEST_LABEL}=1\nCOPY . /ctx/\nRUN echo "$GREETING" > /x && test "$GREETING" = hello && test ! -e /ctx/secret.txt\nCMD ["cat", "/x"]\n`);
    writeFileSync(join(dir, '.dockerignore'), 'secret.txt\n');
    writeFileSync(join(dir, 'secret.txt'), 'do not send');
    writeFileSync(join(dir, 'app.txt'), 'app');
    const tag = `berth-test/${uniqueName('build')}:v1`;
    const r = await drain(h.build, { context: dir, dockerfile: 'Dockerfile', tags: [tag], buildArgs: { GREETING: 'hello' }, noCache: true, pull: false });
    created.push(tag);
    expect(r.error).toBeUndefined();
    const lines = r.chunks.flatMap((c) => c.lines);
    expect(lines.some((l) => l.startsWith('Step 1/'))).toBe(true);
    expect(lines.some((l) => /^Successfully built [0-9a-f]{12}$/.test(l))).toBe(true);
    expect(lines).toContain(`Successfully tagged ${tag}`);
    const info = (await h.inspect({ id: tag })) as { Id: string; Config: { Cmd: string[] } };
    expect(info.Id).toBe(r.result?.id);
    expect(info.Config.Cmd).toEqual(['cat', '/x']);
  });

  it('a failing step fails the stream with INVALID_INPUT and the build\'s own words, after the lines before it', async () => {
    const dir = mkdtempSync(join(work, 'build-'));
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${BUSYBOX}\nLABEL ${TEST_LABEL}=1\nRUN echo about to fail && exit 3\n`);
    const r = await drain(h.build, { context: dir, dockerfile: 'Dockerfile', tags: [], buildArgs: {}, noCache: true, pull: false });
    expect(r.error?.code).toBe('INVALID_INPUT');
    expect(r.error?.message).toContain('returned a non-zero code: 3');
    expect(r.chunks.flatMap((c) => c.lines)).toContain('about to fail');
    const parse = await drain(h.build, { context: dir, dockerfile: 'Nope.Dockerfile', tags: [], buildArgs: {}, noCache: false, pull: false });
    expect(parse.error?.code).toBe('INVALID_INPUT');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM berth-test/busybox\nFROBNICATE now\n');
    const bad = await drain(h.build, { context: dir, dockerfile: 'Dockerfile', tags: [], buildArgs: {}, noCache: false, pull: false });
    expect(bad.error?.code).toBe('INVALID_INPUT');
    expect(bad.error?.message.toLowerCase()).toContain('unknown instruction');
  });
});

describe('images through a session: flow control end to end', () => {
  it('a build whose window stops acking is paused at the high-water mark, resumes on ack, and loses no line', async () => {
    const dir = mkdtempSync(join(work, 'flow-'));
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${BUSYBOX}\nLABEL ${TEST_LABEL}=1\nRUN for i in $(seq 1 300); do echo line $i; sleep 0.005; done\n`);
    const sent: ServerMessage[] = [];
    const session = createSession(api, { images: h }, core.bus, { send: (m) => sent.push(m) });
    session.handle(JSON.stringify({ t: 'open', sid: 1, ch: 'images.build', in: { context: dir, noCache: true } }));
    const data = () => sent.filter((m) => m.t === 'data');
    const ended = () => sent.some((m) => m.t === 'end');
    // Wait until the stream stops at the high-water mark (the RUN prints for at least 1.5 s, far longer than 32 batches).
    let last = -1;
    for (let stable = 0; stable < 5 && !ended(); ) {
      await new Promise((r) => setTimeout(r, 100));
      stable = data().length === last && last > 0 ? stable + 1 : 0;
      last = data().length;
    }
    expect(ended()).toBe(false);
    expect(data()).toHaveLength(LIMITS.highWater);
    // Now read like a window that keeps up: ack everything as it arrives.
    let acked = 0;
    while (!ended()) {
      const n = data().length - acked;
      if (n > 0) session.handle(JSON.stringify({ t: 'ack', sid: 1, n }));
      acked += n;
      await new Promise((r) => setTimeout(r, 20));
    }
    const end = sent.find((m) => m.t === 'end') as Extract<ServerMessage, { t: 'end' }>;
    expect(end.err).toBeUndefined();
    const id = (end.result as { id: string }).id;
    created.push(id);
    const lines = data().flatMap((m) => (m as { chunk: { lines: string[] } }).chunk.lines).filter((l) => l.startsWith('line '));
    expect(lines).toEqual(Array.from({ length: 300 }, (_, i) => `line ${i + 1}`));
    session.dispose();
  });

  it('errors cross the session as wire errors with codes', async () => {
    const sent: ServerMessage[] = [];
    const session = createSession(api, { images: h }, core.bus, { send: (m) => sent.push(m) });
    session.handle(JSON.stringify({ t: 'open', sid: 7, ch: 'images.pull', in: { ref: `${registry}/berth-test/none-${Date.now()}` } }));
    session.handle(JSON.stringify({ t: 'req', id: 8, ch: 'images.inspect', in: { id: 'berth-test/none:none' } }));
    for (let i = 0; i < 100 && sent.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(sent).toContainEqual(expect.objectContaining({ t: 'end', sid: 7, err: expect.objectContaining({ code: 'IMAGE_NOT_FOUND' }) }));
    expect(sent).toContainEqual(expect.objectContaining({ t: 'res', id: 8, ok: false, err: expect.objectContaining({ code: 'IMAGE_NOT_FOUND' }) }));
    session.dispose();
  });
});
