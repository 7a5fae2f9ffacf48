import { describe, expect, it } from 'vitest';
import { BerthError } from '../../../app/errors.js';
import { VmStatus } from '../../../app/vm.js';
import { canTransition, StatusTracker } from './backend.js';

describe('VM state machine', () => {
  it('allows the documented path and refuses shortcuts', () => {
    expect(canTransition('absent', 'creating')).toBe(true);
    expect(canTransition('creating', 'stopped')).toBe(true);
    expect(canTransition('stopped', 'starting')).toBe(true);
    expect(canTransition('starting', 'running')).toBe(true);
    expect(canTransition('running', 'stopping')).toBe(true);
    expect(canTransition('stopping', 'stopped')).toBe(true);
    expect(canTransition('running', 'error')).toBe(true);
    expect(canTransition('error', 'starting')).toBe(true);
    expect(canTransition('absent', 'running')).toBe(false);
    expect(canTransition('stopped', 'running')).toBe(false);
    const t = new StatusTracker('qemu');
    expect(() => t.set('running')).toThrow(BerthError);
  });

  it('times each start-up stage and publishes valid statuses', () => {
    let now = 1000;
    const t = new StatusTracker('qemu', 'stopped', () => now);
    const seen: VmStatus[] = [];
    t.on((s) => seen.push(VmStatus.parse(s)));
    t.set('starting');
    t.beginStage('boot');
    now += 3000;
    t.beginStage('network');
    now += 500;
    t.beginStage('ssh');
    now += 1500;
    t.beginStage('engine');
    now += 10_000;
    t.endStage();
    t.set('running');
    const s = t.get();
    expect(s.state).toBe('running');
    expect(s.stage).toBeUndefined();
    expect(s.stages).toEqual([
      { stage: 'boot', startedAtMs: 0, durationMs: 3000, status: 'done' },
      { stage: 'network', startedAtMs: 3000, durationMs: 500, status: 'done' },
      { stage: 'ssh', startedAtMs: 3500, durationMs: 1500, status: 'done' },
      { stage: 'engine', startedAtMs: 5000, durationMs: 10_000, status: 'done' },
    ]);
    expect(seen.some((x) => x.stage === 'ssh')).toBe(true);
  });

  it('a failed stage says which, why, and what the console showed', () => {
    let now = 0;
    const t = new StatusTracker('qemu', 'stopped', () => now);
    t.set('starting');
    t.beginStage('boot');
    now = 100;
    t.beginStage('network');
    now = 30_100;
    const f = t.fail(new BerthError('TIMEOUT', 'The guest did not reach "stage network done" within 30 s.'), ['berth: error: no network interface found']);
    expect(f).toMatchObject({ code: 'TIMEOUT', stage: 'network', consoleTail: ['berth: error: no network interface found'] });
    const s = t.get();
    expect(s.state).toBe('error');
    expect(s.error?.stage).toBe('network');
    expect(s.stages.at(-1)).toEqual({ stage: 'network', startedAtMs: 100, durationMs: 30_000, status: 'failed' });
    // A new start clears the previous failure and timings.
    t.set('starting');
    expect(t.get().error).toBeUndefined();
    expect(t.get().stages).toEqual([]);
  });

  it('a throwing listener does not break the others', () => {
    const t = new StatusTracker('qemu');
    let got = 0;
    t.on(() => { throw new Error('boom'); });
    t.on(() => { got++; });
    t.set('creating');
    expect(got).toBe(1);
  });
});
