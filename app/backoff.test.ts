// The backoff: the same delays as the loops it replaced (SSH and the port watcher, the engine link, the window's socket).
import { describe, expect, it } from 'vitest';
import { Backoff, backoffDelay } from './backoff.js';

describe('backoff', () => {
  it('doubles from the first delay up to the cap, as Math.min(3000, 100 * 2 ** Math.min(attempt, 5)) did', () => {
    const old = (attempt: number) => Math.min(3000, 100 * 2 ** Math.min(attempt, 5));
    for (let a = 0; a < 40; a++) expect(backoffDelay(a, { firstMs: 100, maxMs: 3000 })).toBe(old(a));
    expect(backoffDelay(5000, { firstMs: 100, maxMs: 3000 })).toBe(3000);
  });

  it('counts its attempts as the engine link did: 250 doubling to the cap, back to 250 after a success', () => {
    const b = new Backoff({ firstMs: 250, maxMs: 5000 });
    expect(Array.from({ length: 8 }, () => b.next())).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
    b.reset();
    expect([b.next(), b.next()]).toEqual([250, 500]);
  });

  it('matches the hand-rolled loop for any first and cap, a first delay above the cap included', () => {
    for (const [first, max] of [[100, 300], [100, 500], [250, 2000], [60_000, 5000], [300, 300]] as const) {
      const b = new Backoff({ firstMs: first, maxMs: max });
      let old = first;
      for (let i = 0; i < 12; i++) {
        expect(b.next(), `${first}/${max} #${i}`).toBe(old);
        old = Math.min(old * 2, max);
      }
    }
  });
});
