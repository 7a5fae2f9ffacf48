import { describe, expect, it } from 'vitest';
import type { DiskUsage } from '../../../../app/model.js';
import type { VmDiskTrim } from '../../../../app/vm.js';
import { diskRows, engineBytes, trimResult } from './dataDisk.js';

const GiB = 2 ** 30;
const row = (size: number) => ({ count: 1, active: 1, size, reclaimable: 0 });
const df: DiskUsage = { images: row(GiB), containers: row(GiB / 2), volumes: row(GiB / 4), buildCache: row(GiB / 4) };
const trim: VmDiskTrim = { reason: 'removal', at: 1_000_000, durationMs: 4200, allocatedBefore: 3 * GiB, allocatedAfter: 2 * GiB, returnedBytes: GiB, trimmedBytes: 6 * GiB };

describe('the data disk card', () => {
  it('puts the disk on the host next to the guest filesystem and what the engine uses', () => {
    expect(engineBytes(df)).toBe(2 * GiB);
    expect(engineBytes(undefined)).toBeUndefined();
    const rows = diskRows({ file: '/x/data.img', allocatedBytes: 3 * GiB, apparentBytes: 64 * GiB, guest: { sizeBytes: 63 * GiB, usedBytes: 2.5 * GiB }, lastTrim: trim }, df, 1_000_000 + 120_000);
    expect(rows).toEqual([
      ['On this computer', '3 GiB of 64 GiB'],
      ['In the VM’s filesystem', '2.5 GiB used of 63 GiB'],
      ['Engine uses (system df)', '2 GiB'],
      ['Last given back', '1 GiB (after a removal, 2 min ago)'],
    ]);
  });

  it('leaves unknowns empty (the VM stopped, df not read yet)', () => {
    expect(diskRows({ file: '/x/data.img', allocatedBytes: GiB, apparentBytes: 8 * GiB }, undefined).map((r) => r[1])).toEqual(['1 GiB of 8 GiB', undefined, undefined, undefined]);
    expect(diskRows(undefined, undefined).every((r) => r[1] === undefined)).toBe(true);
  });

  it('says what a trim gave back, or that there was nothing', () => {
    expect(trimResult(trim)).toBe('Gave 1 GiB back to this computer: the disk went from 3 GiB to 2 GiB (4.2 s).');
    expect(trimResult({ ...trim, returnedBytes: 0, allocatedBefore: 2 * GiB })).toBe('Nothing to give back: the disk takes 2 GiB on this computer (checked in 4.2 s).');
  });
});
