// Playwright: Debian's Chromium against `berth serve` on a real dockerd; one worker, the engine-down spec last.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './specs',
  globalSetup: './support/global-setup.ts',
  outputDir: '../test-results/e2e',
  reporter: [['list']],
  workers: 1,
  // One retry in CI, so a timing flake on a loaded machine is reported as flaky rather than failing the run.
  retries: process.env.CI ? 1 : 0,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
    actionTimeout: 15_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'window', testIgnore: /engine-down/ },
    // Stops dockerd: runs alone, after everything else.
    { name: 'engine-down', testMatch: /engine-down/, dependencies: ['window'] },
  ],
});
