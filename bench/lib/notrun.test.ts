// A figure may be skipped only when deliberately switched off: every NotRun in the bench names the switch that turns it on.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bench = join(import.meta.dirname, '..');
const sources = [...readdirSync(bench).map((f) => join(bench, f)), ...readdirSync(join(bench, 'lib')).map((f) => join(bench, 'lib', f))].filter(
  (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
);

describe('bench skips', () => {
  it('are only switches (an environment variable), never a figure that could not run', () => {
    const skips: string[] = [];
    for (const f of sources) {
      for (const m of readFileSync(f, 'utf8').matchAll(/new NotRun\(([^\n]*)/g)) skips.push(`${f.slice(bench.length + 1)}: ${m[1]}`);
    }
    expect(skips.length).toBeGreaterThan(0);
    for (const s of skips) expect(s, s).toMatch(/BERTH_[A-Z_]+=1 is not set/);
  });
});
