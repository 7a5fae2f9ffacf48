import { describe, expect, it } from 'vitest';
import { parseAnsi, stripAnsi } from './ansi';

describe('ansi', () => {
  it('plain text is one segment', () => expect(parseAnsi('hello')).toEqual([{ text: 'hello', style: {} }]));
  it('colours and resets', () => {
    const s = parseAnsi('\x1b[31mred\x1b[0m plain \x1b[1;92mbold green\x1b[m');
    expect(s.map((x) => x.text)).toEqual(['red', ' plain ', 'bold green']);
    expect(s[0]?.style.fg).toBe('#cd3131');
    expect(s[1]?.style).toEqual({});
    expect(s[2]?.style).toMatchObject({ bold: true, fg: '#23d18b' });
  });
  it('256 and true colour', () => {
    expect(parseAnsi('\x1b[38;5;196mx')[0]?.style.fg).toBe('rgb(255,0,0)');
    expect(parseAnsi('\x1b[48;2;1;2;3mx')[0]?.style.bg).toBe('rgb(1,2,3)');
  });
  it('drops other escapes', () => {
    expect(stripAnsi('\x1b[2K\x1b[1Gdone\x1b]0;title\x07')).toBe('done');
  });
  it('is linear on a 90,000-character line', () => {
    const long = '\x1b[32m' + 'x'.repeat(90_000);
    const t = performance.now();
    expect(parseAnsi(long)[0]?.text.length).toBe(90_000);
    expect(performance.now() - t).toBeLessThan(200);
  });
});
