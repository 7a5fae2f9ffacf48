import { cleanup, render } from '@testing-library/react';
import { useRef } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { endTop, rowWindow, useFixedRows, type FixedRows } from './fixedRows';

describe('rowWindow', () => {
  it('draws only the rows on screen plus overscan, at any line count', () => {
    expect(rowWindow(1_000_000, 18, 18 * 500_000, 540, 20)).toEqual({ first: 499_980, last: 500_050, total: 18_000_000 });
    expect(rowWindow(10, 18, 0, 540, 20)).toEqual({ first: 0, last: 10, total: 180 });
  });
  it('copes with nothing to draw and with a scroll position past the end', () => {
    expect(rowWindow(0, 18, 100, 540, 20)).toEqual({ first: 0, last: 0, total: 0 });
    const w = rowWindow(5, 18, 10_000, 540, 2);
    expect(w.first).toBeLessThanOrEqual(w.last);
    expect(w.last).toBe(5);
  });
  it('puts the end at count * row height less the viewport', () => {
    expect(endTop(1_000_000, 18, 540)).toBe(18_000_000 - 540);
    expect(endTop(10, 18, 540)).toBe(0);
  });
});

describe('useFixedRows pinned to the end', () => {
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  /** The scroller's layout reads and scroll writes, counted. */
  function spyLayout() {
    const reads = { scrollHeight: 0, clientHeight: 0, scrollTop: 0 };
    const writes: number[] = [];
    let top = 0;
    vi.spyOn(HTMLElement.prototype, 'scrollHeight', 'get').mockImplementation(() => (reads.scrollHeight++, 0));
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(() => (reads.clientHeight++, 540));
    vi.spyOn(HTMLElement.prototype, 'scrollTop', 'get').mockImplementation(() => (reads.scrollTop++, top));
    vi.spyOn(HTMLElement.prototype, 'scrollTop', 'set').mockImplementation((v: number) => {
      top = v;
      writes.push(v);
    });
    return { reads, writes };
  }

  let rows: FixedRows | undefined;
  function View({ count, pinned }: { count: number; pinned: boolean }) {
    const ref = useRef<HTMLDivElement>(null);
    rows = useFixedRows(ref, count, 18, { overscan: 4, pinToEnd: pinned });
    return <div ref={ref} />;
  }

  it('draws the end and scrolls there as lines arrive, without reading layout', () => {
    const { reads, writes } = spyLayout();
    const { rerender } = render(<View count={1000} pinned />);
    const mountReads = { ...reads };
    expect(writes.at(-1)).toBe(18_000 - 540);
    expect(rows?.last).toBe(1000);
    expect(rows?.first).toBe(1000 - 30 - 4);
    for (let n = 2000; n <= 10_000; n += 1000) rerender(<View count={n} pinned />);
    expect(writes.at(-1)).toBe(180_000 - 540);
    expect(rows?.first).toBe(10_000 - 34);
    // Only the mount read the scroller; following read nothing.
    expect(reads).toEqual(mountReads);
    expect(reads.scrollHeight).toBe(0);
  });

  it('tells its own scrolls from the person’s, and stays where it was when unpinned', () => {
    const { writes } = spyLayout();
    const { rerender } = render(<View count={1000} pinned />);
    const end = 18_000 - 540;
    expect(rows?.ownScroll(end)).toBe(true);
    expect(rows?.ownScroll(end - 400)).toBe(false);
    // After a scroll elsewhere, even the old position counts as the person's.
    expect(rows?.ownScroll(end)).toBe(false);
    rerender(<View count={1100} pinned={false} />);
    expect(writes.at(-1)).toBe(end);
    expect(rows?.top).toBe(end);
    expect(rows?.last).toBeLessThan(1100);
  });

  it('counts a scroll to the end of the draw before as the end (its scroll event can come after the next draw)', () => {
    spyLayout();
    const { rerender } = render(<View count={1000} pinned={false} />);
    rerender(<View count={1003} pinned={false} />);
    const endBefore = 18_000 - 540;
    expect(rows?.atEnd(endBefore, 27)).toBe(true);
    expect(rows?.atEnd(endBefore - 100, 27)).toBe(false);
    rerender(<View count={1006} pinned={false} />);
    expect(rows?.atEnd(endBefore, 27)).toBe(false);
    expect(rows?.atEnd(1003 * 18 - 540, 27)).toBe(true);
  });
});
