import { describe, expect, it } from 'vitest';
import { cpuPercent, jsonLines, memUsage, toStatsSample, type RawStats } from './stats.js';

const v1: RawStats = {
  read: '2024-01-01T00:00:01Z',
  cpu_stats: { cpu_usage: { total_usage: 3_000_000, percpu_usage: [1, 2, 3, 4] }, system_cpu_usage: 200_000_000 },
  precpu_stats: { cpu_usage: { total_usage: 1_000_000 }, system_cpu_usage: 100_000_000 },
  memory_stats: { usage: 10_000, limit: 1_000_000, stats: { total_inactive_file: 3_000, cache: 5_000 } },
  networks: { eth0: { rx_bytes: 10, tx_bytes: 20 }, eth1: { rx_bytes: 1, tx_bytes: 2 } },
  blkio_stats: { io_service_bytes_recursive: [{ op: 'Read', value: 100 }, { op: 'Write', value: 50 }, { op: 'Read', value: 1 }, { op: 'Total', value: 151 }] },
  pids_stats: { current: 7 },
};

describe('stats arithmetic (docker stats)', () => {
  it('computes CPU% from deltas times the CPUs (percpu count when online_cpus is missing)', () => {
    expect(cpuPercent(v1)).toBeCloseTo((2_000_000 / 100_000_000) * 4 * 100);
    expect(cpuPercent({ ...v1, cpu_stats: { ...v1.cpu_stats, online_cpus: 2 } })).toBeCloseTo(4);
    expect(cpuPercent({ cpu_stats: {}, precpu_stats: {} })).toBe(0);
  });

  it('subtracts inactive file pages (cgroup v1 total_inactive_file, v2 inactive_file)', () => {
    expect(memUsage(v1)).toBe(7_000);
    expect(memUsage({ memory_stats: { usage: 10_000, stats: { inactive_file: 4_000 } } })).toBe(6_000);
    expect(memUsage({ memory_stats: { usage: 10_000, stats: { inactive_file: 40_000 } } })).toBe(10_000);
    expect(memUsage({ memory_stats: { usage: 10_000 } })).toBe(10_000);
  });

  it('sums network and block I/O, reads pids', () => {
    expect(toStatsSample(v1)).toMatchObject({ read: '2024-01-01T00:00:01Z', memLimit: 1_000_000, netRx: 11, netTx: 22, blkRead: 101, blkWrite: 50, pids: 7 });
    // cgroup v2 names ops in lower case.
    expect(toStatsSample({ blkio_stats: { io_service_bytes_recursive: [{ op: 'read', value: 5 }, { op: 'write', value: 6 }] } })).toMatchObject({ blkRead: 5, blkWrite: 6, netRx: 0 });
  });
});

describe('jsonLines', () => {
  it('parses newline-delimited JSON across chunks and reports bad lines', () => {
    const got: unknown[] = [];
    const bad: string[] = [];
    const p = jsonLines((v) => got.push(v), (l) => bad.push(l));
    p.write(Buffer.from('{"a":1}\n{"b"'));
    p.write(Buffer.from(':2}\nnope\n'));
    p.write(Buffer.from('{"c":3}'));
    p.end();
    expect(got).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
    expect(bad).toEqual(['nope']);
  });
});
