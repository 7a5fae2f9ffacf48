// Playwright for the real Electron app (_electron.launch): one worker; skipped, with the reason, where no Electron binary exists.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: /\.spec\.ts$/,
  outputDir: '../../test-results/e2e-electron',
  reporter: [['list'], ['./skip-reporter.ts']],
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
});
