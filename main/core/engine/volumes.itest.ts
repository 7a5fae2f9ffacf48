// Integration: volumes on the real dockerd — create, list, inspect, remove (in use -> CONFLICT), prune, NOT_FOUND.
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BerthError } from '../../../app/errors.js';
import type { Core } from '../api.js';
import { BUSYBOX, cleanupTestObjects, startCore, TEST_LABEL, uniqueName } from '../testing/engine.js';
import { createVolumeHandlers } from './volumes.js';

const docker = new Docker();
let core: Core;
let h: ReturnType<typeof createVolumeHandlers>;
const labels = { [TEST_LABEL]: '1' };
const err = (p: Promise<unknown>) => p.then(() => undefined, (e: BerthError) => e);

beforeAll(async () => {
  core = await startCore();
  h = createVolumeHandlers(core.ctx);
});
afterAll(async () => {
  await cleanupTestObjects(docker);
  core?.dispose();
});

describe('volumes', () => {
  it('creates, lists, inspects and removes a named volume', async () => {
    const name = uniqueName('vol');
    const v = await h.create({ name, driver: 'local', labels: { ...labels, team: 'a' }, driverOpts: {} });
    expect(v).toMatchObject({ name, driver: 'local', labels: { [TEST_LABEL]: '1', team: 'a' }, scope: 'local' });
    expect(v.mountpoint).toContain(name);
    const deadline = Date.now() + 3000;
    let listed = false;
    while (!listed && Date.now() < deadline) {
      listed = (await h.list()).some((x) => x.name === name);
      if (!listed) await new Promise((r) => setTimeout(r, 100));
    }
    expect(listed).toBe(true);
    const info = (await h.inspect({ name })) as { Name: string; Labels: Record<string, string> };
    expect(info.Name).toBe(name);
    expect(info.Labels.team).toBe('a');
    expect((await err(h.create({ name, driver: 'local', labels, driverOpts: {} })))?.code).toBe('NAME_CONFLICT');
    await h.remove({ name, force: false });
    expect((await err(h.inspect({ name })))?.code).toBe('NOT_FOUND');
  });

  it('NOT_FOUND for a missing volume; INVALID_INPUT for a bad name', async () => {
    const missing = await err(h.inspect({ name: 'berth-no-such-volume' }));
    expect(missing?.code).toBe('NOT_FOUND');
    expect(missing?.message).toBe('There is no volume named berth-no-such-volume.');
    expect((await err(h.remove({ name: 'berth-no-such-volume', force: false })))?.code).toBe('NOT_FOUND');
    expect((await err(h.create({ name: 'bad/name', driver: 'local', labels, driverOpts: {} })))?.code).toBe('INVALID_INPUT');
  });

  it('refuses to remove a volume a container uses, naming the container', async () => {
    const name = uniqueName('used');
    await h.create({ name, driver: 'local', labels, driverOpts: {} });
    const cname = uniqueName('vuser');
    const c = await docker.createContainer({ name: cname, Image: BUSYBOX, Cmd: ['true'], Labels: labels, HostConfig: { Binds: [`${name}:/data`] } });
    const e = await err(h.remove({ name, force: true }));
    expect(e?.code).toBe('CONFLICT');
    expect(e?.message).toBe(`Volume ${name} is used by container ${cname}; remove it first (force does not remove a volume in use).`);
    await c.remove({ force: true });
    await h.remove({ name, force: false });
  });

  it('creates an anonymous volume and prunes it (unused anonymous volumes only)', async () => {
    const anon = await h.create({ driver: 'local', labels, driverOpts: {} });
    expect(anon.name).toMatch(/^[0-9a-f]{64}$/);
    const named = await h.create({ name: uniqueName('keep'), driver: 'local', labels, driverOpts: {} });
    const r = await h.prune({ all: false });
    expect(r.deleted).toContain(anon.name);
    expect(r.deleted).not.toContain(named.name);
    expect((await err(h.inspect({ name: anon.name })))?.code).toBe('NOT_FOUND');
    await h.remove({ name: named.name, force: false });
  });
});
