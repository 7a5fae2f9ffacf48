import { describe, expect, it } from 'vitest';
import { LineChunks } from './lineChunks';

describe('LineChunks', () => {
  it('gives back every line across sealed and open chunks, with timestamps and streams', () => {
    const c = new LineChunks(4);
    for (let i = 0; i < 11; i++) c.push(`line ${i}${i === 5 ? ' \x1b[31mred\x1b[0m' : ''}`, i % 3 ? `t${i}` : undefined, i % 2 === 1);
    expect(c.length).toBe(11);
    for (let i = 0; i < 11; i++) {
      expect(c.row(i)).toEqual({ text: `line ${i}${i === 5 ? ' \x1b[31mred\x1b[0m' : ''}`, ts: i % 3 ? `t${i}` : undefined, stderr: i % 2 === 1 });
      expect(c.text(i)).toBe(c.row(i).text);
    }
    expect(c.row(11)).toEqual({ text: '', ts: undefined, stderr: false });
    expect(c.text(-1)).toBe('');
  });

  it('keeps empty lines and empty timestamps apart from missing ones', () => {
    const c = new LineChunks(2);
    c.push('', '', false);
    c.push('x', undefined, true);
    c.push('', undefined, false);
    expect([c.row(0), c.row(1), c.row(2)]).toEqual([
      { text: '', ts: '', stderr: false },
      { text: 'x', ts: undefined, stderr: true },
      { text: '', ts: undefined, stderr: false },
    ]);
  });

  it('drops from the front, whole chunks at once and within one', () => {
    const c = new LineChunks(4);
    for (let i = 0; i < 10; i++) c.push(`l${i}`, undefined, false);
    c.dropFront(3);
    expect(c.length).toBe(7);
    expect(c.text(0)).toBe('l3');
    c.dropFront(3);
    expect(c.length).toBe(4);
    expect([c.text(0), c.text(3)]).toEqual(['l6', 'l9']);
    c.dropFront(3);
    expect(c.length).toBe(1);
    expect(c.text(0)).toBe('l9');
    c.push('l10', undefined, false);
    expect([c.text(0), c.text(1)]).toEqual(['l9', 'l10']);
    c.dropFront(99);
    expect(c.length).toBe(0);
  });

  it('keeps a 90,000-character line whole', () => {
    const c = new LineChunks(2);
    const long = 'x'.repeat(90_000);
    c.push('a', undefined, false);
    c.push(long, undefined, false);
    c.push('b', undefined, false);
    expect(c.text(1)).toBe(long);
    expect(c.text(2)).toBe('b');
  });
});
