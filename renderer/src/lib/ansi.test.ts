import { describe, expect, it } from 'vitest';
import { parseAnsi, shownText, stripAnsi } from './ansi';

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
  it('stripAnsi (the download) drops every escape', () => {
    expect(stripAnsi('\x1b[2K\x1b[1Gdone\x1b]0;title\x07')).toBe('done');
  });
  it('shows every other control as a marked escape, so nothing a line holds is hidden', () => {
    const s = parseAnsi('\x1b[2Kdone\x1b]0;title\x07 \x1b]8;;https://x\x1b\\link');
    expect(s.map((x) => x.text).join('')).toBe('\\x1B[2Kdone\\x1B]0;title\\x07 \\x1B]8;;https://x\\x1B\\link');
    expect(s.filter((x) => x.control).map((x) => x.text)).toEqual(['\\x1B', '\\x1B', '\\x07', '\\x1B', '\\x1B']);
    expect(shownText('bell\x07 cr\r bs\x08 nul\x00 del\x7f c1\x9b end')).toBe('bell\\x07 cr\\x0D bs\\x08 nul\\x00 del\\x7F c1\\x9B end');
  });
  it('shows bidi controls as \\uXXXX, so a line cannot reorder what follows them', () => {
    const s = parseAnsi('invoice\u202Efdp.exe \u2066iso\u2069 \u200E\u200F\u061C \u202A\u202B\u202C\u202D \u2067\u2068');
    expect(s.map((x) => x.text).join('')).toBe('invoice\\u202Efdp.exe \\u2066iso\\u2069 \\u200E\\u200F\\u061C \\u202A\\u202B\\u202C\\u202D \\u2067\\u2068');
    expect(s.find((x) => x.text === '\\u202E')).toMatchObject({ control: true });
    // Nothing that reorders survives in any segment.
    for (const x of s) expect(x.text).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
  });
  it('keeps the colour across a control, and tabs as tabs', () => {
    const s = parseAnsi('\x1b[31mred\x07bell\tafter\x1b[0m');
    expect(s).toEqual([
      { text: 'red', style: { fg: '#cd3131' } },
      { text: '\\x07', style: { fg: '#cd3131' }, control: true },
      { text: 'bell\tafter', style: { fg: '#cd3131' } },
    ]);
    expect(parseAnsi('a\tb')).toEqual([{ text: 'a\tb', style: {} }]);
  });
  it('an SGR with private or broken parameters is not obeyed but shown', () => {
    expect(shownText('\x1b[?31mx \x1b[31')).toBe('\\x1B[?31mx \\x1B[31');
  });
  it('is linear on a 90,000-character line', () => {
    const long = '\x1b[32m' + 'x'.repeat(90_000);
    const t = performance.now();
    expect(parseAnsi(long)[0]?.text.length).toBe(90_000);
    // Milliseconds in fact; a quadratic parse of this line takes seconds, and a loaded 2-core CI machine may pause a worker for a while.
    expect(performance.now() - t).toBeLessThan(2000);
  });
});
