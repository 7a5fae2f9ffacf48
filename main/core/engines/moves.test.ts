// engines.move*: two different known engines that answer, else a BerthError naming the field (from, to).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { api } from '../../../app/api.js';
import type { MoveImageResult, MoveProgress } from '../../../app/engines.js';
import { EventBus } from '../bus.js';
import { FakeSink } from '../engine/containers-testkit.js';
import { createCoreEngines } from './handlers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function engines() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-mv-'));
  dirs.push(dir);
  // The host engine's socket does not exist; neither does the VM's.
  return createCoreEngines({ home: dir, bus: new EventBus(api), vmSocket: path.join(dir, 'vm.sock'), env: { DOCKER_HOST: `unix://${dir}/host.sock`, DOCKER_CONFIG: dir }, userHome: dir });
}

describe('engines moves: which engines', () => {
  it('the same engine as source and target is refused on "to"', async () => {
    const sink = new FakeSink<MoveProgress, MoveImageResult>();
    await expect(engines().moveImage({ from: 'host', to: 'host', image: 'app:1' }, sink)).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'to' });
  });

  it('an unknown engine is refused on its field, naming the known ones', async () => {
    const h = engines();
    await expect(h.moveImage({ from: 'nope', to: 'host', image: 'app:1' }, new FakeSink())).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'from', message: expect.stringMatching(/Known engines: host, vm/) });
    await expect(h.moveVolume({ from: 'host', to: 'context:nope', volume: 'data' }, new FakeSink())).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'to' });
  });

  it('an engine that is down is refused on its field with its reason', async () => {
    const h = engines();
    await expect(h.recreateContainer({ from: 'host', to: 'vm', container: 'web', copyVolumes: false }, new FakeSink())).rejects.toMatchObject({
      code: 'ENGINE_UNREACHABLE',
      field: 'from',
      message: expect.stringMatching(/^default is down: No engine socket/),
    });
  });
});
