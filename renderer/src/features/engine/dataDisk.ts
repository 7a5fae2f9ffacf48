// The data disk card's words: the disk's size on the host next to what the engine uses, and what a trim gave back.
import type { DiskUsage } from '../../../../app/model.js';
import type { VmDiskTrim, VmDiskUsage } from '../../../../app/vm.js';
import { bytes, duration } from '../../lib/format.js';

export type DiskRow = readonly [label: string, value: string | undefined];

/** What the engine says it uses (`docker system df`): images, containers, local volumes and build cache together. */
export function engineBytes(df: DiskUsage | undefined): number | undefined {
  return df ? df.images.size + df.containers.size + df.volumes.size + df.buildCache.size : undefined;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export function diskRows(disk: VmDiskUsage | undefined, df: DiskUsage | undefined, now = Date.now()): DiskRow[] {
  const used = engineBytes(df);
  return [
    ['On this computer', disk ? `${bytes(disk.allocatedBytes)} of ${bytes(disk.apparentBytes)}` : undefined],
    ['In the VM’s filesystem', disk?.guest ? `${bytes(disk.guest.usedBytes)} used of ${bytes(disk.guest.sizeBytes)}` : undefined],
    ['Engine uses (system df)', used === undefined ? undefined : bytes(used)],
    ['Last given back', disk?.lastTrim ? lastTrimText(disk.lastTrim, now) : undefined],
  ];
}

const WHY: Record<VmDiskTrim['reason'], string> = { manual: 'asked', removal: 'after a removal', daily: 'daily' };

function lastTrimText(t: VmDiskTrim, now: number): string {
  return `${bytes(t.returnedBytes)} (${WHY[t.reason]}, ${duration(now - t.at)} ago)`;
}

/** The sentence shown after "Give space back". */
export function trimResult(t: VmDiskTrim): string {
  const took = seconds(t.durationMs);
  if (t.returnedBytes === 0) return `Nothing to give back: the disk takes ${bytes(t.allocatedAfter)} on this computer (checked in ${took}).`;
  return `Gave ${bytes(t.returnedBytes)} back to this computer: the disk went from ${bytes(t.allocatedBefore)} to ${bytes(t.allocatedAfter)} (${took}).`;
}
