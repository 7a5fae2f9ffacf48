// Per-row CPU and memory sparklines: a running container's row draws them from samples taken every 10 s; a stopped one has none.
// Port links in a browser stay ordinary links that open a new tab without handing it the window (noopener, noreferrer).
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { ContainersPage } from '../pages/ContainersPage.js';
import { BUSYBOX, cleanup, docker, TEST_LABEL, unique } from '../support/docker.js';

const names: string[] = [];
test.afterAll(() => cleanup({ names }));

test('a running container shows CPU and memory sparklines in its row; they go when it stops', async ({ page }) => {
  const app = new BerthApp(page);
  const list = new ContainersPage(page);
  const name = unique('spark');
  names.push(name);
  // Some steady work, so CPU is above zero.
  docker('run', '-d', '--label', TEST_LABEL, '--name', name, '-p', '80', BUSYBOX, 'sh', '-c', 'trap "exit 0" TERM; while :; do i=0; while [ $i -lt 3000 ]; do i=$((i+1)); done; usleep 50000; done');
  await app.open();
  await list.expectState(name, 'Running');
  const cpu = list.sparkline(name, 'CPU');
  const mem = list.sparkline(name, 'Memory');
  await expect(cpu).toBeVisible({ timeout: 15_000 });
  await expect(cpu).toHaveAttribute('aria-label', new RegExp(`^CPU of ${name}: \\d+\\.\\d %$`));
  await expect(mem).toHaveAttribute('aria-label', new RegExp(`^Memory of ${name}: [\\d.]+ (B|KiB|MiB|GiB)$`));
  // The next sample (rows are sampled every 10 s) draws the line (two or more points).
  await expect(cpu.locator('path.line')).toHaveCount(1, { timeout: 25_000 });

  // In a browser, a port link is a plain new-tab link that does not hand over the window.
  const link = list.portLinks(name).first();
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', /noopener/);
  await expect(link).toHaveAttribute('rel', /noreferrer/);

  docker('stop', '-t', '2', name);
  await list.expectState(name, /Exited/);
  await expect(cpu).toHaveCount(0);
});
