// MoveReporter: steps sent at once, bytes at most every interval, only the newest state while the window is behind.
import { describe, expect, it } from 'vitest';
import type { MoveProgress } from '../../../app/engines.js';
import { MoveReporter } from './move-progress.js';

function sink() {
  const got: MoveProgress[] = [];
  let accept = true;
  let drain: (() => void) | undefined;
  return {
    got,
    behind: () => (accept = false),
    catchUp: () => {
      accept = true;
      drain?.();
    },
    push: (c: MoveProgress) => (got.push(c), accept),
    onDrain: (cb: () => void) => void (drain = cb),
  };
}

describe('MoveReporter', () => {
  it('sends a step at once and the bytes counted through it in batches', async () => {
    const s = sink();
    const r = new MoveReporter(s, 10);
    r.step('image', 'app:1', 300);
    expect(s.got).toEqual([{ step: 'image', what: 'app:1', bytes: 0, total: 300 }]);
    const c = r.counter();
    c.resume();
    c.write(Buffer.alloc(100));
    c.write(Buffer.alloc(200));
    await new Promise((x) => setTimeout(x, 40));
    expect(s.got.at(-1)?.bytes).toBe(300);
    expect(s.got).toHaveLength(2);
    r.done('loaded');
    r.close();
    expect(s.got.at(-1)).toMatchObject({ bytes: 300, status: 'loaded' });
  });

  it('keeps only the newest state while the window is behind, and sends it when the window catches up', () => {
    const s = sink();
    const r = new MoveReporter(s, 1000);
    s.behind();
    r.step('volume', 'data');
    r.step('volume', 'logs');
    r.add(5);
    r.done('copied');
    expect(s.got.map((g) => g.what)).toEqual(['data']);
    s.catchUp();
    expect(s.got.at(-1)).toEqual({ step: 'volume', what: 'logs', bytes: 5, status: 'copied' });
    r.close();
  });
});
