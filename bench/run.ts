// Entry of `npm run bench`: runs the side-by-side benchmarks, writes bench/results/<date>.json and bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBench } from './create.js';
import { eventBench } from './event.js';
import { forwardBench } from './forward.js';
import { idleBench } from './idle.js';
import { cleanupBench, engineFacts } from './lib/docker.js';
import { consoleTable, markdown, writeJson, type Machine, type RunRecord } from './lib/report.js';
import { NotRun, type Bench, type BenchOptions, type BenchResult } from './lib/types.js';
import { listBench } from './list.js';
import { logsBench } from './logs.js';
import { moveBench } from './move.js';
import { renderBench } from './render.js';
import { sharesBench } from './shares.js';
import { terminalBench } from './terminal.js';
import { vmBench } from './vm.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

/** Benchmarks with figures of the Berth VM (1.vm-list, 6.vm-echo and 6.vm-cat, 7.vm-forward, 8, 9.vm-idle and 9.vm-mem, 10). */
const VM_BENCHES = new Set([1, 6, 7, 8, 9, 10]);

export const BENCHES: Bench[] = [listBench, createBench, eventBench, renderBench, logsBench, terminalBench, forwardBench, vmBench, idleBench, sharesBench, moveBench];

const USAGE = `npm run bench -- [--quick] [--only 1,5,7] [--profile] [--out FILE.json] | --report FILE.json
  --quick    tiny sizes; checks the harness works, not the figures (results go to a temp folder)
  --only     run only these benchmarks (numbers 1-11)
  --profile  run the core under --cpu-prof and summarise its hottest functions per benchmark
  --out      where to write the JSON (default bench/results/<date>.json; quick: a temp file)
  --report   only rewrite bench/RESULTS.md from a recorded full run (and bench/FINDINGS.md)
  --update   with --only: replace those benchmarks in the newest bench/results/<date>.json (today's if there is one) and rewrite RESULTS.md`;

interface Args {
  report?: string;
  update: boolean;
  quick: boolean;
  profile: boolean;
  only?: Set<number>;
  out?: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { quick: false, profile: false, update: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? (arg.split('=', 2) as [string, string]) : [arg, undefined];
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--quick') a.quick = true;
    else if (flag === '--profile') a.profile = true;
    else if (flag === '--only') a.only = new Set(value().split(',').map(Number));
    else if (flag === '--out') a.out = value();
    else if (flag === '--report') a.report = value();
    else if (flag === '--update') a.update = true;
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return a;
}

function quiet(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'], cwd: root }).toString().trim();
  } catch {
    return 'unknown';
  }
}

async function machine(date: string): Promise<Machine> {
  const engine = await engineFacts().catch(() => undefined);
  return {
    date,
    host: hostname(),
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    cores: cpus().length,
    memGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    engine: engine ? `${engine.version} (${engine.driver})` : 'unreachable',
    chromium: quiet('/usr/bin/chromium', ['--version']).split('\n').pop() ?? 'unknown',
    loadAvgAtStart: loadavg(),
    note: 'The cores are shared with other work on this machine, so absolute times are noisy; each figure is compared with a reference measured in the same run, interleaved where it can be.',
  };
}

const PREFACE = `
Side-by-side figures of Berth against the docker CLI and the physical limits, measured by \`npm run bench\`
(\`bench/run.ts\`, one module per benchmark). Every figure is the median over repeats with min–max beside it,
next to a reference measured in the same run on the same machine; the ratio is Berth's median over the
reference's median (for throughputs, above 1 is better; for times, below 1 is better). Berth is measured
as a user runs it: \`berth serve\` in its own process, reached through the same WebSocket transport a window
uses (\`main/server/testClient.ts\`), or through Debian Chromium showing the real window. Targets are those of
issue 6. Where Berth misses, the findings at the end say why and what the fix takes.
`;

async function runOne(b: Bench, opts: BenchOptions, limitMs: number): Promise<BenchResult> {
  const t0 = performance.now();
  const base = { n: b.n, name: b.name };
  opts.log(`[${b.n}] ${b.name}`);
  let timer: NodeJS.Timeout | undefined;
  try {
    const r = await Promise.race([
      b.run(opts),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${Math.round(limitMs / 1000)} s`)), limitMs);
      }),
    ]);
    return { ...base, ...r, seconds: (performance.now() - t0) / 1000 };
  } catch (e) {
    const seconds = (performance.now() - t0) / 1000;
    if (e instanceof NotRun) return { ...base, status: 'not-run', reason: e.message, figures: [], seconds };
    const msg = e instanceof Error ? e.message : String(e);
    opts.log(`  ERROR: ${e instanceof Error && process.env.BERTH_BENCH_VERBOSE ? e.stack : msg}`);
    return { ...base, status: 'error', reason: msg.split('\n')[0]!.slice(0, 400), figures: [], seconds };
  } finally {
    clearTimeout(timer);
    await cleanupBench().catch(() => undefined);
  }
}

/** RESULTS.md: the table of a full run, then the hand-written findings. */
function writeResultsMd(rec: RunRecord, log: (m: string) => void): void {
  const findings = join(here, 'FINDINGS.md');
  const md = markdown(rec, PREFACE) + (existsSync(findings) ? `\n${readFileSync(findings, 'utf8')}` : '');
  writeFileSync(join(here, 'RESULTS.md'), md);
  log('wrote bench/RESULTS.md');
}

async function main(): Promise<number> {
  // The core's and the VM modules' logs: warnings only, so the figures stay readable.
  process.env.BERTH_LOG ??= 'warn';
  const args = parseArgs(process.argv.slice(2));
  if (args.report) {
    writeResultsMd(JSON.parse(readFileSync(resolve(args.report), 'utf8')) as RunRecord, (m) => process.stdout.write(`${m}\n`));
    return 0;
  }
  const date = new Date().toISOString().slice(0, 10);
  const scratch = mkdtempSync(join(tmpdir(), 'berth-bench-'));
  const opts: BenchOptions = { quick: args.quick, profile: args.profile, root, scratch, log: (m) => process.stdout.write(`${m}\n`) };
  const stop = () => {
    void cleanupBench().finally(() => process.exit(130));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const removed = await cleanupBench({ leftovers: true }).catch(() => 0);
  if (removed) opts.log(`removed ${removed} containers left by an earlier run`);
  const m = await machine(date);
  opts.log(`Berth bench${args.quick ? ' (quick)' : ''} — ${m.cpu}, ${m.cores} cores, engine ${m.engine}, load ${m.loadAvgAtStart.map((x) => x.toFixed(2)).join(' ')}`);

  const results: BenchResult[] = [];
  for (const b of BENCHES) {
    if (args.only && !args.only.has(b.n)) continue;
    // Figures that boot the Berth VM under emulation (BERTH_VM_TESTS=1) take minutes even when quick.
    const vm = process.env.BERTH_VM_TESTS === '1' && VM_BENCHES.has(b.n);
    const r = await runOne(b, opts, vm ? (args.quick ? 20 : 90) * 60_000 : args.quick ? 120_000 : 20 * 60_000);
    results.push(r);
    if (r.status === 'not-run') opts.log(`  not run: ${r.reason}`);
  }

  const totals = {
    passed: results.filter((r) => r.status === 'ran').length,
    failed: results.filter((r) => r.status === 'error').length,
    skipped: results.filter((r) => r.status === 'not-run').length,
  };
  const rec: RunRecord = { machine: m, quick: args.quick, profile: args.profile, commit: quiet('git', ['rev-parse', '--short', 'HEAD']), results, totals };
  // Quick, partial and profiled runs never replace the recorded results (the profiler's own CPU shows in the figures).
  const partial = args.quick || args.only !== undefined || args.profile;
  const newest = (existsSync(join(here, 'results')) ? readdirSync(join(here, 'results')) : []).filter((f) => /^\d{4}-\d\d-\d\d\.json$/.test(f)).sort().pop();
  const recorded = join(here, 'results', existsSync(join(here, 'results', `${date}.json`)) || !newest ? `${date}.json` : newest);
  if (args.update && args.only && !args.quick && !args.profile && existsSync(recorded)) {
    // Re-run of single benchmarks: they replace their entries in the newest record, which keeps its machine line.
    const old = JSON.parse(readFileSync(recorded, 'utf8')) as RunRecord;
    const byN = new Map(old.results.map((r) => [r.n, r]));
    const when = old.machine.date === date ? `at ${new Date().toISOString().slice(11, 16)} UTC` : `on ${date} at ${new Date().toISOString().slice(11, 16)} UTC, commit ${rec.commit}`;
    for (const r of results) byN.set(r.n, { ...r, notes: [...(r.notes ?? []), `re-run on its own ${when} (load ${m.loadAvgAtStart.map((x) => x.toFixed(2)).join(' / ')})`] });
    const merged = [...byN.values()].sort((x, y) => x.n - y.n);
    const t = {
      passed: merged.filter((r) => r.status === 'ran').length,
      failed: merged.filter((r) => r.status === 'error').length,
      skipped: merged.filter((r) => r.status === 'not-run').length,
    };
    const next: RunRecord = { ...old, results: merged, totals: t };
    writeJson(recorded, next);
    writeResultsMd(next, opts.log);
    opts.log(`updated ${recorded}`);
  }
  const jsonPath = args.out ? resolve(args.out) : partial ? join(scratch, `${date}-${args.quick ? 'quick' : 'partial'}.json`) : join(here, 'results', `${date}.json`);
  writeJson(jsonPath, rec);
  if (!partial && !args.out) writeResultsMd(rec, opts.log);
  opts.log('');
  opts.log(consoleTable(results));
  opts.log('');
  opts.log(`results: ${jsonPath}`);
  opts.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped (not run)` : ''}`);
  return totals.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    await cleanupBench().catch(() => undefined);
    process.exit(2);
  },
);
