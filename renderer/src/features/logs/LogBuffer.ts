// A container's log lines in memory: appended in batches, capped, searchable; a version number tells views to redraw.
import type { LogLine } from '../../../../app/model.js';
import { shownText, stripAnsi } from '../../lib/ansi.js';
import { LineChunks } from './lineChunks.js';

/** Kept lines; 1.5 M rows of 18 px stay under Chromium's ~33.5 M px element height. */
export const DEFAULT_MAX_LINES = 1_500_000;

/** A search's result, and how far it went (absolute line numbers: `dropped` + index), so it can go on later. */
export interface Found {
  query: string;
  matches: number[];
  upTo: number;
  dropped: number;
}

export class LogBuffer {
  private lines = new LineChunks();
  /** Lines dropped from the front by the cap. */
  dropped = 0;
  version = 0;
  /** The last timestamp seen (to resume with `since` after a restart). */
  lastTs: string | undefined;

  constructor(readonly maxLines = DEFAULT_MAX_LINES) {}

  get length(): number {
    return this.lines.length;
  }

  append(lines: readonly LogLine[]): void {
    if (lines.length === 0) return;
    for (const l of lines) {
      this.lines.push(l.text, l.ts, l.stream === 'stderr');
      if (l.ts) this.lastTs = l.ts;
    }
    const over = this.lines.length - this.maxLines;
    if (over > 0) {
      // Drop in large steps so the cap costs O(1) amortised.
      const cut = Math.max(over, Math.floor(this.maxLines / 10));
      this.lines.dropFront(cut);
      this.dropped += cut;
    }
    this.version++;
  }

  clear(): void {
    this.dropped += this.lines.length;
    this.lines = new LineChunks();
    this.version++;
  }

  line(i: number): { text: string; ts: string | undefined; stderr: boolean } {
    return this.lines.row(i);
  }

  /** Indices of lines containing `query` (case-insensitive, in the text as shown: colours ignored, controls as pictures), scanning from `from`. */
  search(query: string, from = 0, limit = 100_000): number[] {
    const q = query.toLowerCase();
    if (!q) return [];
    const out: number[] = [];
    for (let i = from; i < this.lines.length && out.length < limit; i++) {
      if (shownText(this.lines.text(i)).toLowerCase().includes(q)) out.push(i);
    }
    return out;
  }

  /**
   * Matches of `query`, going on from an earlier search of the same query: only lines added since are scanned, and
   * the earlier matches are moved for lines dropped from the front (or cleared) since.
   */
  searchOn(prev: Found | undefined, query: string, limit = 100_000): Found {
    const upTo = this.dropped + this.length;
    const from = prev ? prev.upTo - this.dropped : -1;
    if (!prev || prev.query !== query || from < 0 || prev.matches.length >= limit) return { query, matches: this.search(query, 0, limit), upTo, dropped: this.dropped };
    const shift = this.dropped - prev.dropped;
    const kept = shift > 0 ? prev.matches.filter((i) => i >= shift).map((i) => i - shift) : prev.matches;
    const more = this.search(query, from, limit - kept.length);
    return { query, matches: more.length > 0 ? kept.concat(more) : kept, upTo, dropped: this.dropped };
  }

  /** The whole log as text (for download). */
  toText(withTimestamps: boolean): string {
    const n = this.lines.length;
    const parts: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const { text, ts } = this.lines.row(i);
      const t = stripAnsi(text);
      parts[i] = withTimestamps && ts ? `${ts} ${t}` : t;
    }
    return parts.join('\n') + (parts.length ? '\n' : '');
  }
}

/** Splits text around case-insensitive matches of `query`, for highlighting. */
export function splitMatches(text: string, query: string): { text: string; match: boolean }[] {
  if (!query) return [{ text, match: false }];
  const lower = text.toLowerCase();
  const q = query.toLowerCase();
  const out: { text: string; match: boolean }[] = [];
  let at = 0;
  for (let i = lower.indexOf(q); i !== -1; i = lower.indexOf(q, i + q.length)) {
    if (i > at) out.push({ text: text.slice(at, i), match: false });
    out.push({ text: text.slice(i, i + q.length), match: true });
    at = i + q.length;
  }
  if (at < text.length) out.push({ text: text.slice(at), match: false });
  return out;
}

/** `2024-05-01T10:00:00.123456789Z` -> `10:00:00.123` (local time). */
export function shortTime(ts: string | undefined): string {
  if (!ts) return '';
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
