// Reads and changes one key of %UserProfile%\.wslconfig, `[experimental] autoMemoryReclaim`, keeping every other byte.
//
// Why a line editor of our own and not an INI library: the file is the person's, shared by every WSL distribution,
// often hand-written with comments, CRLF endings and sometimes a BOM, and Berth must change one value and nothing
// else. The maintained INI packages for Node (`ini`, `js-ini`, `ini-parser`) parse to objects and write them back
// anew: comments, blank lines, key order, spacing and line endings are lost. So this module reads the file as WSL's
// own parser does (microsoft/WSL src/shared/configfile/configfile.cpp) and edits only the span of that one value:
// - section and key names are letters and digits, matched without regard to case (`[Experimental]`,
//   `AutoMemoryReclaim`); a key before any section or in another section is not this key;
// - only `#` starts a comment (whole line, or after a value outside quotes); a `;` line is no comment to WSL, just a
//   line it skips with a warning, and here a line kept as it is;
// - a value may be quoted, has trailing spaces trimmed, and may continue on the next line after a `\`;
// - the first occurrence wins: WSL warns about later ones and ignores them, so only the first is read or changed
//   (a second `[experimental]` section is read the same way);
// - values are matched without regard to case (`DropCache`, WSL's settings app writes that form);
// - an absent key means WSL's default: `disabled` when the key came in WSL 2.0.0 (September 2023), `dropcache` since
//   Microsoft's May 2024 update (WSL 2.1.5 still gave nothing back unset; WSL's WslCoreConfig.h: DropCache), and the
//   key is read only under [experimental] (`wsl2.autoMemoryReclaim` is an unknown key to WSL).
// Bytes other than ASCII pass through untouched (UTF-8 is handled as single bytes; UTF-16LE with a BOM is decoded
// and encoded back), a BOM stays, each line keeps its own ending, and a line Berth adds takes its neighbour's.
import { BerthError, invalidInput } from '../../../../app/errors.js';

export const RECLAIM_MODES = ['disabled', 'gradual', 'dropcache'] as const;
export type ReclaimMode = (typeof RECLAIM_MODES)[number];

export const WSLCONFIG_SECTION = 'experimental';
export const WSLCONFIG_KEY = 'autoMemoryReclaim';

/** What the file says about the key, as WSL reads it. */
export interface ReclaimReading {
  /** The first occurrence's value when WSL knows it; undefined when the key is absent or its value is unknown. */
  mode?: ReclaimMode;
  /** The first occurrence's value as written (quotes and escapes resolved), when WSL does not know it. */
  unknownValue?: string;
  /** Later occurrences of the key, which WSL ignores (with a warning). */
  ignoredDuplicates: number;
}

type Encoding = 'bytes' | 'utf8-bom' | 'utf16le-bom';

interface Decoded {
  text: string;
  encoding: Encoding;
}

function decode(buf: Buffer): Decoded {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { text: buf.subarray(3).toString('latin1'), encoding: 'utf8-bom' };
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    if (buf.length % 2 !== 0) throw new BerthError('INVALID_INPUT', '.wslconfig starts as UTF-16 text but has an odd number of bytes; Berth leaves it alone. Fix it in an editor.');
    return { text: buf.subarray(2).toString('utf16le'), encoding: 'utf16le-bom' };
  }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    throw new BerthError('UNSUPPORTED', '.wslconfig is saved as UTF-16 big-endian, which Berth does not edit. Save it as UTF-8 in an editor and try again.');
  }
  // Single bytes: ASCII structure is all this editor reads, and UTF-8 (or any other 8-bit text) comes back unchanged.
  return { text: buf.toString('latin1'), encoding: 'bytes' };
}

function encode(text: string, encoding: Encoding): Buffer {
  if (encoding === 'utf16le-bom') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const body = Buffer.from(text, 'latin1');
  return encoding === 'utf8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

interface Line {
  /** Offset of the line's first character. */
  start: number;
  /** Offset just past its content (before \r\n or \n). */
  end: number;
  /** Its ending: '\r\n', '\n' or '' (the last line without one). */
  eol: string;
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) {
      out.push({ start: at, end: text.length, eol: '' });
      break;
    }
    const cr = nl > at && text[nl - 1] === '\r';
    out.push({ start: at, end: cr ? nl - 1 : nl, eol: cr ? '\r\n' : '\n' });
    at = nl + 1;
  }
  return out;
}

const SECTION = /^[ \t]*\[([A-Za-z][A-Za-z0-9]*)\][ \t]*(?:#.*)?$/;
const KEY = /^[ \t]*([A-Za-z][A-Za-z0-9]*)[ \t]*=[ \t]*/;

interface ValueScan {
  /** The value as WSL sees it (quotes removed, escapes resolved, trailing space trimmed). */
  value: string;
  /** Offsets (in the whole text) of the written value: from its first character to its last one that is not space. */
  from: number;
  to: number;
  /** The line ends with a `\`: the value continues on the next line. */
  continues: boolean;
}

/** Scans a value from `from` to the end of its line as WSL's parser does. */
function scanValue(text: string, from: number, lineEnd: number): ValueScan {
  let value = '';
  let trimmed = 0;
  let to = from;
  let inQuote = false;
  let continues = false;
  for (let i = from; i < lineEnd; i++) {
    const ch = text[i] as string;
    if (ch === '\r') break;
    if (ch === '#' && !inQuote) break;
    if (ch === '"') inQuote = !inQuote;
    else if (ch === '\\') {
      if (i + 1 >= lineEnd) {
        continues = true;
        to = i + 1;
        break;
      }
      const next = text[i + 1] as string;
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'b' ? '\b' : next;
      i++;
    } else value += ch;
    if (ch !== ' ' && ch !== '\t') {
      trimmed = value.length;
      to = i + 1;
    }
  }
  return { value: value.slice(0, trimmed), from, to: Math.max(to, from), continues };
}

interface Occurrence {
  line: number;
  scan: ValueScan;
}

interface Layout {
  lines: Line[];
  /** Occurrences of experimental.autoMemoryReclaim, in file order. */
  keys: Occurrence[];
  /** The first valid [experimental] header and the last line of that section holding a key (or its continuation). */
  section?: { header: number; lastKeyLine: number };
}

function layout(text: string): Layout {
  const lines = splitLines(text);
  const keys: Occurrence[] = [];
  let section: Layout['section'];
  let current: string | undefined;
  let inFirst = false;
  let continuation = false;
  lines.forEach((l, n) => {
    const content = text.slice(l.start, l.end);
    if (continuation) {
      // A continued value's next line belongs to the value, whatever it looks like.
      continuation = scanValue(text, l.start, l.end).continues;
      if (inFirst && section) section.lastKeyLine = n;
      return;
    }
    if (/^[ \t]*\[/.test(content)) {
      const m = SECTION.exec(content);
      current = m ? (m[1] as string).toLowerCase() : undefined;
      inFirst = current === WSLCONFIG_SECTION && section === undefined;
      if (inFirst) section = { header: n, lastKeyLine: n };
      else inFirst = false;
      return;
    }
    const k = KEY.exec(content);
    if (!k) return;
    const scan = scanValue(text, l.start + k[0].length, l.end);
    continuation = scan.continues;
    if (inFirst && section) section.lastKeyLine = n;
    if (current === WSLCONFIG_SECTION && (k[1] as string).toLowerCase() === WSLCONFIG_KEY.toLowerCase()) keys.push({ line: n, scan });
  });
  return section ? { lines, keys, section } : { lines, keys };
}

export function parseReclaimMode(value: string): ReclaimMode | undefined {
  const v = value.trim().toLowerCase();
  return (RECLAIM_MODES as readonly string[]).includes(v) ? (v as ReclaimMode) : undefined;
}

/** What `.wslconfig` (its bytes; undefined when there is no file) sets for autoMemoryReclaim. */
export function readReclaim(file: Buffer | undefined): ReclaimReading {
  if (!file || file.length === 0) return { ignoredDuplicates: 0 };
  const { text } = decode(file);
  const { keys } = layout(text);
  const first = keys[0];
  if (!first) return { ignoredDuplicates: 0 };
  const mode = parseReclaimMode(first.scan.value);
  return mode ? { mode, ignoredDuplicates: keys.length - 1 } : { unknownValue: first.scan.value, ignoredDuplicates: keys.length - 1 };
}

/** Throws INVALID_INPUT (field `mode`) unless `mode` is one of WSL's values. */
export function checkReclaimMode(mode: unknown): ReclaimMode {
  const m = typeof mode === 'string' ? (RECLAIM_MODES as readonly string[]).find((x) => x === mode) : undefined;
  if (!m) throw invalidInput('mode', `${JSON.stringify(mode)} is not a value of autoMemoryReclaim: use disabled, gradual or dropcache.`);
  return m as ReclaimMode;
}

/** The file's own line ending for a line Berth adds: CRLF when it has one (or is new: the file is Windows'), else LF. */
function fileEol(text: string): string {
  if (text.includes('\r\n')) return '\r\n';
  if (text.includes('\n')) return '\n';
  return '\r\n';
}

/**
 * The file with `[experimental] autoMemoryReclaim` set to `mode`, every other byte as it was. `file` undefined: no file
 * yet (the result is a new one). `changed` false when it already says so (the bytes are then returned as they were).
 */
export function writeReclaim(file: Buffer | undefined, mode: ReclaimMode): { bytes: Buffer; changed: boolean } {
  const value = checkReclaimMode(mode);
  const { text, encoding } = file && file.length > 0 ? decode(file) : { text: '', encoding: 'bytes' as Encoding };
  const { lines, keys, section } = layout(text);
  const first = keys[0];
  let next: string;
  if (first) {
    if (parseReclaimMode(first.scan.value) === value && !first.scan.continues) return { bytes: file ?? Buffer.alloc(0), changed: false };
    if (first.scan.continues) {
      throw new BerthError('INVALID_INPUT', 'autoMemoryReclaim in .wslconfig continues on the next line (it ends with \\); Berth does not edit such a value. Change it by hand.');
    }
    // `autoMemoryReclaim=# note` had no value: keep the comment apart from the one written.
    const gap = first.scan.from === first.scan.to && text[first.scan.to] === '#' ? ' ' : '';
    next = text.slice(0, first.scan.from) + value + gap + text.slice(first.scan.to);
  } else if (section) {
    const after = lines[section.lastKeyLine] as Line;
    const line = `${WSLCONFIG_KEY}=${value}`;
    next = after.eol
      ? text.slice(0, after.end + after.eol.length) + line + after.eol + text.slice(after.end + after.eol.length)
      : text + fileEol(text) + line;
  } else {
    const eol = fileEol(text);
    const last = lines[lines.length - 1];
    let lead = '';
    if (last) {
      if (!last.eol) lead += eol;
      if (last.end > last.start) lead += eol;
    }
    next = `${text}${lead}[${WSLCONFIG_SECTION}]${eol}${WSLCONFIG_KEY}=${value}${eol}`;
  }
  return { bytes: encode(next, encoding), changed: true };
}
