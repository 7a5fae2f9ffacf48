// Live stats as chart series: the last N samples, with network and block I/O turned into rates (pure).
import type { StatsSample } from '../../../../app/model.js';

export interface StatsPoint {
  t: number;
  cpu: number;
  mem: number;
  memLimit: number;
  rx: number;
  tx: number;
  blkR: number;
  blkW: number;
  pids: number;
}

export const MAX_POINTS = 60;

/** Adds a sample; rates are per second against the previous sample (0 for the first or after a counter reset). */
export function addSample(points: readonly StatsPoint[], s: StatsSample, raw: { prev?: StatsSample | undefined }): StatsPoint[] {
  const t = Date.parse(s.read) || Date.now();
  const prev = raw.prev;
  const dt = prev ? Math.max(0.001, (t - (Date.parse(prev.read) || t - 1000)) / 1000) : 1;
  const rate = (now: number, before: number | undefined) => (before === undefined || now < before ? 0 : (now - before) / dt);
  const p: StatsPoint = {
    t,
    cpu: s.cpuPercent,
    mem: s.memUsage,
    memLimit: s.memLimit,
    rx: rate(s.netRx, prev?.netRx),
    tx: rate(s.netTx, prev?.netTx),
    blkR: rate(s.blkRead, prev?.blkRead),
    blkW: rate(s.blkWrite, prev?.blkWrite),
    pids: s.pids,
  };
  const next = points.length >= MAX_POINTS ? points.slice(points.length - MAX_POINTS + 1) : points.slice();
  next.push(p);
  return next;
}
