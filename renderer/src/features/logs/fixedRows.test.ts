import { describe, expect, it } from 'vitest';
import { rowWindow } from './fixedRows.js';

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
});
