import { describe, expect, it } from 'vitest';
import { ago, duration, imageName, shortId } from './format';

describe('format', () => {
  it('durations', () => {
    expect(duration(4_000)).toBe('4 s');
    expect(duration(5 * 60_000)).toBe('5 min');
    expect(duration(3 * 3_600_000)).toBe('3 h');
    expect(duration(72 * 3_600_000)).toBe('3 d');
  });
  it('ago', () => expect(ago(100, 160_000)).toBe('1 min ago'));
  it('short ids', () => {
    expect(shortId('sha256:0123456789abcdef')).toBe('0123456789ab');
    expect(imageName([], 'sha256:0123456789abcdef')).toBe('<none> 0123456789ab');
  });
});
