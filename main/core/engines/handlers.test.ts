// engines.* through the core's handlers: added engines kept in the settings store, engines.changed on the bus, none kept without settings.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { api } from '../../../app/api.js';
import type { EngineEntry } from '../../../app/engines.js';
import { EventBus } from '../bus.js';
import { openSettings } from '../settings/store.js';
import { createCoreEngines, existingVmSocket } from './handlers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-eh-'));
  dirs.push(d);
  return d;
};

describe('engines handlers', () => {
  it('add keeps the engine in settings and the bus carries the list; remove forgets it', async () => {
    const dir = tmp();
    const settings = await openSettings(path.join(dir, 'user-data'));
    const bus = new EventBus(api);
    const seen: EngineEntry[][] = [];
    bus.on(api.engines.changed, (l) => void seen.push(l as EngineEntry[]));
    const h = createCoreEngines({ home: dir, bus, vmSocket: path.join(dir, 'vm.sock'), settings, env: { DOCKER_HOST: `unix://${dir}/host.sock`, DOCKER_CONFIG: dir }, userHome: dir });
    const e = await h.add({ name: 'gone', url: `unix://${dir}/gone.sock` });
    expect(e).toMatchObject({ id: 'added:gone', state: 'down', reason: expect.stringMatching(/No engine socket/) });
    expect(settings.get().engines).toEqual([{ name: 'gone', url: `unix://${dir}/gone.sock` }]);
    expect(seen.at(-1)?.find((x) => x.id === 'added:gone')?.state).toBe('down');
    expect((await h.list(undefined)).map((x) => x.id)).toEqual(['host', 'vm', 'added:gone']);
    expect(await h.remove({ id: 'added:gone' })).toEqual({ ok: true });
    expect(settings.get().engines).toEqual([]);
  });

  it('without settings (berth serve) an engine cannot be added', async () => {
    const dir = tmp();
    const h = createCoreEngines({ home: dir, bus: new EventBus(api), env: { DOCKER_CONFIG: dir }, userHome: dir });
    await expect(h.add({ name: 'x', url: 'unix:///x' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('the default VM socket is listed while it is there', () => {
    expect(existingVmSocket('/h', () => false)).toBeUndefined();
    expect(existingVmSocket('/h', () => true)).toBe('/h/run/docker.sock');
  });
});
