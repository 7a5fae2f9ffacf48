import { describe, expect, it } from 'vitest';
import { BerthError } from '../../../app/errors.js';
import { cpuSince, StatsSnapshots } from './stats-snapshot.js';
import type { RawStats } from './stats.js';

/** A one-shot reading: cumulative counters, no earlier reading beside them. */
function reading(total: number, system: number, mem = 1000): RawStats {
  return { read: '2024-01-01T00:00:00Z', cpu_stats: { cpu_usage: { total_usage: total }, system_cpu_usage: system, online_cpus: 2 }, precpu_stats: {}, memory_stats: { usage: mem, limit: 10_000 } };
}
const STOPPED: RawStats = { read: '0001-01-01T00:00:00Z', cpu_stats: { cpu_usage: { total_usage: 0 }, system_cpu_usage: 0 }, precpu_stats: {} };

/** An engine whose counters advance by `step` per read; `calls` lists what was read. */
function engine(byId: Record<string, (n: number) => RawStats | Error>) {
  const calls: string[] = [];
  const count = new Map<string, number>();
  const read = (id: string) => {
    calls.push(id);
    const n = count.get(id) ?? 0;
    count.set(id, n + 1);
    const r = byId[id]?.(n) ?? Object.assign(new Error('no such container'), { statusCode: 404 });
    return r instanceof Error ? Promise.reject(r) : Promise.resolve(r);
  };
  return { read, calls };
}

describe('stats snapshots', () => {
  it('computes CPU% between two readings as docker stats does', () => {
    expect(cpuSince({ cpu_usage: { total_usage: 1_000 }, system_cpu_usage: 100_000 }, reading(3_000, 200_000))).toBeCloseTo((2_000 / 100_000) * 2 * 100);
    expect(cpuSince({}, reading(0, 0))).toBe(0);
  });

  it('reads a new container twice (one wait for all), then once per snapshot against the last reading', async () => {
    const e = engine({ a: (n) => reading(1_000 + n * 2_000, 100_000 + n * 100_000), b: (n) => reading(500 * n, 100_000 + n * 100_000, 42) });
    const waits: number[] = [];
    const s = new StatsSnapshots(e.read, { primeMs: 1000, sleep: async (ms) => void waits.push(ms) });
    const first = await s.snapshot(['a', 'b', 'a']);
    expect(e.calls).toEqual(['a', 'b', 'a', 'b']);
    expect(waits).toEqual([1000]);
    expect(first.a!.cpuPercent).toBeCloseTo(4);
    expect(first.b!.memUsage).toBe(42);
    const second = await s.snapshot(['a', 'b']);
    expect(e.calls).toHaveLength(6);
    expect(waits).toHaveLength(1);
    expect(second.a!.cpuPercent).toBeCloseTo(4);
    expect(second.b!.cpuPercent).toBeCloseTo(1);
  });

  it('leaves out stopped and removed containers, and uses an old engine’s own earlier reading', async () => {
    const primed = { ...reading(3_000, 200_000), precpu_stats: { cpu_usage: { total_usage: 1_000 }, system_cpu_usage: 100_000 } };
    const e = engine({ stopped: () => STOPPED, old: () => primed });
    const waits: number[] = [];
    const s = new StatsSnapshots(e.read, { sleep: async (ms) => void waits.push(ms) });
    const out = await s.snapshot(['stopped', 'gone', 'old']);
    expect(Object.keys(out)).toEqual(['old']);
    expect(out.old!.cpuPercent).toBeCloseTo(4);
    expect(waits).toEqual([]);
  });

  it('fails only when the engine does', async () => {
    const down = () => Object.assign(new Error('connect ENOENT'), { code: 'ENOENT' });
    await expect(new StatsSnapshots(engine({ a: down, b: down }).read).snapshot(['a', 'b'])).rejects.toSatisfy((e) => e instanceof BerthError && e.code === 'ENGINE_UNREACHABLE');
    const s = new StatsSnapshots(engine({ a: down, b: () => ({ ...reading(1, 1), precpu_stats: { system_cpu_usage: 0.5 } }) }).read);
    expect(Object.keys(await s.snapshot(['a', 'b']))).toEqual(['b']);
    expect(await s.snapshot([])).toEqual({});
  });
});
