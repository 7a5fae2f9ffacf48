import { describe, expect, it } from 'vitest';
import type { VmStatus } from '../../../../app/vm';
import { createTestStore } from '../../store/index';
import { checkVmSettings, formFromSettings } from './settingsForm';
import { railWord, seconds, startAnchor, vmView } from './viewModel';

const st = (over: Partial<VmStatus>): VmStatus => ({ state: 'stopped', stages: [], ...over });

const starting: VmStatus = st({
  state: 'starting',
  backend: 'qemu',
  stage: 'ssh',
  accel: 'tcg',
  accelNote: 'KVM did not answer within 5 s',
  stages: [
    { stage: 'boot', startedAtMs: 0, durationMs: 4200, status: 'done' },
    { stage: 'network', startedAtMs: 4200, durationMs: 1300, status: 'done' },
    { stage: 'ssh', startedAtMs: 5500, status: 'running' },
  ],
});

describe('VM view model', () => {
  it('formats stage times', () => {
    expect(seconds(850)).toBe('850 ms');
    expect(seconds(4200)).toBe('4.2 s');
    expect(seconds(65_000)).toBe('1 min 05 s');
  });

  it('while starting: finished stages keep their duration, the running one counts up live, later ones wait', () => {
    const anchor = 1_000_000;
    const v = vmView(starting, anchor, anchor + 12_300);
    expect(v.tone).toBe('connecting');
    expect(v.stateWord).toBe('Starting — waiting for the SSH login (12.3 s)');
    expect(v.stages.map((s) => [s.stage, s.status, s.time])).toEqual([
      ['boot', 'done', '4.2 s'],
      ['network', 'done', '1.3 s'],
      ['ssh', 'running', '6.8 s'],
      ['engine', 'pending', ''],
    ]);
    expect(v.elapsed).toBe('12.3 s');
    expect(vmView(starting, anchor, anchor + 13_300).stages[2]?.time).toBe('7.8 s');
    expect(v.actions).toEqual({ start: false, stop: true, restart: false, reset: true });
    expect(v.accel).toMatch(/TCG/);
    expect(v.accelNote).toMatch(/KVM/);
  });

  it('running: says how long the start took, and offers stop/restart', () => {
    const s = st({
      state: 'running',
      stages: [
        { stage: 'boot', startedAtMs: 0, durationMs: 4000, status: 'done' },
        { stage: 'network', startedAtMs: 4000, durationMs: 1000, status: 'done' },
        { stage: 'ssh', startedAtMs: 5000, durationMs: 6000, status: 'done' },
        { stage: 'engine', startedAtMs: 11_000, durationMs: 9500, status: 'done' },
      ],
    });
    const v = vmView(s, undefined, 0);
    expect(v.stateWord).toBe('Running (started in 20.5 s)');
    expect(v.tone).toBe('up');
    expect(v.actions).toEqual({ start: false, stop: true, restart: true, reset: true });
  });

  it('a failed stage: says where, carries the console tail, and offers start again', () => {
    const s = st({
      state: 'error',
      stages: [
        { stage: 'boot', startedAtMs: 0, durationMs: 4000, status: 'done' },
        { stage: 'network', startedAtMs: 4000, durationMs: 1000, status: 'done' },
        { stage: 'ssh', startedAtMs: 5000, durationMs: 60_000, status: 'failed' },
      ],
      error: { code: 'VM_ERROR', message: 'The guest did not accept an SSH login within 60 s.', stage: 'ssh', consoleTail: ['[  5.1] sshd: no hostkeys available -- exiting.'] },
    });
    const v = vmView(s, undefined, 0);
    expect(v.tone).toBe('down');
    expect(v.stateWord).toBe('Failed at “SSH login”');
    expect(v.stages[2]).toMatchObject({ status: 'failed', time: '1 min 00 s' });
    expect(v.stages[3]?.status).toBe('pending');
    expect(v.error?.title).toMatch(/SSH login/);
    expect(v.error?.consoleTail).toEqual(['[  5.1] sshd: no hostkeys available -- exiting.']);
    expect(v.actions.start).toBe(true);
    expect(v.actions.restart).toBe(true);
  });

  it('a stage still marked running when the VM died shows as failed, with no live timer', () => {
    const s = st({ state: 'error', stages: [{ stage: 'boot', startedAtMs: 0, status: 'running' }], error: { code: 'VM_ERROR', message: 'QEMU exited (signal 9).' } });
    const v = vmView(s, 0, 99_999);
    expect(v.stages[0]).toMatchObject({ status: 'failed', time: '' });
    expect(v.elapsed).toBeUndefined();
  });

  it('QEMU missing: the failure carries the one install command; a found QEMU is named with its note', () => {
    const s = st({
      state: 'error',
      stages: [{ stage: 'boot', startedAtMs: 0, durationMs: 3, status: 'failed' }],
      error: { code: 'VM_ERROR', message: 'QEMU (qemu-system-aarch64) is not installed. Install it with: brew install qemu — or set BERTH_QEMU to its path.', fix: 'brew install qemu', stage: 'boot' },
    });
    expect(vmView(s, undefined, 0).error).toMatchObject({ fix: 'brew install qemu', title: expect.stringContaining('not installed') as unknown });
    const r = vmView(st({ state: 'running', guestArch: 'aarch64', emulator: { path: '/opt/homebrew/bin/qemu-system-aarch64', source: 'Homebrew', version: '6.2.0', note: 'QEMU 6.2 is older than 7.0' } }), undefined, 0);
    expect(r).toMatchObject({ emulator: 'QEMU 6.2.0 (Homebrew)', guestArch: 'aarch64', emulatorNote: 'QEMU 6.2 is older than 7.0' });
    expect(vmView(st({ state: 'running' }), undefined, 0).emulator).toBeUndefined();
  });

  it('says when saved settings wait for a restart', () => {
    const s = st({ state: 'running', running: { cpus: 2, memoryMiB: 2048, diskGiB: 64 }, restartNeeded: true });
    expect(vmView(s, undefined, 0).restartNote).toMatch(/Running with 2 CPUs, 2048 MiB memory and a 64 GiB disk; the saved settings apply after a restart/);
    expect(vmView({ ...s, restartNeeded: false }, undefined, 0).restartNote).toBeUndefined();
  });

  it('absent, stopped and stopping have words and the right actions', () => {
    expect(vmView(st({ state: 'absent' }), undefined, 0)).toMatchObject({ stateWord: 'Not created yet', actions: { start: true, stop: false, reset: true } });
    expect(vmView(st({ state: 'stopped' }), undefined, 0)).toMatchObject({ stateWord: 'Stopped', actions: { start: true, stop: false, restart: false } });
    expect(vmView(st({ state: 'stopping' }), undefined, 0).actions).toEqual({ start: false, stop: false, restart: false, reset: false });
    expect(vmView(st({ state: 'starting' }), 0, 1500).stateWord).toBe('Starting — launching the VM (1.5 s)');
  });

  it('the rail word: not in use on an endpoint without a VM, else the state', () => {
    expect(railWord('no', undefined)).toEqual({ word: 'not in use', dot: '' });
    expect(railWord('yes', starting)).toEqual({ word: 'starting', dot: 'connecting' });
    expect(railWord('yes', st({ state: 'error' }))).toEqual({ word: 'failed', dot: 'down' });
  });

  it('says Resumed with the time it took, hides the network stage a resume skips, and says why a start booted instead', () => {
    const resumed = vmView(
      st({ state: 'running', lastStart: { how: 'resumed', ms: 1400 }, stages: [
        { stage: 'boot', startedAtMs: 0, durationMs: 900, status: 'done' },
        { stage: 'ssh', startedAtMs: 900, durationMs: 300, status: 'done' },
        { stage: 'engine', startedAtMs: 1200, durationMs: 200, status: 'done' },
      ] }),
      undefined,
      0,
    );
    expect(resumed.stateWord).toBe('Running (resumed in 1.4 s)');
    expect(resumed.stages.map((s) => s.title)).toEqual(['Load the saved VM', expect.any(String), expect.any(String)]);
    expect(resumed.startNote).toBe('Resumed in 1.4 s: containers kept running from the last stop.');
    const cold = vmView(st({ state: 'running', lastStart: { how: 'booted', ms: 21_000, coldReason: 'it was saved with another VM image (a then, b now)' } }), undefined, 0);
    expect(cold.startNote).toBe('Booted in 21.0 s instead of resuming: it was saved with another VM image (a then, b now).');
    expect(vmView(st({ state: 'running', lastStart: { how: 'booted', ms: 21_000 } }), undefined, 0).startNote).toBeUndefined();
    expect(vmView(st({ state: 'stopped', lastStart: { how: 'resumed', ms: 1 } }), undefined, 0).startNote).toBeUndefined();
  });

  it('says Sleeping while the running VM sleeps, keeps Stop and Restart, and gives the last wake time once awake', () => {
    const asleep = vmView(st({ state: 'running', sleeping: true }), undefined, 0);
    expect(asleep).toMatchObject({ stateWord: 'Sleeping — wakes on the next request', tone: 'idle', actions: { start: false, stop: true, restart: true } });
    expect(railWord('yes', st({ state: 'running', sleeping: true }))).toEqual({ word: 'sleeping', dot: '' });
    expect(vmView(st({ state: 'running', lastWakeMs: 12.4 }), undefined, 0).stateWord).toBe('Running, last woke in 12 ms');
    expect(railWord('yes', st({ state: 'running' }))).toEqual({ word: 'running', dot: 'up' });
  });
});

describe('start anchor (the live timer in this window’s clock)', () => {
  it('estimates from the newest stage transition and keeps the earliest estimate', () => {
    const first = startAnchor({ status: undefined, anchor: undefined }, starting, 20_000);
    expect(first).toBe(20_000 - 5500);
    // A later status (same start, nothing new) fetched 3 s later must not move the anchor forward.
    expect(startAnchor({ status: starting, anchor: first }, starting, 23_000)).toBe(first);
    // Delivered quicker than the first: the estimate improves.
    const engine: VmStatus = { ...starting, stage: 'engine', stages: [...starting.stages.slice(0, 2), { stage: 'ssh', startedAtMs: 5500, durationMs: 6000, status: 'done' }, { stage: 'engine', startedAtMs: 11_500, status: 'running' }] };
    expect(startAnchor({ status: starting, anchor: first }, engine, 25_000)).toBe(13_500);
  });

  it('starts afresh for a new start', () => {
    const stopped = st({ state: 'stopped', stages: starting.stages });
    const again: VmStatus = st({ state: 'starting', stage: 'boot', stages: [{ stage: 'boot', startedAtMs: 0, status: 'running' }] });
    expect(startAnchor({ status: stopped, anchor: 1 }, again, 50_000)).toBe(50_000);
  });

  it('the store keeps the anchor and marks the VM as in use', () => {
    const store = createTestStore();
    store.getState().setVmStatus(starting, 20_000);
    expect(store.getState()).toMatchObject({ vmSupport: 'yes', vmAnchor: 14_500 });
  });
});

describe('VM settings form', () => {
  const saved = { cpus: 2, memoryMiB: 2048, diskGiB: 64 };
  it('sends only what changed; memory takes units', () => {
    expect(checkVmSettings({ ...formFromSettings(saved), cpus: '4', memoryMiB: '4g' }, saved)).toEqual({ patch: { cpus: 4, memoryMiB: 4096 }, errors: {} });
    expect(checkVmSettings(formFromSettings(saved), saved).patch).toEqual({});
  });
  it('flags each bad field before anything is sent', () => {
    const r = checkVmSettings({ cpus: '0', memoryMiB: 'lots', diskGiB: '2.5' }, saved);
    expect(r.patch).toBeUndefined();
    expect(r.errors.cpus).toMatch(/between 1 and 64/);
    expect(r.errors.memoryMiB).toMatch(/whole number/);
    expect(r.errors.diskGiB).toMatch(/whole number/);
    expect(checkVmSettings({ cpus: '2', memoryMiB: '256', diskGiB: '64' }, saved).errors.memoryMiB).toMatch(/between 512/);
  });
  it('the idle sleep in minutes: 5 by default, 0 = never, sent as seconds, a negative time refused', () => {
    expect(formFromSettings(saved).sleepAfterMin).toBe('5');
    expect(formFromSettings({ ...saved, sleepAfterS: 90 }).sleepAfterMin).toBe('1.5');
    expect(checkVmSettings({ ...formFromSettings(saved), sleepAfterMin: '0' }, saved)).toEqual({ patch: { sleepAfterS: 0 }, errors: {} });
    expect(checkVmSettings({ ...formFromSettings(saved), sleepAfterMin: '0.5' }, saved).patch).toEqual({ sleepAfterS: 30 });
    expect(checkVmSettings({ ...formFromSettings(saved), sleepAfterMin: '-1' }, saved)).toEqual({ errors: { sleepAfterMin: 'Sleep when idle: enter 0 (never) or a number of minutes up to 1,440.' } });
  });
  it('keeps containers running across restarts by default; unticked, it sends false, ticked again true', () => {
    expect(formFromSettings(saved).keepRunning).toBe(true);
    expect(checkVmSettings({ ...formFromSettings(saved), keepRunning: false }, saved).patch).toEqual({ keepContainersRunning: false });
    const off = { ...saved, keepContainersRunning: false };
    expect(formFromSettings(off).keepRunning).toBe(false);
    expect(checkVmSettings({ ...formFromSettings(off), keepRunning: true }, off).patch).toEqual({ keepContainersRunning: true });
    expect(checkVmSettings(formFromSettings(off), off).patch).toEqual({});
  });
});
