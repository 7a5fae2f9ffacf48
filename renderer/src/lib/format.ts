// Display helpers: relative times, short ids, bytes, percentages — pure and locale-free so tests are stable.
import { formatBytesHuman } from '../../../app/parse/sizes.js';

export { formatBytesHuman as bytes };

/** "12 s", "5 min", "3 h", "2 d" between two instants (ms). */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h`;
  const d = Math.floor(h / 24);
  if (d < 60) return `${d} d`;
  return `${Math.floor(d / 30)} mo`;
}

/** "5 min ago" for a Unix-seconds timestamp. */
export function ago(unixSeconds: number, now = Date.now()): string {
  return `${duration(now - unixSeconds * 1000)} ago`;
}

/** The 12-character id Docker shows. */
export function shortId(id: string): string {
  const hex = id.startsWith('sha256:') ? id.slice(7) : id;
  return hex.slice(0, 12);
}

export function percent(n: number, digits = 1): string {
  return `${Number.isFinite(n) ? n.toFixed(digits) : '0'} %`;
}

/** Bytes per second, human. */
export function rate(bytesPerSecond: number): string {
  return `${formatBytesHuman(Math.max(0, Math.round(bytesPerSecond)))}/s`;
}

/** "repo:tag" or the short id when an image has no tag. */
export function imageName(repoTags: readonly string[], id: string): string {
  return repoTags[0] ?? `<none> ${shortId(id)}`;
}
