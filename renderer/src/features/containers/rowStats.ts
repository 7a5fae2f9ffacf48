// Per-row CPU and memory for running containers: a `containers.stats` stream only while the row is on screen (closed when it
// scrolls away or the container stops; no polling), with a short history kept per container so a row that comes back has it.
import { useEffect, useState, type RefObject } from 'react';
import type { StatsSample } from '../../../../app/model.js';
import { client } from '../../transport/index.js';

export interface RowPoint {
  cpu: number;
  mem: number;
  memLimit: number;
}

export const ROW_POINTS = 30;
const history = new Map<string, RowPoint[]>();
/** Streams open now, by container id (for tests and the bench). */
export const openRowStreams = new Set<string>();

/** Adds a sample to a short series (pure). */
export function addRowPoint(points: readonly RowPoint[], s: Pick<StatsSample, 'cpuPercent' | 'memUsage' | 'memLimit'>, max = ROW_POINTS): RowPoint[] {
  const next = points.length >= max ? points.slice(points.length - max + 1) : points.slice();
  next.push({ cpu: s.cpuPercent, mem: s.memUsage, memLimit: s.memLimit });
  return next;
}

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

export function useRowStats(id: string, active: boolean): RowPoint[] {
  const [points, setPoints] = useState<RowPoint[]>(() => history.get(id) ?? []);
  useEffect(() => {
    if (!active) return;
    openRowStreams.add(id);
    const h = client().containers.stats(
      { id },
      {
        onData: (s) => {
          const next = addRowPoint(history.get(id) ?? [], s);
          history.set(id, next);
          if (history.size > 2000) history.delete(history.keys().next().value as string);
          setPoints(next);
        },
        onEnd: () => openRowStreams.delete(id),
      },
    );
    return () => {
      openRowStreams.delete(id);
      h.close();
    };
  }, [id, active]);
  return points;
}
