import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BerthError } from '../../../app/errors.js';
import { VmSettings } from '../../../app/vm.js';
import { IdleSleeper, clockCommand, isWatch, sleepAfterMs } from './sleep.js';

function setup(idleMs = 5000) {
  const calls: string[] = [];
  let idle = idleMs;
  const s = new IdleSleeper({
    idleMs: () => idle,
    pause: async () => void calls.push('stop'),
    resume: async () => void calls.push('cont'),
    syncClock: async () => void calls.push('clock'),
    onChange: () => calls.push(s.sleeping ? 'asleep' : 'awake'),
  });
  return { s, calls, setIdle: (ms: number) => (idle = ms) };
}

describe('IdleSleeper', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sleeps after the idle time with nothing running and no request, not before', async () => {
    const { s, calls } = setup();
    s.start();
    await vi.advanceTimersByTimeAsync(4999);
    expect(s.sleeping).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.sleeping).toBe(true);
    expect(calls).toEqual(['stop', 'asleep']);
  });

  it('gives the guest its moment to trim memory before it sleeps, and a request meanwhile keeps it awake at once', async () => {
    const calls: string[] = [];
    let trim: (() => void) | undefined;
    const s = new IdleSleeper({
      idleMs: () => 5000,
      beforeSleep: () => new Promise<void>((r) => (calls.push('trim'), (trim = r))),
      pause: async () => void calls.push('stop'),
      resume: async () => void calls.push('cont'),
      syncClock: async () => void calls.push('clock'),
    });
    s.start();
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toEqual(['trim']);
    // A request while the guest trims is not held up (no wake to wait for) and cancels this sleep.
    await s.wake('engine socket');
    const done = s.begin();
    trim?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual(['trim']);
    expect(s.sleeping).toBe(false);
    done();
    await vi.advanceTimersByTimeAsync(5000);
    trim?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual(['trim', 'trim', 'stop']);
    expect(s.sleeping).toBe(true);
  });

  it('counts from the end of the last request, and never sleeps while one is open (logs -f, attach)', async () => {
    const { s } = setup();
    s.start();
    await vi.advanceTimersByTimeAsync(4000);
    const done = s.begin();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(s.sleeping).toBe(false);
    done();
    done(); // a second end changes nothing
    await vi.advanceTimersByTimeAsync(4999);
    expect(s.sleeping).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.sleeping).toBe(true);
  });

  it('stays awake while a container runs', async () => {
    const { s } = setup();
    s.start();
    s.setRunning(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(s.sleeping).toBe(false);
    s.setRunning(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(s.sleeping).toBe(true);
  });

  it('never sleeps with an idle time of 0, and a new time applies at once', async () => {
    const { s, setIdle } = setup(0);
    s.start();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(s.sleeping).toBe(false);
    setIdle(1000);
    s.rearm();
    await vi.advanceTimersByTimeAsync(0);
    expect(s.sleeping).toBe(true);
  });

  it('wakes (cont, then the clock) once for many callers, measures it, and sleeps again later', async () => {
    const { s, calls } = setup();
    s.start();
    await vi.advanceTimersByTimeAsync(5000);
    await Promise.all([s.wake('a'), s.wake('b'), s.wake('c')]);
    expect(calls).toEqual(['stop', 'asleep', 'cont', 'clock', 'awake']);
    expect(s.wakes).toBe(1);
    expect(s.lastWakeMs).toBe(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(s.sleeping).toBe(true);
  });

  it('a wake asked while it falls asleep waits for the pause and undoes it', async () => {
    const calls: string[] = [];
    let release!: () => void;
    const s = new IdleSleeper({
      idleMs: () => 1000,
      pause: () => new Promise<void>((r) => (release = () => (calls.push('stop'), r()))),
      resume: async () => void calls.push('cont'),
      syncClock: async () => void calls.push('clock'),
    });
    s.start();
    await vi.advanceTimersByTimeAsync(1000);
    const woken = s.wake('request');
    release();
    await woken;
    expect(calls).toEqual(['stop', 'cont', 'clock']);
    expect(s.sleeping).toBe(false);
  });

  it('stays awake when the pause fails, and a failed clock set does not fail the wake', async () => {
    let fail = true;
    const s = new IdleSleeper({
      idleMs: () => 1000,
      pause: async () => {
        if (fail) throw new Error('QMP gone');
      },
      resume: async () => undefined,
      syncClock: async () => {
        throw new Error('ssh slow');
      },
    });
    s.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.sleeping).toBe(false);
    fail = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.sleeping).toBe(true);
    await s.wake('exec');
    expect(s.sleeping).toBe(false);
  });

  it('does not sleep once stopped', async () => {
    const { s } = setup();
    s.start();
    await s.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(s.sleeping).toBe(false);
  });
});

describe('sleep settings and helpers', () => {
  it('refuses a negative idle time with a clear error', () => {
    expect(() => sleepAfterMs(-1)).toThrow(BerthError);
    expect(() => sleepAfterMs(-1)).toThrow(/0 \(never\) or more seconds, not -1/);
    expect(sleepAfterMs(0)).toBe(0);
    expect(sleepAfterMs(300)).toBe(300_000);
    const r = VmSettings.safeParse({ cpus: 2, memoryMiB: 2048, diskGiB: 64, sleepAfterS: -5 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('must be 0 (never) or more seconds');
  });

  it('tells event streams (watches) from use', () => {
    expect(isWatch('/events')).toBe(true);
    expect(isWatch('/v1.43/events?filters=%7B%7D')).toBe(true);
    expect(isWatch('/v1.43/containers/json')).toBe(false);
    expect(isWatch('/v1.43/containers/x/logs?follow=1')).toBe(false);
    expect(isWatch('/v1.43/eventsource')).toBe(false);
  });

  it('sets the guest clock to the host ms, falling back to whole seconds', () => {
    expect(clockCommand(1_700_000_000_123)).toBe('date -u -s @1700000000.123 >/dev/null 2>&1 || date -u -s @1700000000 >/dev/null');
    expect(() => clockCommand(Number.NaN)).toThrow(/Not a time/);
  });
});

describe('IdleSleeper under a request that races the pause', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('undoes a pause that a request arrived during, so the request never waits for a wake', async () => {
    const calls: string[] = [];
    let release!: () => void;
    const s = new IdleSleeper({
      idleMs: () => 1000,
      pause: () => new Promise<void>((r) => (release = () => (calls.push('stop'), r()))),
      resume: async () => void calls.push('cont'),
      syncClock: async () => void calls.push('clock'),
    });
    s.start();
    await vi.advanceTimersByTimeAsync(1000);
    const done = s.begin();
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual(['stop', 'cont', 'clock']);
    expect(s.sleeping).toBe(false);
    done();
    await vi.advanceTimersByTimeAsync(1000);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.at(-1)).toBe('stop');
    expect(s.sleeping).toBe(true);
  });
});
