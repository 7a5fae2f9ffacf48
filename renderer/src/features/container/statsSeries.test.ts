import { describe, expect, it } from 'vitest';
import type { StatsSample } from '../../../../app/model';
import { addSample, MAX_POINTS } from './statsSeries';

const s = (read: string, over: Partial<StatsSample> = {}): StatsSample => ({ read, cpuPercent: 5, memUsage: 10, memLimit: 100, netRx: 0, netTx: 0, blkRead: 0, blkWrite: 0, pids: 1, ...over });

describe('stats series', () => {
  it('turns counters into rates', () => {
    const a = s('2024-01-01T00:00:00Z', { netRx: 1000 });
    const b = s('2024-01-01T00:00:02Z', { netRx: 5000 });
    let pts = addSample([], a, {});
    pts = addSample(pts, b, { prev: a });
    expect(pts[0]?.rx).toBe(0);
    expect(pts[1]?.rx).toBe(2000);
  });
  it('keeps the last points only', () => {
    let pts = addSample([], s('2024-01-01T00:00:00Z'), {});
    for (let i = 0; i < 100; i++) pts = addSample(pts, s('2024-01-01T00:00:00Z'), {});
    expect(pts).toHaveLength(MAX_POINTS);
  });
});
