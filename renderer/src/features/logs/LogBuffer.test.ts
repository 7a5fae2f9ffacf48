import { describe, expect, it } from 'vitest';
import { LogBuffer, splitMatches } from './LogBuffer';

describe('LogBuffer', () => {
  it('appends, caps and searches', () => {
    const b = new LogBuffer(100);
    b.append(Array.from({ length: 150 }, (_, i) => ({ stream: i % 2 ? 'stderr' : 'stdout', text: `line ${i}`, ts: `t${i}` }) as const));
    expect(b.length).toBeLessThanOrEqual(100);
    expect(b.dropped + b.length).toBe(150);
    expect(b.line(b.length - 1)).toEqual({ text: 'line 149', ts: 't149', stderr: true });
    expect(b.search('LINE 14').length).toBeGreaterThan(0);
    expect(b.lastTs).toBe('t149');
  });
  it('holds a million lines and searches them quickly', () => {
    const b = new LogBuffer();
    const batch = Array.from({ length: 1000 }, (_, i) => ({ stream: 'stdout' as const, text: `request ${i} GET /index.html 200` }));
    for (let k = 0; k < 1000; k++) b.append(batch);
    expect(b.length).toBe(1_000_000);
    const t = performance.now();
    expect(b.search('request 999 ', 0, 10).length).toBe(10);
    expect(performance.now() - t).toBeLessThan(1000);
  });
  it('downloads as text without escapes', () => {
    const b = new LogBuffer();
    b.append([{ stream: 'stdout', text: '\x1b[31mred', ts: '2024-01-01T00:00:00Z' }]);
    expect(b.toText(true)).toBe('2024-01-01T00:00:00Z red\n');
  });
  it('splits matches for highlighting', () => {
    expect(splitMatches('a Foo b foo', 'foo')).toEqual([
      { text: 'a ', match: false },
      { text: 'Foo', match: true },
      { text: ' b ', match: false },
      { text: 'foo', match: true },
    ]);
  });
});
