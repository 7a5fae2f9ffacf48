import { describe, expect, it } from 'vitest';
import { jsonArray, jsonObject } from './answers.js';

describe('engine answers', () => {
  it('passes objects and lists through', () => {
    expect(jsonObject({ Id: 'x' }, 'image x')).toEqual({ Id: 'x' });
    expect(jsonArray([1], 'history')).toEqual([1]);
  });
  it('an answer cut short by a restarting engine is ENGINE_UNREACHABLE, never a crash further on', () => {
    for (const v of [Buffer.from('<html>'), '', null, undefined, [], 3]) {
      expect(() => jsonObject(v, 'image x')).toThrow(expect.objectContaining({ code: 'ENGINE_UNREACHABLE', message: expect.stringContaining('image x') }));
    }
    expect(() => jsonArray(Buffer.from('x'), 'history')).toThrow(expect.objectContaining({ code: 'ENGINE_UNREACHABLE', detail: 'expected a JSON list, got 1 bytes that are not JSON' }));
  });
});
