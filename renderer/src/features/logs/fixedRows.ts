// Windowing for fixed-height rows: which rows to draw, and where the end is, from row count * row height — never from layout reads.
import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';

export interface RowWindow {
  first: number;
  /** One past the last row to draw. */
  last: number;
  total: number;
}

/** The rows visible at `scrollTop` in a viewport `height` px tall, plus `overscan` either side. */
export function rowWindow(count: number, rowHeight: number, scrollTop: number, height: number, overscan: number): RowWindow {
  if (count <= 0 || rowHeight <= 0) return { first: 0, last: 0, total: 0 };
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + Math.max(0, height)) / rowHeight) + overscan);
  return { first: Math.min(first, last), last, total: count * rowHeight };
}

/** The scroll position that shows the last row at the bottom of a viewport `height` px tall. */
export function endTop(count: number, rowHeight: number, height: number): number {
  return Math.max(0, count * rowHeight - Math.max(0, height));
}

export interface FixedRows extends RowWindow {
  /** The viewport's height (px), kept from a ResizeObserver. */
  height: number;
  /** The scroll position the window is drawn for. */
  top: number;
  /** Scrolls so that row `index` is in the middle. */
  scrollToIndex(index: number): void;
  /** Whether `scrollTop` (from a scroll event) is where this hook scrolled last; a position that is not forgets that. */
  ownScroll(scrollTop: number): boolean;
  /**
   * Whether `scrollTop` shows the end, within `slack` px, of the rows drawn now or at the draw before: a scroll to
   * the end is answered by its scroll event, which may come after another draw has added rows.
   */
  atEnd(scrollTop: number, slack: number): boolean;
}

/**
 * Tracks the scroller for fixed-height rows and returns the rows to draw. With `pinToEnd`, the window is drawn at the
 * end (count * rowHeight - height) and the scroller is moved there right after React commits it: one layout per
 * frame, no read of scrollHeight or clientHeight while following. The height comes from a ResizeObserver; the scroll
 * position from scroll events.
 */
export function useFixedRows(scroller: RefObject<HTMLElement | null>, count: number, rowHeight: number, opts: { overscan?: number; pinToEnd?: boolean } = {}): FixedRows {
  const overscan = opts.overscan ?? 20;
  const [height, setHeight] = useState(600);
  /** The scroll position last seen in a scroll event or set here. */
  const seenTop = useRef(0);
  /** Where this hook scrolled last (until a scroll elsewhere is seen). */
  const written = useRef<number | undefined>(undefined);
  /** Bumped when the person scrolls, to draw the window there. */
  const [, setMoved] = useState(0);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    // The only layout reads: once on mount, then each in a scroll event or a ResizeObserver callback (layout is fresh there).
    setHeight(el.clientHeight);
    seenTop.current = el.scrollTop;
    let frame = 0;
    const read = () => {
      frame = 0;
      const top = el.scrollTop;
      if (top === seenTop.current) return;
      seenTop.current = top;
      setMoved((n) => n + 1);
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(read);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    const ro = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(() => setHeight(el.clientHeight));
    ro?.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      ro?.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [scroller]);

  const pinned = opts.pinToEnd === true;
  const end = endTop(count, rowHeight, height);
  // While pinned the window is drawn at the end in the same render that adds the rows; the scroller follows below.
  // The position is a ref on purpose: the scroll events of our own scrolls must not render again.
  const top = pinned ? end : seenTop.current;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!pinned || !el || (written.current === end && seenTop.current === end)) return;
    written.current = end;
    seenTop.current = end;
    el.scrollTop = end;
  }, [pinned, end, scroller]);

  const scrollTo = useCallback(
    (t: number) => {
      const el = scroller.current;
      if (!el) return;
      written.current = t;
      seenTop.current = t;
      el.scrollTop = t;
      setMoved((n) => n + 1);
    },
    [scroller],
  );
  const scrollToIndex = useCallback((index: number) => scrollTo(Math.max(0, index * rowHeight - height / 2 + rowHeight / 2)), [scrollTo, rowHeight, height]);
  const ownScroll = useCallback((t: number) => {
    if (written.current !== undefined && Math.abs(t - written.current) < 2) return true;
    written.current = undefined;
    return false;
  }, []);

  const total = count * rowHeight;
  const totals = useRef({ now: 0, before: 0 });
  useLayoutEffect(() => {
    if (totals.current.now !== total) totals.current = { now: total, before: totals.current.now };
  }, [total]);
  const atEnd = useCallback((t: number, slack: number) => t + height >= Math.min(total, totals.current.before || total) - slack, [height, total]);

  return { ...rowWindow(count, rowHeight, top, height, overscan), height, top, scrollToIndex, ownScroll, atEnd };
}
