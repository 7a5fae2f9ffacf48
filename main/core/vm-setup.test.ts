import { describe, expect, it } from 'vitest';
import type { VmImageState, VmSetUpProgress } from '../../app/vm-setup.js';
import type { VmStatus } from '../../app/vm.js';
import { VmSetUp } from './vm-setup.js';

function fakeVm(image: VmImageState, opts: { buildLines?: string[]; failStart?: string } = {}) {
  const calls: string[] = [];
  let state: VmStatus['state'] = 'stopped';
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const vm = {
    imageState: async () => (calls.push('imageState'), image),
    buildImage: async (onLine: (l: string) => void) => {
      calls.push('build');
      for (const l of opts.buildLines ?? []) onLine(l);
      await gate;
    },
    start: async () => {
      calls.push('start');
      if (opts.failStart) throw new Error(opts.failStart);
      state = 'running';
    },
    status: () => ({ state, stages: [] }) as VmStatus,
  };
  const used: string[] = [];
  const setUp = new VmSetUp({ vm, engineId: 'vm', useEngine: async (id) => (used.push(id), { id, name: 'berth-vm' }) });
  return { setUp, calls, used, release, setRunning: () => (state = 'running') };
}

const ready: VmImageState = { state: 'ready', arch: 'x86_64', version: '1', dir: '/img' };
const buildable: VmImageState = { state: 'missing', arch: 'x86_64', reason: 'No x86_64 guest image is installed yet.', build: { possible: true, command: 'bash build-image.sh' } };

describe('setting up the Berth VM in one click', () => {
  it('starts an installed image and makes its engine the current one, without a build', async () => {
    const t = fakeVm(ready);
    t.release();
    const seen: VmSetUpProgress[] = [];
    const r = await t.setUp.run((p) => seen.push(p)).result;
    expect(r).toMatchObject({ engine: { id: 'vm', name: 'berth-vm' }, built: false });
    expect(t.calls).toEqual(['imageState', 'start']);
    expect(t.used).toEqual(['vm']);
    expect(seen.map((p) => p.step)).toEqual(['image', 'start', 'engine']);
  });

  it('builds a missing image first, streaming its lines; a window that joins later gets the lines so far and the same result', async () => {
    const t = fakeVm(buildable, { buildLines: ['build-image: debootstrap', 'build-image: packing rootfs.tar'] });
    const first: VmSetUpProgress[] = [];
    const a = t.setUp.run((p) => first.push(p));
    await new Promise((r) => setTimeout(r, 10));
    a.detach();
    const second: VmSetUpProgress[] = [];
    const b = t.setUp.run((p) => second.push(p));
    t.release();
    const [ra, rb] = await Promise.all([a.result, b.result]);
    expect(ra).toBe(rb);
    expect(ra.built).toBe(true);
    expect(t.calls.filter((c) => c === 'build')).toHaveLength(1);
    expect(second.filter((p) => p.line).map((p) => p.line)).toEqual(['build-image: debootstrap', 'build-image: packing rootfs.tar']);
    // The detached window heard nothing after it left.
    expect(first.some((p) => p.step === 'start')).toBe(false);
  });

  it('does not start a VM that runs already', async () => {
    const t = fakeVm(ready);
    t.setRunning();
    await t.setUp.run(() => undefined).result;
    expect(t.calls).toEqual(['imageState']);
    expect(t.used).toEqual(['vm']);
  });

  it('refuses with the reason and the command when the image cannot be built here, and can be tried again', async () => {
    const t = fakeVm({ state: 'missing', arch: 'x86_64', reason: 'No x86_64 guest image is installed yet.', build: { possible: false, why: 'Building the guest needs root (debootstrap). Run it once in a terminal, then set up again:', command: 'sudo bash /b/build-image.sh' } });
    await expect(t.setUp.run(() => undefined).result).rejects.toThrow('No x86_64 guest image is installed yet. Building the guest needs root (debootstrap). Run it once in a terminal, then set up again: sudo bash /b/build-image.sh');
    await expect(t.setUp.run(() => undefined).result).rejects.toThrow('needs root');
    expect(t.calls).toEqual(['imageState', 'imageState']);
  });

  it('fails with the start\'s error and switches nothing', async () => {
    const t = fakeVm(ready, { failStart: 'QEMU is not installed' });
    await expect(t.setUp.run(() => undefined).result).rejects.toThrow('QEMU is not installed');
    expect(t.used).toEqual([]);
  });
});
