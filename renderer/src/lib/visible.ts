// Makes invisible and reordering characters visible in values shown as text (labels, env, JSON): what you see is what is stored.
// C0 controls and DEL become their Unicode control pictures (␛, ␍, ␡ …); bidi controls, which reorder the text after them
// ("invoice\u202Efdp.exe" shows as "invoiceexe.pdf"), and C1 controls become a visible ⟦U+XXXX⟧ tag (pure, linear).

// eslint-disable-next-line no-control-regex
const HIDDEN = /[\u0000-\u001f\u007f\u0080-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** True when `s` holds a character `visible` would change (the fast path leaves most strings alone). */
export function hasHidden(s: string): boolean {
  HIDDEN.lastIndex = 0;
  return HIDDEN.test(s);
}

function picture(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c < 0x20) return String.fromCharCode(0x2400 + c);
  if (c === 0x7f) return '\u2421';
  return `⟦U+${c.toString(16).toUpperCase().padStart(4, '0')}⟧`;
}

/** `\x1B`, `\u202E`: a notation that every font can draw (control pictures are missing from many monospace fonts). */
function escaped(ch: string): string {
  const c = ch.charCodeAt(0);
  const hex = c.toString(16).toUpperCase();
  return c < 0x100 ? `\\x${hex.padStart(2, '0')}` : `\\u${hex.padStart(4, '0')}`;
}

/**
 * Runs of ordinary text and of hidden characters, for views that style the hidden ones apart (the log view); tabs
 * and newlines are ordinary. The hidden ones are shown as pictures (␛, ⟦U+202E⟧) or as escapes (`\x1B`, `\u202E`).
 */
export function visibleRuns(s: string, notation: 'picture' | 'escape' = 'picture'): { text: string; hidden: boolean }[] {
  const show = notation === 'escape' ? escaped : picture;
  if (!hasHidden(s)) return [{ text: s, hidden: false }];
  const out: { text: string; hidden: boolean }[] = [];
  let last = 0;
  HIDDEN.lastIndex = 0;
  for (let m = HIDDEN.exec(s); m; m = HIDDEN.exec(s)) {
    const ch = m[0];
    if (ch === '\n' || ch === '\t') continue;
    const prev = out.at(-1);
    if (m.index > last) out.push({ text: s.slice(last, m.index), hidden: false });
    else if (prev?.hidden) {
      prev.text += show(ch);
      last = m.index + 1;
      continue;
    }
    out.push({ text: show(ch), hidden: true });
    last = m.index + 1;
  }
  if (last < s.length) out.push({ text: s.slice(last), hidden: false });
  return out;
}

/** `s` with control and bidi-control characters shown instead of obeyed; tabs and newlines are kept only when asked. */
export function visible(s: string, opts: { keepWhitespace?: boolean } = {}): string {
  if (!hasHidden(s)) return s;
  return s.replace(HIDDEN, (ch) => (opts.keepWhitespace && (ch === '\n' || ch === '\t') ? ch : picture(ch)));
}
