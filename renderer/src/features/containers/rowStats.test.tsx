import { act, cleanup, render } from '@testing-library/react';
import { useRef } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StatsSample } from '../../../../app/model';
import { addRowPoint, RowSampler, useOnScreen, useRowStats } from './rowStats';

let observers: { el: Element; cb: IntersectionObserverCallback; disconnected: boolean }[] = [];
class FakeIO {
  private entry: { el: Element; cb: IntersectionObserverCallback; disconnected: boolean } | undefined;
  constructor(private readonly cb: IntersectionObserverCallback) {}
  observe(el: Element) {
    this.entry = { el, cb: this.cb, disconnected: false };
    observers.push(this.entry);
  }
  disconnect() {
    if (this.entry) this.entry.disconnected = true;
  }
}
/** Scrolls rows into (or out of) view: all of them, or those whose data-id is listed. */
const setVisible = (v: boolean, ids?: string[]) =>
  act(() => observers.forEach((o) => !o.disconnected && (!ids || ids.includes(o.el.getAttribute('data-id') ?? '')) && o.cb([{ isIntersecting: v } as IntersectionObserverEntry], {} as IntersectionObserver)));

let visibility: DocumentVisibilityState = 'visible';
const setPageVisibility = (v: DocumentVisibilityState) =>
  act(() => {
    visibility = v;
    document.dispatchEvent(new Event('visibilitychange'));
  });

const sample = (cpu: number): StatsSample => ({ read: '', cpuPercent: cpu, memUsage: 1000, memLimit: 0, netRx: 0, netTx: 0, blkRead: 0, blkWrite: 0, pids: 1 });

function Probe({ id, sampler }: { id: string; sampler: RowSampler }) {
  const ref = useRef<HTMLDivElement>(null);
  const on = useOnScreen(ref);
  const points = useRowStats(id, on, sampler);
  return <div ref={ref} data-id={id} data-points={points.length} />;
}

/** A sampler whose snapshot requests are recorded and answered with one sample per id. */
function recording() {
  const calls: string[][] = [];
  const sampler = new RowSampler(async (ids) => {
    calls.push([...ids].sort());
    return Object.fromEntries(ids.map((id) => [id, sample(calls.length)]));
  }, 5000, 300);
  return { calls, sampler };
}
const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

describe('row stats', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('IntersectionObserver', FakeIO);
    visibility = 'visible';
    vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
  });
  afterEach(() => {
    cleanup();
    observers = [];
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('keeps a short series', () => {
    let pts = addRowPoint([], { cpuPercent: 1, memUsage: 10, memLimit: 0 }, 3);
    for (let i = 2; i <= 5; i++) pts = addRowPoint(pts, { cpuPercent: i, memUsage: 10 * i, memLimit: 0 }, 3);
    expect(pts.map((p) => p.cpu)).toEqual([3, 4, 5]);
  });

  it('samples the rows on screen together, one request per interval, none for rows off screen', async () => {
    const { calls, sampler } = recording();
    const { container } = render(
      <>
        <Probe id="a" sampler={sampler} />
        <Probe id="b" sampler={sampler} />
        <Probe id="c" sampler={sampler} />
      </>,
    );
    await advance(10_000);
    expect(calls).toEqual([]);
    setVisible(true, ['a', 'b']);
    await advance(300);
    expect(calls).toEqual([['a', 'b']]);
    expect(container.querySelector('[data-id="a"]')?.getAttribute('data-points')).toBe('1');
    await advance(4_000);
    expect(calls).toHaveLength(1);
    await advance(1_000);
    expect(calls).toEqual([['a', 'b'], ['a', 'b']]);
    // A row coming on screen is sampled soon, with the others; then all go on at the interval.
    setVisible(true, ['c']);
    await advance(300);
    expect(calls[2]).toEqual(['a', 'b', 'c']);
    // Scrolled away: no longer asked for; nothing on screen: no requests at all.
    setVisible(false, ['a', 'c']);
    await advance(5_000);
    expect(calls[3]).toEqual(['b']);
    setVisible(false);
    await advance(60_000);
    expect(calls).toHaveLength(4);
    expect(sampler.watched).toEqual([]);
  });

  it('stops while the page is hidden and samples again soon after it shows', async () => {
    const { calls, sampler } = recording();
    render(<Probe id="a" sampler={sampler} />);
    setVisible(true);
    await advance(300);
    expect(calls).toHaveLength(1);
    setPageVisibility('hidden');
    await advance(120_000);
    expect(calls).toHaveLength(1);
    setPageVisibility('visible');
    await advance(300);
    expect(calls).toHaveLength(2);
  });

  it('keeps the history of a row that comes back, and survives a failed request', async () => {
    let fail = false;
    const calls: string[][] = [];
    const sampler = new RowSampler(async (ids) => {
      calls.push(ids);
      if (fail) throw new Error('connection lost');
      return Object.fromEntries(ids.map((id) => [id, sample(1)]));
    }, 5000, 300);
    const { container, unmount } = render(<Probe id="a" sampler={sampler} />);
    setVisible(true);
    await advance(5_300);
    expect(container.firstElementChild?.getAttribute('data-points')).toBe('2');
    fail = true;
    await advance(5_000);
    expect(calls).toHaveLength(3);
    fail = false;
    await advance(5_000);
    expect(calls).toHaveLength(4);
    unmount();
    const again = render(<Probe id="a" sampler={sampler} />);
    expect(again.container.firstElementChild?.getAttribute('data-points')).toBe('3');
  });
});
