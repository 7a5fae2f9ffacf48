import { afterEach, describe, expect, it, vi } from 'vitest';
import { Batcher } from './batcher.js';

describe('Batcher', () => {
  afterEach(() => vi.useRealTimers());

  it('delivers after the interval', () => {
    vi.useFakeTimers();
    const out: number[][] = [];
    const b = new Batcher<number>((xs) => out.push(xs), { intervalMs: 16, maxItems: 100, maxBytes: 1000 }, () => 1);
    b.add(1);
    b.add(2);
    expect(out).toEqual([]);
    vi.advanceTimersByTime(16);
    expect(out).toEqual([[1, 2]]);
  });

  it('delivers at once when a batch is full by items or bytes', () => {
    const out: string[][] = [];
    const b = new Batcher<string>((xs) => out.push(xs), { intervalMs: 1000, maxItems: 3, maxBytes: 10 }, (s) => s.length);
    b.add('a');
    b.add('b');
    b.add('c');
    b.add('0123456789');
    expect(out).toEqual([['a', 'b', 'c'], ['0123456789']]);
    b.dispose();
  });

  it('with leading: delivers a lone item at once, batches what follows within the window', async () => {
    const out: string[][] = [];
    const b = new Batcher<string>((xs) => out.push(xs), { intervalMs: 20, maxItems: 100, maxBytes: 1000, leading: true }, (s) => s.length);
    b.add('a');
    expect(out).toEqual([['a']]);
    b.add('b');
    b.add('c');
    expect(out).toEqual([['a']]);
    await new Promise((r) => setTimeout(r, 40));
    expect(out).toEqual([['a'], ['b', 'c']]);
    await new Promise((r) => setTimeout(r, 30));
    b.add('d');
    expect(out.at(-1)).toEqual(['d']);
    b.dispose();
  });
});
