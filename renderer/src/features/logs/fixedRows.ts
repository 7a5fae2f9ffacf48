// Windowing for fixed-height rows: which rows to draw costs O(rows on screen), whatever the line count.
import { useCallback, useEffect, useState, type RefObject } from 'react';

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

/** Tracks the scroller's position and size (one read per animation frame) and returns the rows to draw. */
export function useFixedRows(scroller: RefObject<HTMLElement | null>, count: number, rowHeight: number, overscan = 20) {
  const [view, setView] = useState({ top: 0, height: 600 });
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    let frame = 0;
    const read = () => {
      frame = 0;
      setView((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(read);
    };
    read();
    el.addEventListener('scroll', onScroll, { passive: true });
    const ro = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(onScroll);
    ro?.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      ro?.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [scroller]);
  const scrollToIndex = useCallback(
    (index: number) => {
      const el = scroller.current;
      if (el) el.scrollTop = Math.max(0, index * rowHeight - el.clientHeight / 2 + rowHeight / 2);
    },
    [scroller, rowHeight],
  );
  return { ...rowWindow(count, rowHeight, view.top, view.height, overscan), scrollToIndex };
}
