import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore, type Core } from './api.js';
import { openSettings } from './settings/store.js';
import { FakeBackend } from './testing/vm-backend.js';

/** A core on an endpoint nothing answers, with the VM at hand (a backend without a VM) and settings that remember `current`. */
async function offerCore(current: string, opts: { vmAutostart?: boolean } = {}): Promise<{ core: Core; backend: FakeBackend; settings: Awaited<ReturnType<typeof openSettings>> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-offer-'));
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ currentEngine: current }));
  const settings = await openSettings(dir);
  const backend = new FakeBackend(path.join(dir, 'no-engine.sock'));
  const core = createCore({ home: dir, endpointSetting: `unix://${path.join(dir, 'nothing.sock')}`, vm: { backend, dockerContext: false }, vmEngine: 'offer', settings, ...opts, connection: { minBackoffMs: 10_000, maxBackoffMs: 10_000 } });
  return { core, backend, settings };
}

const until = async (ok: () => boolean, ms = 5000) => {
  for (const end = Date.now() + ms; !ok() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
  return ok();
};

describe('the VM at hand beside another engine', () => {
  it('starts on the endpoint it resolved, and offers vm.image and vm.setUp', async () => {
    const { core, backend } = await offerCore('');
    expect(core.ctx.conn.endpoint.kind).toBe('socket');
    expect(typeof core.handlers.vm?.setUp).toBe('function');
    expect(typeof core.handlers.vm?.image).toBe('function');
    core.start();
    await new Promise((r) => setTimeout(r, 200));
    expect(backend.calls).toEqual([]);
    core.dispose();
  });

  it('boots the VM with the core when its engine is the remembered one', async () => {
    const { core, backend } = await offerCore('vm');
    core.start();
    expect(await until(() => backend.calls.some((c) => c.startsWith('start ')))).toBe(true);
    await core.shutdown();
  });

  it('leaves it stopped when the remembered engine is another, or when told not to start it', async () => {
    for (const [current, o] of [['context:build-box', {}], ['vm', { vmAutostart: false }]] as const) {
      const { core, backend } = await offerCore(current, o);
      core.start();
      await new Promise((r) => setTimeout(r, 300));
      expect(backend.calls).toEqual([]);
      core.dispose();
    }
  });
});
