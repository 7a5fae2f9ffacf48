// Per-row CPU and memory for running containers: the rows on screen are sampled together, one `containers.statsSnapshot`
// request every 10 s, none while the page is hidden or no row is on screen; a short history is kept per container.
import { useEffect, useState, type RefObject } from 'react';
import type { StatsSample } from '../../../../app/model.js';
import { client } from '../../transport/index.js';

export interface RowPoint {
  cpu: number;
  mem: number;
  memLimit: number;
}

export const ROW_POINTS = 30;
/**
 * How often rows on screen are sampled (the Stats tab of a container streams at 1 Hz instead). Each container costs
 * the core an engine request (~1-2 ms of CPU on the bench machine), so 10 s keeps a screenful of rows under 0.5% of a core.
 */
export const ROW_SAMPLE_MS = 10_000;
/** A row that comes on screen waits this long, so rows appearing together (first paint, a scroll) share one request. */
export const ROW_GATHER_MS = 300;
const MAX_HISTORY = 2000;

/** Adds a sample to a short series (pure). */
export function addRowPoint(points: readonly RowPoint[], s: Pick<StatsSample, 'cpuPercent' | 'memUsage' | 'memLimit'>, max = ROW_POINTS): RowPoint[] {
  const next = points.length >= max ? points.slice(points.length - max + 1) : points.slice();
  next.push({ cpu: s.cpuPercent, mem: s.memUsage, memLimit: s.memLimit });
  return next;
}

type Snapshot = (ids: string[]) => Promise<Record<string, StatsSample>>;
type Watcher = (points: RowPoint[]) => void;

const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';

/**
 * Samples the watched rows: one request for all of them every `intervalMs`, sooner (after `gatherMs`) when a row
 * without a recent sample comes on screen; nothing while the page is hidden or nothing is watched.
 */
export class RowSampler {
  private readonly watchers = new Map<string, Set<Watcher>>();
  private readonly history = new Map<string, RowPoint[]>();
  /** When each container was last asked for (answered or not). */
  private readonly askedAt = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = 0;
  private inFlight = false;
  private listening = false;

  constructor(
    private readonly snapshot: Snapshot,
    private readonly intervalMs = ROW_SAMPLE_MS,
    private readonly gatherMs = ROW_GATHER_MS,
  ) {}

  /** Containers sampled now. */
  get watched(): string[] {
    return [...this.watchers.keys()];
  }

  points(id: string): RowPoint[] {
    return this.history.get(id) ?? [];
  }

  /** Samples `id` while the returned disposer has not been called; `onPoints` gets its series after each sample. */
  watch(id: string, onPoints: Watcher): () => void {
    let set = this.watchers.get(id);
    if (!set) this.watchers.set(id, (set = new Set()));
    set.add(onPoints);
    this.listen(true);
    this.schedule(this.due());
    return () => {
      set.delete(onPoints);
      if (set.size === 0 && this.watchers.get(id) === set) this.watchers.delete(id);
      if (this.watchers.size === 0) {
        this.stop();
        this.listen(false);
      }
    };
  }

  private readonly onVisibility = () => {
    if (hidden()) this.stop();
    else this.schedule(this.due());
  };

  /** Until the next sample: the interval since the row asked for longest ago, but no sooner than `gatherMs`. */
  private due(): number {
    const now = Date.now();
    let wait = this.intervalMs;
    for (const id of this.watchers.keys()) wait = Math.min(wait, (this.askedAt.get(id) ?? -Infinity) + this.intervalMs - now);
    return Math.max(this.gatherMs, wait);
  }

  private listen(on: boolean): void {
    if (on === this.listening || typeof document === 'undefined') return;
    this.listening = on;
    if (on) document.addEventListener('visibilitychange', this.onVisibility);
    else document.removeEventListener('visibilitychange', this.onVisibility);
  }

  /** Makes sure a sample is taken within `delayMs` (never later than one already planned). */
  private schedule(delayMs: number): void {
    if (this.inFlight || this.watchers.size === 0 || hidden()) return;
    const at = Date.now() + delayMs;
    if (this.timer !== undefined && this.timerAt <= at) return;
    this.stop();
    this.timerAt = at;
    this.timer = setTimeout(() => void this.sample(), delayMs);
  }

  private stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async sample(): Promise<void> {
    this.timer = undefined;
    const ids = this.watched;
    if (ids.length === 0 || hidden()) return;
    this.inFlight = true;
    const now = Date.now();
    for (const id of ids) {
      this.askedAt.delete(id);
      this.askedAt.set(id, now);
    }
    try {
      const got = await this.snapshot(ids);
      for (const [id, s] of Object.entries(got)) {
        const next = addRowPoint(this.history.get(id) ?? [], s);
        this.history.delete(id);
        this.history.set(id, next);
        for (const w of this.watchers.get(id) ?? []) w(next);
      }
      for (const id of this.history.keys()) {
        if (this.history.size <= MAX_HISTORY) break;
        this.history.delete(id);
      }
      for (const id of this.askedAt.keys()) {
        if (this.askedAt.size <= MAX_HISTORY) break;
        this.askedAt.delete(id);
      }
    } catch {
      // The engine is away or the connection dropped: the rows keep what they have; the next round tries again.
    } finally {
      this.inFlight = false;
      this.schedule(this.due());
    }
  }
}

/** The window's sampler of list rows. */
export const rowSampler = new RowSampler((ids) => client().containers.statsSnapshot({ ids }));

/** Whether the element is inside the visible part of its scrolling ancestors. */
export function useOnScreen(ref: RefObject<Element | null>): boolean {
  const [on, setOn] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (typeof IntersectionObserver === 'undefined') {
      setOn(true);
      return;
    }
    const io = new IntersectionObserver((entries) => {
      for (const e of entries) setOn(e.isIntersecting);
    });
    io.observe(el);
    return () => io.disconnect();
  }, [ref]);
  return on;
}

/** A row's CPU/memory series, sampled while `active` (on screen). */
export function useRowStats(id: string, active: boolean, sampler: RowSampler = rowSampler): RowPoint[] {
  const [points, setPoints] = useState<RowPoint[]>(() => sampler.points(id));
  useEffect(() => {
    if (!active) return;
    setPoints(sampler.points(id));
    return sampler.watch(id, setPoints);
  }, [id, active, sampler]);
  return points;
}
