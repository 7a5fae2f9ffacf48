import { describe, expect, it, vi } from 'vitest';
import { KEEP, PER_MINUTE, WindowErrors } from './window-errors.js';

const logger = () => ({ debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() });

describe('WindowErrors', () => {
  it('logs a report as an error with where it happened, and keeps it for the bundle', () => {
    const log = logger();
    const w = new WindowErrors(log, () => 1_000);
    expect(w.report({ where: 'page image', message: 'boom', stack: 'Error: boom\n at x', route: '#/images/abc' })).toEqual({ logged: true });
    expect(log.error).toHaveBeenCalledWith('the window caught an error in page image at #/images/abc: boom', { stack: 'Error: boom\n at x', componentStack: undefined });
    expect(w.recent()).toEqual([{ at: new Date(1_000).toISOString(), where: 'page image', message: 'boom', stack: 'Error: boom\n at x', route: '#/images/abc' }]);
  });

  it('caps reports a minute and says how many were left out', () => {
    const log = logger();
    let t = 0;
    const w = new WindowErrors(log, () => t);
    for (let i = 0; i < PER_MINUTE + 5; i++) w.report({ where: 'root', message: `e${i}` });
    expect(log.error).toHaveBeenCalledTimes(PER_MINUTE);
    t = 61_000;
    expect(w.report({ where: 'root', message: 'later' }).logged).toBe(true);
    expect(log.error.mock.calls.at(-1)?.[0]).toMatch(/later \(5 more reports were not logged/);
  });

  it('keeps only the newest reports', () => {
    let t = 0;
    const w = new WindowErrors(logger(), () => (t += 60_000));
    for (let i = 0; i < KEEP + 3; i++) w.report({ where: 'root', message: `e${i}` });
    expect(w.recent()).toHaveLength(KEEP);
    expect(w.recent()[0]?.message).toBe('e3');
  });
});
