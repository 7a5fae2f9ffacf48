// Logs: follow a chatty container; scrolling up pauses, the bottom resumes; search highlights; timestamps toggle.
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { ContainerPage } from '../pages/ContainerPage.js';
import { ContainersPage } from '../pages/ContainersPage.js';
import { BUSYBOX, cleanup, docker, TEST_LABEL, unique } from '../support/docker.js';

const names: string[] = [];
test.afterAll(() => cleanup({ names }));

test('follow the logs of a chatty container', async ({ page }) => {
  const app = new BerthApp(page);
  await app.open();
  const name = unique('chatty');
  names.push(name);
  docker('run', '-d', '--label', TEST_LABEL, '--name', name, BUSYBOX, 'sh', '-c', `i=0; while true; do i=$((i+1)); echo "tick $i"; [ $((i % 50)) = 0 ] && printf '\\033[31merror %d\\033[0m\\n' $i >&2; usleep 10000; done`);
  const list = new ContainersPage(page);
  await list.expectState(name, 'Running');
  await list.open(name);
  const c = new ContainerPage(page, name);
  await c.expectOpen();
  await expect(c.logs).toContainText(/tick \d+/);
  // Following: the newest line keeps coming into view.
  const lastTick = async () => Math.max(...[...(await c.logs.innerText()).matchAll(/tick (\d+)/g)].map((m) => Number(m[1])));
  const first = await lastTick();
  await expect.poll(lastTick, { timeout: 10_000 }).toBeGreaterThan(first + 50);
  await expect(page.getByRole('button', { name: /Following/ })).toHaveAttribute('aria-pressed', 'true');

  // Scrolling up pauses; the view stays put while lines keep arriving.
  await c.logs.hover();
  await page.mouse.wheel(0, -400);
  await expect(page.getByRole('button', { name: /Paused/ })).toBeVisible();
  const top = await c.logs.evaluate((el) => el.scrollTop);
  await page.waitForTimeout(700);
  expect(await c.logs.evaluate((el) => el.scrollTop)).toBe(top);
  // Back at the bottom, it follows again.
  await c.logs.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.getByRole('button', { name: /Following/ })).toBeVisible();

  // Search finds matches while lines keep arriving; Enter goes to one and highlights it; stderr lines keep their colour
  // without escape codes showing. (The matching lines are rarely on screen at the end of a log that keeps growing.)
  const search = page.getByRole('searchbox', { name: 'Search logs' });
  await search.fill('error 50');
  await expect(page.getByText(/^\d+ of \d+$/)).toBeVisible();
  await search.press('Enter');
  await expect(page.getByRole('button', { name: /Paused/ })).toBeVisible();
  await expect(c.logs.locator('mark').first()).toHaveText('error 50');
  expect(await c.logs.innerText()).not.toContain('\x1b[');
  await expect(c.logs.locator('span[style*="color"]', { hasText: 'error 50' }).first()).toBeVisible();
  await page.getByRole('checkbox', { name: 'Timestamps' }).check();
  await expect(c.logs.locator('.ts').first()).toHaveText(/^\d\d:\d\d:\d\d\.\d{3}$/);
});

test('a million lines and a 90,000-character line stay smooth', async ({ page }) => {
  test.setTimeout(180_000);
  const app = new BerthApp(page);
  await app.open();
  const name = unique('bulk');
  names.push(name);
  docker('run', '-d', '--label', TEST_LABEL, '--name', name, BUSYBOX, 'sh', '-c', "seq 1 1000000; head -c 90000 /dev/zero | tr '\\0' x; echo; echo the-end; sleep 600");
  const list = new ContainersPage(page);
  await list.expectState(name, 'Running');
  await list.open(name);
  const c = new ContainerPage(page, name);
  await expect(c.lineCount).toHaveText(/^1,000,00[12] lines/, { timeout: 120_000 });
  await expect(c.logs).toContainText('the-end');
  // The long line is drawn (scrolls sideways) and the page still answers quickly.
  const width = await c.logs.evaluate((el) => el.scrollWidth);
  expect(width).toBeGreaterThan(100_000);
  const t0 = Date.now();
  await c.logs.evaluate((el) => el.scrollTo(0, el.scrollHeight / 2));
  await expect(c.logs).toContainText(/5\d{5}/);
  await page.getByRole('searchbox', { name: 'Search logs' }).fill('999999');
  await expect(page.getByText('1 of 1')).toBeVisible();
  expect(Date.now() - t0).toBeLessThan(5_000);
});
