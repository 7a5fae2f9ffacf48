// Unit tests of the exec helpers that need no engine: ordered resizes and the TERM default.
import { describe, expect, it } from 'vitest';
import { execEnv, orderedResize } from './exec.js';

describe('orderedResize', () => {
  it('applies sizes one at a time, in order', async () => {
    const applied: string[] = [];
    let inFlight = 0;
    const resize = orderedResize(async (c, r) => {
      inFlight++;
      expect(inFlight).toBe(1);
      await new Promise((res) => setTimeout(res, 5));
      applied.push(`${c}x${r}`);
      inFlight--;
    });
    const first = resize(80, 24);
    await new Promise((res) => setTimeout(res, 1));
    // The first is already being applied when the second is asked for: both land, in order.
    await Promise.all([first, resize(100, 40)]);
    expect(applied).toEqual(['80x24', '100x40']);
  });

  it('never lets a retried initial size override a later resize', async () => {
    const applied: string[] = [];
    let failures = 2;
    const resize = orderedResize(async (c, r) => {
      await new Promise((res) => setTimeout(res, 5));
      if (c === 80 && failures-- > 0) throw new Error('no such process yet');
      applied.push(`${c}x${r}`);
    });
    const initial = resize(80, 24, 5);
    const later = resize(100, 40);
    await Promise.all([initial, later]);
    expect(applied).toEqual(['100x40']);
  });

  it('drops queued stale sizes and rejects only the caller whose size failed', async () => {
    const applied: string[] = [];
    const resize = orderedResize(async (c, r) => {
      await new Promise((res) => setTimeout(res, 5));
      if (c === 1) throw new Error('bad');
      applied.push(`${c}x${r}`);
    });
    const first = resize(1, 1);
    await new Promise((res) => setTimeout(res, 1));
    const stale = resize(90, 30);
    const last = resize(120, 50);
    await expect(first).rejects.toThrow('bad');
    await stale;
    await last;
    // The failure does not stop the queue; the stale size in between is never sent.
    expect(applied).toEqual(['120x50']);
  });
});

describe('execEnv', () => {
  it('adds TERM for a TTY unless given', () => {
    expect(execEnv([], true)).toEqual(['TERM=xterm-256color']);
    expect(execEnv(['TERM=vt100'], true)).toEqual(['TERM=vt100']);
    expect(execEnv([], false)).toBeUndefined();
  });
});
