// Shared types of the benchmark harness: options, figures (value, reference, ratio, target) and results.
import type { Summary } from './stats.js';

export interface BenchOptions {
  /** Tiny sizes: checks the harness works, not the figures. */
  quick: boolean;
  /** Run the Berth core under `--cpu-prof` and summarise where its time went. */
  profile: boolean;
  /** Repository root. */
  root: string;
  /** Scratch folder of this run (profiles, generated files). */
  scratch: string;
  log(msg: string): void;
}

/** Which way is better for a figure. */
export type Better = 'lower' | 'higher';

export interface Target {
  /** As the issue words it, e.g. "<= 0.5x the CLI". */
  text: string;
  /** PASS/MISS, or n/a when the figure could not be compared. */
  verdict: 'PASS' | 'MISS' | 'n/a';
}

export interface Figure {
  id: string;
  title: string;
  unit: string;
  better: Better;
  berth: Summary;
  reference?: { label: string; summary: Summary };
  /** Berth's median over the reference's median. */
  ratio?: number;
  target?: Target;
  /** Further references and breakdowns, shown under the table. */
  extra?: Record<string, Summary | number | string>;
  notes?: string[];
}

export interface BenchResult {
  n: number;
  name: string;
  status: 'ran' | 'not-run' | 'error';
  reason?: string;
  figures: Figure[];
  seconds: number;
  notes?: string[];
  /** Top self-time functions of the core while this benchmark ran (with --profile). */
  profile?: { fn: string; selfMs: number; pct: number }[];
}

export interface Bench {
  n: number;
  name: string;
  run(opts: BenchOptions): Promise<Omit<BenchResult, 'n' | 'name' | 'seconds'>>;
}

/** Thrown only by a benchmark deliberately switched off (the VM figure without BERTH_VM_TESTS=1): a skip.
 * A figure that was meant to run and could not throws an ordinary Error and counts as failed. */
export class NotRun extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotRun';
  }
}
