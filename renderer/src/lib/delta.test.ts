import { describe, expect, it } from 'vitest';
import { applyDelta, toRecord } from './delta';

const key = (x: { id: string }) => x.id;

describe('applyDelta', () => {
  it('upserts and removes', () => {
    const cur = toRecord([{ id: 'a', v: 1 }, { id: 'b', v: 1 }], key);
    const next = applyDelta(cur, { upsert: [{ id: 'a', v: 2 }, { id: 'c', v: 1 }], remove: ['b'] }, key);
    expect(next).toEqual({ a: { id: 'a', v: 2 }, c: { id: 'c', v: 1 } });
    expect(cur.b).toBeDefined();
  });
  it('returns the same record for an empty delta', () => {
    const cur = toRecord([{ id: 'a' }], key);
    expect(applyDelta(cur, { upsert: [], remove: [] }, key)).toBe(cur);
  });
  it('reset replaces everything', () => {
    const cur = toRecord([{ id: 'a' }], key);
    expect(applyDelta(cur, { upsert: [{ id: 'z' }], remove: [], reset: true }, key)).toEqual({ z: { id: 'z' } });
  });
  it('removes by short id prefix', () => {
    const full = 'a'.repeat(64);
    const cur = toRecord([{ id: full }], key);
    expect(applyDelta(cur, { upsert: [], remove: ['aaaaaaaaaaaa'] }, key)).toEqual({});
  });
  it('a record keyed by name removes that name only (volume data goes, data2 stays)', () => {
    const cur = toRecord([{ id: 'data' }, { id: 'data2' }, { id: 'data-copy' }], key);
    expect(Object.keys(applyDelta(cur, { upsert: [], remove: ['data'] }, key, false))).toEqual(['data2', 'data-copy']);
  });
});
