// ANSI SGR colours in log lines -> styled segments; every other control or bidi character is shown as an escape, not obeyed (pure, linear).
import { hasHidden, visibleRuns } from './visible.js';

export interface AnsiStyle {
  fg?: string | undefined;
  bg?: string | undefined;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
}
export interface Segment {
  text: string;
  style: AnsiStyle;
  /** The text is the escape of control or bidi characters (`\x1B`, `\x07`, `\u202E`), drawn apart from what the line says. */
  control?: true;
}

const BASE = ['#000000', '#cd3131', '#0dbc79', '#e5e510', '#2472c8', '#bc3fbc', '#11a8cd', '#e5e5e5'];
const BRIGHT = ['#666666', '#f14c4c', '#23d18b', '#f5f543', '#3b8eea', '#d670d6', '#29b8db', '#ffffff'];

function palette256(n: number): string | undefined {
  if (n < 0 || n > 255) return undefined;
  if (n < 8) return BASE[n];
  if (n < 16) return BRIGHT[n - 8];
  if (n < 232) {
    const i = n - 16;
    const c = [Math.floor(i / 36), Math.floor((i % 36) / 6), i % 6].map((v) => (v === 0 ? 0 : 55 + v * 40));
    return `rgb(${c.join(',')})`;
  }
  const g = 8 + (n - 232) * 10;
  return `rgb(${g},${g},${g})`;
}

// CSI ... final byte, OSC ... BEL/ST, and single-character escapes (control characters are the point here).
// eslint-disable-next-line no-control-regex
const ESC_RE = /\x1b(?:\[([0-9;:?]*)([@-~])|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/g;

/** True when the text holds an escape character (the fast path skips parsing otherwise). */
export function hasAnsi(text: string): boolean {
  return text.includes('\x1b');
}

export function stripAnsi(text: string): string {
  return hasAnsi(text) ? text.replace(ESC_RE, '') : text;
}

function applySgr(style: AnsiStyle, params: string): AnsiStyle {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((x) => (x === '' ? 0 : Number(x)));
  let s: AnsiStyle = { ...style };
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] as number;
    if (c === 0) s = {};
    else if (c === 1) s.bold = true;
    else if (c === 2) s.dim = true;
    else if (c === 3) s.italic = true;
    else if (c === 4) s.underline = true;
    else if (c === 22) s.bold = s.dim = false;
    else if (c === 23) s.italic = false;
    else if (c === 24) s.underline = false;
    else if (c >= 30 && c <= 37) s.fg = BASE[c - 30];
    else if (c >= 90 && c <= 97) s.fg = BRIGHT[c - 90];
    else if (c === 39) s.fg = undefined;
    else if (c >= 40 && c <= 47) s.bg = BASE[c - 40];
    else if (c >= 100 && c <= 107) s.bg = BRIGHT[c - 100];
    else if (c === 49) s.bg = undefined;
    else if (c === 38 || c === 48) {
      const mode = codes[i + 1];
      let color: string | undefined;
      if (mode === 5) {
        color = palette256(codes[i + 2] ?? -1);
        i += 2;
      } else if (mode === 2) {
        color = `rgb(${codes[i + 2] ?? 0},${codes[i + 3] ?? 0},${codes[i + 4] ?? 0})`;
        i += 4;
      }
      if (c === 38) s.fg = color;
      else s.bg = color;
    }
  }
  return s;
}

// SGR (colours) only: the one escape sequence the log view obeys.
// eslint-disable-next-line no-control-regex
const SGR_RE = /\x1b\[([0-9;:]*)m/g;

/** Text between SGR escapes: ordinary runs keep the style, control and bidi characters become marked escapes. */
function pushShown(out: Segment[], text: string, style: AnsiStyle): void {
  for (const r of visibleRuns(text, 'escape')) out.push(r.hidden ? { text: r.text, style, control: true } : { text: r.text, style });
}

/**
 * Splits a line into styled segments. SGR colour escapes are obeyed; every other control character (the ESC of any
 * other sequence, BEL, CR, C1) and every bidi control is shown as an escape (`\x1B`, `\u202E`: every font draws
 * ASCII) in a `control` segment, and the bytes around it as text, so a line can neither reorder nor hide what it
 * holds (an OSC title shows as `\x1B]0;title\x07`).
 * Tabs stay tabs. Text without such characters is one unstyled segment.
 */
export function parseAnsi(text: string): Segment[] {
  if (!hasHidden(text)) return [{ text, style: {} }];
  const out: Segment[] = [];
  let style: AnsiStyle = {};
  let last = 0;
  SGR_RE.lastIndex = 0;
  for (let m = SGR_RE.exec(text); m; m = SGR_RE.exec(text)) {
    if (m.index > last) pushShown(out, text.slice(last, m.index), style);
    style = applySgr(style, m[1] ?? '');
    last = SGR_RE.lastIndex;
  }
  if (last < text.length) pushShown(out, text.slice(last), style);
  return out;
}

/** The line as the log view shows it (colours gone, controls as escapes): what search looks in. */
export function shownText(text: string): string {
  return hasHidden(text) ? parseAnsi(text).map((s) => s.text).join('') : text;
}
