import { describe, expect, it, vi } from 'vitest';
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
  it('goes on with a search: only new lines are scanned, and matches move with lines dropped or cleared', () => {
    const b = new LogBuffer(100);
    const add = (from: number, n: number) => b.append(Array.from({ length: n }, (_, i) => ({ stream: 'stdout', text: (from + i) % 10 === 0 ? `hit ${from + i}` : `line ${from + i}` }) as const));
    add(0, 50);
    let f = b.searchOn(undefined, 'hit');
    expect(f.matches).toEqual([0, 10, 20, 30, 40]);
    add(50, 30);
    const spy = vi.spyOn(b, 'search');
    f = b.searchOn(f, 'hit');
    expect(spy).toHaveBeenCalledWith('hit', 50, expect.any(Number));
    expect(f.matches).toEqual([0, 10, 20, 30, 40, 50, 60, 70]);
    // Past the cap: the oldest lines go, and the matches move with them.
    add(80, 40);
    f = b.searchOn(f, 'hit');
    expect(f.matches.map((i) => b.line(i).text)).toEqual(['hit 20', 'hit 30', 'hit 40', 'hit 50', 'hit 60', 'hit 70', 'hit 80', 'hit 90', 'hit 100', 'hit 110']);
    expect(b.searchOn(f, 'line 11').matches.map((i) => b.line(i).text)).toEqual(['line 111', 'line 112', 'line 113', 'line 114', 'line 115', 'line 116', 'line 117', 'line 118', 'line 119']);
    b.clear();
    expect(b.searchOn(f, 'hit').matches).toEqual([]);
  });
  it('searches the text as shown: colours ignored, controls as their escapes', () => {
    const b = new LogBuffer();
    b.append([
      { stream: 'stdout', text: '\x1b[31merror\x1b[0m 1' },
      { stream: 'stdout', text: 'title \x1b]0;hidden-title\x07' },
      { stream: 'stdout', text: 'invoice\u202Efdp.exe' },
    ]);
    expect(b.search('error 1')).toEqual([0]);
    expect(b.search('hidden-title')).toEqual([1]);
    expect(b.search('\\u202Efdp')).toEqual([2]);
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
