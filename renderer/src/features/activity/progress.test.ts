import { describe, expect, it } from 'vitest';
import { layerFraction, mergeLayers, totals } from './progress';

describe('pull progress', () => {
  it('merges layers in first-seen order', () => {
    let ls = mergeLayers([], [{ id: 'a', status: 'Pulling fs layer' }, { id: 'b', status: 'Waiting' }]);
    ls = mergeLayers(ls, [{ id: 'b', status: 'Downloading', current: 5, total: 10 }]);
    ls = mergeLayers(ls, [{ id: 'a', status: 'Downloading', current: 1, total: 4 }]);
    expect(ls.map((l) => l.id)).toEqual(['a', 'b']);
    expect(totals(ls)).toMatchObject({ current: 6, total: 14, done: 0, layers: 2 });
  });
  it('a finished layer counts whole and keeps its total', () => {
    let ls = mergeLayers([], [{ id: 'a', status: 'Downloading', current: 1, total: 4 }]);
    ls = mergeLayers(ls, [{ id: 'a', status: 'Pull complete' }]);
    expect(ls[0]).toMatchObject({ total: 4, current: 4 });
    expect(totals(ls).fraction).toBe(1);
    expect(layerFraction(ls[0]!)).toBe(1);
  });
  it('layers that exist already finish the pull without sizes', () => {
    const ls = mergeLayers([], [{ id: 'a', status: 'Already exists' }]);
    expect(totals(ls).fraction).toBe(1);
  });
  it('unknown sizes give no fraction', () => {
    expect(totals(mergeLayers([], [{ id: 'a', status: 'Waiting' }])).fraction).toBeUndefined();
  });
});
