import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withTimeout } from './timeout.js';

describe('withTimeout', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('gives the answer when it comes in time, and clears its timer', async () => {
    await expect(withTimeout(Promise.resolve(7), 1000, () => new Error('late'))).resolves.toBe(7);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("fails with the caller's error once the time is up, and passes the promise's own failure through", async () => {
    const never = withTimeout(new Promise<number>(() => undefined), 1000, () => new Error('no answer within 1000 ms'));
    const check = expect(never).rejects.toThrow('no answer within 1000 ms');
    await vi.advanceTimersByTimeAsync(1000);
    await check;
    await expect(withTimeout(Promise.reject(new Error('refused')), 1000, () => new Error('late'))).rejects.toThrow('refused');
  });
});
