// Prints why each skipped Electron test was skipped, so a skip is never silent in CI output.
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SkipReasons implements Reporter {
  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const why = test.annotations.find((a) => a.type === 'skip')?.description ?? 'no reason given';
    process.stdout.write(`  skipped: ${test.title} — ${why}\n`);
  }
}
