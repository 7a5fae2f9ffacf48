// Running containers for real: published ports answer, --rm cleans up, lifecycle actions, and every error code provoked.
import { stat, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BerthError, ErrorCode } from '../../../app/errors.js';
import { RunSpec, type RunSpecInput } from '../../../app/runspec.js';
import type { Core } from '../api.js';
import { BUSYBOX, TEST_LABEL, cleanupTestObjects, startCore, uniqueName } from '../testing/engine.js';
import { createContainerHandlers } from './containers.js';
import { waitFor } from './containers-testkit.js';

let core: Core;
let h: ReturnType<typeof createContainerHandlers>;
let dir: string;
const images: string[] = [];
const labels = { [TEST_LABEL]: '1' };

beforeAll(async () => {
  core = await startCore();
  h = createContainerHandlers(core.ctx);
  dir = await mkdtemp(join(tmpdir(), 'berth-run-'));
});

afterAll(async () => {
  await cleanupTestObjects(core.ctx.docker);
  for (const i of images) await core.ctx.docker.getImage(i).remove({ force: true }).catch(() => undefined);
  core.dispose();
  await rm(dir, { recursive: true, force: true });
});

const spec = (s: Partial<RunSpecInput>) => RunSpec.parse({ image: BUSYBOX, command: ['sleep', '3600'], ...s, labels: { ...labels, ...s.labels } });
const httpd = (s: Partial<RunSpecInput>) => spec({ command: ['httpd', '-f', '-p', '80', '-h', '/www'], ...s });

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function get(url: string): Promise<string> {
  return waitFor(async () => {
    try {
      const res = await fetch(url);
      return res.ok ? await res.text() : '';
    } catch {
      return '';
    }
  }, 10_000, url);
}

async function failure(p: Promise<unknown>): Promise<BerthError> {
  try {
    await p;
  } catch (e) {
    return e as BerthError;
  }
  throw new Error('expected a failure');
}

function expectCode(e: BerthError, code: ErrorCode, field?: string) {
  expect(e.code, e.message).toBe(code);
  if (field !== undefined) expect(e.field).toBe(field);
}

const exists = (name: string) => core.ctx.docker.getContainer(name).inspect().then(() => true, () => false);

describe('run: behaviour', () => {
  it('an HTTP server answers on its fixed published 127.0.0.1 port', async () => {
    const port = await freePort();
    const r = await h.run(httpd({ ports: [{ hostIp: '127.0.0.1', hostPort: port, containerPort: 80 }] }));
    expect(r.ports).toContainEqual({ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: port });
    expect(await get(`http://127.0.0.1:${port}/`)).toContain('hello from berth');
  });

  it('a dynamic host port is reported and answers', async () => {
    const r = await h.run(httpd({ ports: [{ hostIp: '127.0.0.1', containerPort: 80 }] }));
    const p = r.ports.find((x) => x.containerPort === 80);
    expect(p?.hostPort).toBeGreaterThan(0);
    expect(p?.hostIp).toBe('127.0.0.1');
    expect(await get(`http://127.0.0.1:${p?.hostPort}/`)).toContain('hello from berth');
  });

  it('--rm containers are gone after they exit', async () => {
    const name = uniqueName('rm');
    const r = await h.run(spec({ name, autoRemove: true, command: ['sh', '-c', 'sleep 0.3'] }));
    expect(r.name).toBe(name);
    await waitFor(async () => !(await exists(name)), 15_000, 'auto-removal');
  });

  it('an unnamed --rm container that exits at once still reports the name the engine gave it', async () => {
    const r = await h.run(spec({ autoRemove: true, command: ['true'] }));
    expect(r.name).toMatch(/^[a-z]+_[a-z]+\d*$/);
    // A named, long-lived one gets its name without a second look at the engine.
    const name = uniqueName('named');
    expect((await h.run(spec({ name }))).name).toBe(name);
  });
});

describe('lifecycle', () => {
  it('list, stop, start, restart, pause, unpause, kill, rename, top', async () => {
    const name = uniqueName('life');
    const r = await h.run(spec({ name }));
    await waitFor(async () => (await h.list({ all: true })).find((c) => c.id === r.id), 10_000, 'list');
    const state = async () => (await core.ctx.docker.getContainer(r.id).inspect()).State;
    const top = await h.top({ id: r.id });
    expect(top.titles.length).toBeGreaterThan(0);
    expect(top.processes.some((p) => p.join(' ').includes('sleep'))).toBe(true);
    await h.pause({ id: r.id });
    expect((await state()).Paused).toBe(true);
    await h.unpause({ id: r.id });
    expect((await state()).Paused).toBe(false);
    await h.stop({ id: r.id, timeout: 0 });
    expect((await state()).Running).toBe(false);
    await h.stop({ id: r.id, timeout: 0 }); // already stopped: still ok
    await h.start({ id: r.id });
    await h.start({ id: r.id }); // already started: still ok
    expect((await state()).Running).toBe(true);
    await h.restart({ id: r.id, timeout: 0 });
    expect((await state()).Running).toBe(true);
    await h.kill({ id: r.id, signal: 'KILL' });
    await waitFor(async () => !(await state()).Running, 5_000, 'kill');
    const renamed = uniqueName('renamed');
    await h.rename({ id: r.id, name: renamed });
    expect(await exists(renamed)).toBe(true);
    // The list comes from the event-fed model: it catches up within moments.
    await waitFor(async () => !(await h.list({ all: false })).some((c) => c.id === r.id), 5_000, 'list without the stopped container');
    await h.remove({ id: r.id, force: false, volumes: true });
    expect(await exists(renamed)).toBe(false);
  });

  it('diff, commit and export', async () => {
    const r = await h.run(spec({}));
    const c = core.ctx.docker.getContainer(r.id);
    const exec = await c.exec({ Cmd: ['sh', '-c', 'touch /added && rm /bin/vi && echo x >> /www/index.html'], AttachStdout: true });
    await new Promise<void>((resolve) => void exec.start({}).then((s: NodeJS.ReadableStream) => s.on('end', () => resolve()).resume()));
    const changes = await h.diff({ id: r.id });
    expect(changes).toContainEqual({ path: '/added', kind: 'added' });
    expect(changes).toContainEqual({ path: '/bin/vi', kind: 'deleted' });
    expect(changes).toContainEqual({ path: '/www/index.html', kind: 'modified' });
    const repo = `berth-test/committed-${process.pid}`;
    await expect(h.commit({ id: r.id, repo, tag: 'v1', pause: true, changes: ['FROM scratch'], includeBerthBusybox: false })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'changes' });
    await expect(h.commit({ id: r.id, repo: 'Not A Repo', pause: true, changes: [], includeBerthBusybox: false })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'repo' });
    const { imageId } = await h.commit({ id: r.id, repo, tag: 'v1', comment: 'test', author: 'berth', pause: true, changes: ['CMD ["sleep", "5"]', 'ENV COMMITTED=1', 'EXPOSE 8080/tcp'], includeBerthBusybox: false });
    images.push(imageId);
    expect(imageId).toMatch(/^sha256:/);
    const img = await core.ctx.docker.getImage(`${repo}:v1`).inspect();
    expect(img.Comment).toBe('test');
    expect(img.Author).toBe('berth');
    expect(img.Config.Cmd).toEqual(['sleep', '5']);
    expect(img.Config.Env).toContain('COMMITTED=1');
    expect(Object.keys(img.Config.ExposedPorts ?? {})).toContain('8080/tcp');
    const path = join(dir, 'export.tar');
    const out = await h.export({ id: r.id, path });
    expect(out.path).toBe(path);
    const st = await stat(path);
    expect(out.bytes).toBe(st.size);
    expect(st.size).toBeGreaterThan(1_000_000);
    expect(st.mode & 0o777).toBe(0o600);
  });
});

describe('errors, provoked for real', () => {
  it('PORT_IN_USE: a plain host process holds the port', async () => {
    const holder: Server = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
    const port = (holder.address() as AddressInfo).port;
    try {
      const name = uniqueName('busy');
      const e = await failure(h.run(httpd({ name, ports: [{ hostIp: '127.0.0.1', hostPort: port, containerPort: 80 }] })));
      expectCode(e, 'PORT_IN_USE', 'ports');
      expect(e.message).toContain(String(port));
      expect(await exists(name)).toBe(false);
    } finally {
      holder.close();
    }
  });

  it('PORT_IN_USE: another container holds the port (engine refuses at start)', async () => {
    const port = await freePort();
    await h.run(httpd({ ports: [{ hostIp: '127.0.0.1', hostPort: port, containerPort: 80 }] }));
    const e1 = await failure(h.run(httpd({ ports: [{ hostIp: '127.0.0.1', hostPort: port, containerPort: 80 }] })));
    expectCode(e1, 'PORT_IN_USE', 'ports');
    expect(e1.message).toContain(String(port));
    // create succeeds (ports are claimed at start); start then fails with the engine's own error.
    const created = await h.create(httpd({ ports: [{ hostIp: '127.0.0.1', hostPort: port, containerPort: 80 }] }));
    const e2 = await failure(h.start({ id: created.id }));
    expectCode(e2, 'PORT_IN_USE', 'ports');
    expect(e2.message).toContain(String(port));
  });

  it('a failed start removes the container run created', async () => {
    const name = uniqueName('nostart');
    const e = await failure(h.run(spec({ name, command: ['/no/such/binary'] })));
    expectCode(e, 'INVALID_INPUT', 'command');
    expect(e.message).toContain('/no/such/binary');
    expect(await exists(name)).toBe(false);
  });

  it('NAME_CONFLICT: a name used twice', async () => {
    const name = uniqueName('dup');
    await h.run(spec({ name }));
    const e = await failure(h.run(spec({ name })));
    expectCode(e, 'NAME_CONFLICT', 'name');
    expect(e.message).toContain(name);
    await h.run(spec({ name: uniqueName('other') })).then((r) => expect(failure(h.rename({ id: r.id, name }))).resolves.toMatchObject({ code: 'NAME_CONFLICT', field: 'name' }));
  });

  it('IMAGE_NOT_FOUND: a missing image (no auto-pull)', async () => {
    const e = await failure(h.run(spec({ image: 'berth-test/does-not-exist:nope' })));
    expectCode(e, 'IMAGE_NOT_FOUND', 'image');
    expect(e.message).toMatch(/pull it first/);
  });

  it('CONFLICT: removing a running container without force', async () => {
    const r = await h.run(spec({}));
    const e = await failure(h.remove({ id: r.id, force: false, volumes: false }));
    expectCode(e, 'CONFLICT');
    expect(e.message).toMatch(/force/);
    await h.remove({ id: r.id, force: true, volumes: true });
    expect(await exists(r.id)).toBe(false);
  });

  it('NOT_FOUND: a container that does not exist', async () => {
    const id = uniqueName('ghost');
    const calls = [() => h.inspect({ id }), () => h.start({ id }), () => h.stop({ id }), () => h.remove({ id, force: true, volumes: false }), () => h.diff({ id }), () => h.top({ id }), () => h.kill({ id })];
    for (const call of calls) expectCode(await failure(call()), 'NOT_FOUND');
  });

  it('INVALID_INPUT: names the field', async () => {
    expectCode(await failure(h.run(spec({ name: 'bad name!' }))), 'INVALID_INPUT', 'name');
    expectCode(await failure(h.run(spec({ memory: 1000 }))), 'INVALID_INPUT', 'memory');
    expectCode(await failure(h.run(spec({ cpus: 4096 }))), 'INVALID_INPUT', 'cpus');
    expectCode(await failure(h.run(spec({ capAdd: ['NOT_A_CAP'] }))), 'INVALID_INPUT', 'capAdd');
    expectCode(await failure(h.run(spec({ envFiles: [join(dir, 'missing.env')] }))), 'INVALID_INPUT', 'envFiles.0');
    expectCode(await failure(h.rename({ id: 'x', name: 'no spaces allowed' })), 'INVALID_INPUT', 'name');
    expectCode(await failure(h.export({ id: 'x', path: 'relative.tar' })), 'INVALID_INPUT', 'path');
  });
});
