import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VmPortForward } from '../../../app/vm.js';
import { keepForwards, keepJson, restoreForwards, takeJson } from './saved-forwards.js';

const fwd = (hostPort: number, origin: VmPortForward['origin']): VmPortForward => ({ protocol: 'tcp', hostIp: '127.0.0.1', hostPort, guestHost: '172.17.0.2', guestPort: 80, containerId: 'c1', origin, status: 'active' });

describe('hand-published ports across a saved VM', () => {
  it('keeps only the hand-published ones and publishes them again after a resume, once', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'berth-fwd-')), 'saved-forwards.json');
    await keepForwards(file, [fwd(8080, 'published'), fwd(8081, 'manual')]);
    const added: number[] = [];
    expect(await restoreForwards(file, true, async (f) => void added.push(f.hostPort))).toBe(1);
    expect(added).toEqual([8081]);
    expect(fs.existsSync(file)).toBe(false);
    expect(await restoreForwards(file, true, async () => undefined)).toBe(0);
  });

  it('drops the list after a boot, a damaged list, and logs a port that cannot come back', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'berth-fwd-')), 'saved-forwards.json');
    await keepForwards(file, [fwd(8081, 'manual')]);
    expect(await restoreForwards(file, false, async () => undefined)).toBe(0);
    expect(fs.existsSync(file)).toBe(false);
    fs.writeFileSync(file, '{oops');
    expect(await restoreForwards(file, true, async () => undefined)).toBe(0);
    await keepForwards(file, [fwd(8081, 'manual'), fwd(8082, 'manual')]);
    expect(await restoreForwards(file, true, async (f) => { if (f.hostPort === 8081) throw new Error('port taken'); })).toBe(1);
    await keepForwards(file, []);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('keeps a value as JSON and hands it back once; nothing or a damaged file gives undefined', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'berth-fwd-')), 'kept.json');
    await keepJson(file, undefined);
    expect(await takeJson(file)).toBeUndefined();
    await keepJson(file, { applied: { mode: 'all' }, hostAddress: '10.0.2.2' });
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
    expect(await takeJson(file)).toEqual({ applied: { mode: 'all' }, hostAddress: '10.0.2.2' });
    expect(await takeJson(file)).toBeUndefined();
    fs.writeFileSync(file, 'nope');
    expect(await takeJson(file)).toBeUndefined();
    expect(fs.existsSync(file)).toBe(false);
  });
});
