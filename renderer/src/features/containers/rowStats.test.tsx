import { act, cleanup, render } from '@testing-library/react';
import { useRef } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setConnection, type BerthClient } from '../../transport/index';
import { addRowPoint, useOnScreen, useRowStats } from './rowStats';

let observers: { cb: IntersectionObserverCallback; disconnected: boolean }[] = [];
class FakeIO {
  private readonly entry: { cb: IntersectionObserverCallback; disconnected: boolean };
  constructor(cb: IntersectionObserverCallback) {
    this.entry = { cb, disconnected: false };
    observers.push(this.entry);
  }
  observe() {}
  disconnect() {
    this.entry.disconnected = true;
  }
}
const setVisible = (v: boolean) => act(() => observers.forEach((o) => !o.disconnected && o.cb([{ isIntersecting: v } as IntersectionObserverEntry], {} as IntersectionObserver)));

function Probe({ id }: { id: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const on = useOnScreen(ref);
  const points = useRowStats(id, on);
  return <div ref={ref} data-points={points.length} />;
}

describe('row stats', () => {
  afterEach(() => {
    cleanup();
    setConnection(undefined);
    observers = [];
    vi.unstubAllGlobals();
  });

  it('keeps a short series', () => {
    let pts = addRowPoint([], { cpuPercent: 1, memUsage: 10, memLimit: 0 }, 3);
    for (let i = 2; i <= 5; i++) pts = addRowPoint(pts, { cpuPercent: i, memUsage: 10 * i, memLimit: 0 }, 3);
    expect(pts.map((p) => p.cpu)).toEqual([3, 4, 5]);
  });

  it('streams only while the row is on screen, and closes when it scrolls away', () => {
    vi.stubGlobal('IntersectionObserver', FakeIO);
    const opened: string[] = [];
    const closed: string[] = [];
    let push: ((s: unknown) => void) | undefined;
    const stats = vi.fn((input: { id: string }, cb: { onData(s: unknown): void }) => {
      opened.push(input.id);
      push = cb.onData;
      return { write() {}, resize() {}, ack() {}, close: () => closed.push(input.id) };
    });
    setConnection({ client: { containers: { stats } } as unknown as BerthClient, state: () => 'open', onState: () => () => undefined });
    const { container, unmount } = render(<Probe id="c1" />);
    expect(opened).toEqual([]);
    setVisible(true);
    expect(opened).toEqual(['c1']);
    act(() => push?.({ read: '', cpuPercent: 3, memUsage: 1000, memLimit: 0, netRx: 0, netTx: 0, blkRead: 0, blkWrite: 0, pids: 1 }));
    expect(container.firstElementChild?.getAttribute('data-points')).toBe('1');
    setVisible(false);
    expect(closed).toEqual(['c1']);
    setVisible(true);
    expect(opened).toEqual(['c1', 'c1']);
    unmount();
    expect(closed).toEqual(['c1', 'c1']);
  });
});
