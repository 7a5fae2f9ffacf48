import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { backpressure } from './backpressure.js';

describe('backpressure', () => {
  it('pauses the source when push is refused and resumes on drain', () => {
    const src = new PassThrough();
    src.resume();
    let drain: (() => void) | undefined;
    let waits = 0;
    const pushed = backpressure(src, (cb) => {
      waits++;
      drain = cb;
    });
    pushed(true);
    expect(src.isPaused()).toBe(false);
    pushed(false);
    pushed(false);
    expect(src.isPaused()).toBe(true);
    expect(waits).toBe(1);
    drain?.();
    expect(src.isPaused()).toBe(false);
  });
});
