// Writes the results: bench/results/<date>.json and the markdown table of RESULTS.md; also the console table.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Summary } from './stats.js';
import type { BenchResult, Figure } from './types.js';

export interface Machine {
  date: string;
  host: string;
  cpu: string;
  cores: number;
  memGiB: number;
  kernel: string;
  node: string;
  engine: string;
  chromium: string;
  loadAvgAtStart: number[];
  note: string;
}

export interface RunRecord {
  machine: Machine;
  quick: boolean;
  profile: boolean;
  commit: string;
  results: BenchResult[];
  totals: { passed: number; failed: number; skipped: number };
}

export function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toPrecision(2);
}

export function sum(s: Summary, unit: string): string {
  const u = unit ? ` ${unit}` : '';
  if (s.n === 1) return `${num(s.median)}${u}`;
  return `${num(s.median)}${u} (${num(s.min)}–${num(s.max)}, n=${s.n})`;
}

function ratio(f: Figure): string {
  return f.ratio === undefined ? '—' : `${num(f.ratio)}x`;
}

function esc(s: string): string {
  return s.replace(/\|/g, '\\|');
}

export function tableRows(results: BenchResult[]): string[] {
  const rows = ['| # | figure | Berth: median (min–max) | reference: median (min–max) | ratio | target | verdict |', '| --- | --- | --- | --- | --- | --- | --- |'];
  for (const r of results) {
    if (r.status !== 'ran') {
      rows.push(`| ${r.n} | ${esc(r.name)} | ${r.status === 'not-run' ? 'not run' : 'error'}: ${esc(r.reason ?? '')} | | | | ${r.status === 'not-run' ? 'not run' : 'ERROR'} |`);
      continue;
    }
    for (const f of r.figures) {
      const ref = f.reference ? `${esc(f.reference.label)}: ${sum(f.reference.summary, f.unit)}` : '—';
      rows.push(`| ${f.id} | ${esc(f.title)} | ${sum(f.berth, f.unit)} | ${ref} | ${ratio(f)} | ${esc(f.target?.text ?? '—')} | ${f.target?.verdict ?? '—'} |`);
    }
  }
  return rows;
}

function details(r: BenchResult): string[] {
  const out = [`### ${r.n}. ${r.name} (${r.status === 'ran' ? `${Math.round(r.seconds)} s` : r.status})`, ''];
  if (r.reason) out.push(`${r.status === 'not-run' ? 'Not run' : 'Error'}: ${r.reason}`, '');
  for (const f of r.figures) {
    const extra = Object.entries(f.extra ?? {});
    if (extra.length === 0 && !f.notes?.length) continue;
    out.push(`- **${f.id}** ${f.title}`);
    // An extra whose name ends in "(unit)" carries its own unit; the others share the figure's.
    for (const [k, v] of extra) out.push(`  - ${k}: ${typeof v === 'object' ? sum(v, /\([^)]*\)$/.test(k) ? '' : f.unit).trim() : typeof v === 'number' ? num(v) : v}`);
    for (const n of f.notes ?? []) out.push(`  - ${n}`);
  }
  for (const n of r.notes ?? []) out.push(`- ${n}`);
  if (r.profile?.length) {
    out.push('', 'Core CPU profile (self time, idle excluded):', '', '| function | self ms | % |', '| --- | --- | --- |');
    for (const p of r.profile) out.push(`| ${esc(p.fn)} | ${p.selfMs} | ${p.pct} |`);
  }
  out.push('');
  return out;
}

export function markdown(rec: RunRecord, preface: string): string {
  const m = rec.machine;
  return [
    '# Berth benchmarks',
    '',
    preface.trim(),
    '',
    `Run of ${m.date} on ${m.host}: ${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB, Linux ${m.kernel}, Node ${m.node}, Docker engine ${m.engine}, ${m.chromium}. Load average at start: ${m.loadAvgAtStart.map((x) => x.toFixed(2)).join(' / ')}. ${m.note}`,
    `Commit ${rec.commit}${rec.quick ? ' (QUICK run: sizes too small for the figures to mean anything)' : ''}. Raw figures: \`bench/results/${m.date}.json\`.`,
    '',
    ...tableRows(rec.results),
    '',
    `${rec.totals.passed} benchmarks ran, ${rec.totals.failed} errored, ${rec.totals.skipped} not run.`,
    '',
    '## Details',
    '',
    ...rec.results.flatMap(details),
  ].join('\n');
}

export function writeJson(path: string, rec: RunRecord): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(rec, null, 2)}\n`);
}

/** A compact console table. */
export function consoleTable(results: BenchResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    if (r.status !== 'ran') {
      lines.push(`${String(r.n).padEnd(4)} ${r.name}: ${r.status === 'not-run' ? 'SKIPPED (not run)' : 'ERROR'} — ${r.reason ?? ''}`);
      continue;
    }
    for (const f of r.figures) {
      const ref = f.reference ? ` vs ${num(f.reference.summary.median)} ${f.unit}` : '';
      lines.push(`${f.id.padEnd(12)} ${f.title.slice(0, 60).padEnd(60)} ${`${num(f.berth.median)} ${f.unit}`.padStart(16)}${ref}${f.ratio !== undefined ? ` = ${num(f.ratio)}x` : ''}  ${f.target ? `[${f.target.text}: ${f.target.verdict}]` : ''}`);
    }
  }
  return lines.join('\n');
}
