// One CPU/memory sample of many containers in one request (the engine's one-shot stats): what list rows need, at a low rate.
import type { StatsSample } from '../../../app/model.js';
import type { CoreContext } from '../context.js';
import { createLogger } from '../log.js';
import { dial } from '../streams/dial.js';
import { mapEngineError } from './link/errors.js';
import { cpuPercent, toStatsSample, type RawStats } from './stats.js';

const log = createLogger('stats');

/**
 * Engine calls in flight at once for one snapshot. Each waits for the engine's next stats round (it collects the
 * containers asked for about once a second), so the calls of one snapshot should share a round: a screenful of rows.
 */
const PARALLEL = 32;
/** A container read for the first time is read again this much later, so its CPU share covers an interval. */
export const PRIME_MS = 1000;
/** A container's last CPU counters are forgotten after this long without a snapshot. */
const FORGET_MS = 120_000;
const MAX_KEPT = 5000;

type CpuCounters = NonNullable<RawStats['cpu_stats']>;
/** Reads one container's stats once: no stream, no engine-side second sample. */
export type ReadOnce = (id: string) => Promise<RawStats>;

/** The engine's one-shot stats: no second frame for a CPU delta (API >= 1.41; an older engine ignores it and sends one). */
export function readOnce(ctx: CoreContext): ReadOnce {
  return (id) =>
    dial<RawStats>(ctx.docker, {
      path: `/containers/${encodeURIComponent(id)}/stats`,
      method: 'GET',
      query: { stream: false, 'one-shot': true },
      statusCodes: { 200: true, 404: 'no such container', 409: 'conflict', 500: 'server error' },
    });
}

/** A stopped container answers with zeroed counters and the zero time. */
function isRunning(s: RawStats): boolean {
  return !!s.cpu_stats?.system_cpu_usage && !(s.read ?? '').startsWith('0001-');
}

/** CPU% between an earlier reading of the cumulative counters and this one, with the arithmetic of `docker stats`. */
export function cpuSince(prev: CpuCounters, s: RawStats): number {
  return cpuPercent({ ...s, precpu_stats: prev });
}

/**
 * Samples containers on request. CPU% needs two readings: the engine's one-shot answer has none before it, so the
 * counters of each container's last reading are kept, and the share is over the time since; a container read for
 * the first time is read twice, PRIME_MS apart (one wait for all of them).
 */
export class StatsSnapshots {
  private readonly last = new Map<string, { cpu: CpuCounters; at: number }>();

  constructor(
    private readonly read: ReadOnce,
    private readonly opts: { primeMs?: number; now?: () => number; sleep?: (ms: number) => Promise<void> } = {},
  ) {}

  async snapshot(ids: readonly string[]): Promise<Record<string, StatsSample>> {
    const wanted = [...new Set(ids)];
    const out: Record<string, StatsSample> = {};
    const first = await this.readAll(wanted);
    const unprimed: string[] = [];
    for (const [id, s] of first) {
      const prev = this.last.get(id);
      this.keep(id, s);
      // An engine without one-shot sends its own earlier reading (precpu), like the stream does.
      if (s.precpu_stats?.system_cpu_usage) out[id] = toStatsSample(s);
      else if (prev) out[id] = { ...toStatsSample(s), cpuPercent: cpuSince(prev.cpu, s) };
      else unprimed.push(id);
    }
    if (unprimed.length > 0) {
      await (this.opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))))(this.opts.primeMs ?? PRIME_MS);
      for (const [id, s] of await this.readAll(unprimed)) {
        this.keep(id, s);
        out[id] = { ...toStatsSample(s), cpuPercent: cpuSince(first.get(id)?.cpu_stats ?? {}, s) };
      }
    }
    this.forget();
    return out;
  }

  /** Running containers' readings; gone or stopped ones are left out. Fails only when the engine itself does. */
  private async readAll(ids: readonly string[]): Promise<Map<string, RawStats>> {
    const got = new Map<string, RawStats>();
    let failure: unknown;
    let next = 0;
    const worker = async () => {
      for (let id = ids[next++]; id !== undefined; id = ids[next++]) {
        try {
          const s = await this.read(id);
          if (isRunning(s)) got.set(id, s);
        } catch (e) {
          const err = mapEngineError(e, { what: `Container ${id}` });
          if (err.code === 'NOT_FOUND' || err.code === 'CONFLICT') continue;
          failure ??= err;
          log.debug(`stats of ${id}: ${err.message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, ids.length) }, worker));
    if (failure && got.size === 0) throw failure;
    return got;
  }

  private keep(id: string, s: RawStats): void {
    this.last.delete(id);
    this.last.set(id, { cpu: s.cpu_stats ?? {}, at: (this.opts.now ?? Date.now)() });
  }

  private forget(): void {
    const old = (this.opts.now ?? Date.now)() - FORGET_MS;
    for (const [id, v] of this.last) {
      if (v.at >= old && this.last.size <= MAX_KEPT) break;
      this.last.delete(id);
    }
  }
}
