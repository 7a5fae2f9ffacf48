// Summaries of repeated measurements (min/median/max/p95) and the figure helpers that compare them.
import type { Better, Figure, Target } from './types.js';

export interface Summary {
  n: number;
  min: number;
  median: number;
  max: number;
  p95: number;
  mean: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('no samples to summarise');
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] as number;
  const mid = s.length / 2;
  const median = s.length % 2 ? (s[Math.floor(mid)] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return { n: s.length, min: s[0] as number, median, max: s[s.length - 1] as number, p95: at(0.95), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

/** A single measurement as a summary (n = 1). */
export const one = (v: number): Summary => summarize([v]);

/** Milliseconds since `t0` (from performance.now()). */
export const since = (t0: number): number => performance.now() - t0;

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: since(t0), value };
}

export interface FigureInput {
  id: string;
  title: string;
  unit: string;
  better: Better;
  berth: Summary;
  reference?: { label: string; summary: Summary };
  /** Target on the ratio (berth/reference): `max` for "<= x", `min` for ">= x". */
  ratioTarget?: { max?: number; min?: number; text: string };
  /** Target on Berth's median itself. */
  absTarget?: { max?: number; min?: number; text: string; on?: 'median' | 'max' | 'p95' };
  extra?: Figure['extra'];
  notes?: string[];
}

function verdict(v: number | undefined, t: { max?: number; min?: number }): Target['verdict'] {
  if (v === undefined || !Number.isFinite(v)) return 'n/a';
  if (t.max !== undefined && v > t.max) return 'MISS';
  if (t.min !== undefined && v < t.min) return 'MISS';
  return 'PASS';
}

export function figure(f: FigureInput): Figure {
  const ratio = f.reference && f.reference.summary.median !== 0 ? f.berth.median / f.reference.summary.median : undefined;
  const out: Figure = { id: f.id, title: f.title, unit: f.unit, better: f.better, berth: f.berth };
  if (f.reference) out.reference = f.reference;
  if (ratio !== undefined) out.ratio = ratio;
  if (f.ratioTarget) out.target = { text: f.ratioTarget.text, verdict: verdict(ratio, f.ratioTarget) };
  else if (f.absTarget) out.target = { text: f.absTarget.text, verdict: verdict(f.berth[f.absTarget.on ?? 'median'], f.absTarget) };
  if (f.extra) out.extra = f.extra;
  if (f.notes) out.notes = f.notes;
  return out;
}

/** Runs `fn` `n` times and returns the values it measured. */
export async function repeat(n: number, fn: (i: number) => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await fn(i));
  return out;
}

export const round = (v: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};
