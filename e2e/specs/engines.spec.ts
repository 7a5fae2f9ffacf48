// Two real engines in one window (issue 15 §2, §3): the host's dockerd and a second dockerd (the core's test fixture, in a
// network namespace of its own) found through a real docker context; switched from the top bar, and listed together.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { importBusyboxImage } from '../../main/core/testing/busybox-image.js';
import { startSecondDockerd, type SecondDockerd } from '../../main/core/testing/second-dockerd.js';
import { BerthApp } from '../pages/BerthApp.js';
import { ContainersPage } from '../pages/ContainersPage.js';
import { AllEnginesPage, EngineSwitcher } from '../pages/EngineSwitcher.js';
import { BUSYBOX, docker, dockerQuiet, TEST_LABEL, unique } from '../support/docker.js';
import { root, serve, type Served } from '../support/serve.js';

test.describe.configure({ mode: 'serial' });

const SECOND_IMAGE = 'berth-test/second-busybox:1';
let second: SecondDockerd;
let served: Served;
let tmp: string;
const onHost = unique('on-host');
const onSecond = unique('on-second');
const secondVolume = unique('second-vol');
/** A loopback port nothing listens on (taken, then let go). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
const onSecondCli = (...args: string[]) => execFileSync('docker', ['-H', second.url, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

test.beforeAll(async () => {
  test.setTimeout(180_000);
  second = await startSecondDockerd();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-e2e-engines-'));
  const config = path.join(tmp, 'docker-config');
  fs.mkdirSync(config);
  // The real docker CLI makes the context that the core finds; the window's own berth serve reads this config.
  const contextEnv = { ...process.env, DOCKER_CONFIG: config, DOCKER_HOST: '' };
  execFileSync('docker', ['context', 'create', 'second', '--docker', `host=${second.url}`], { env: contextEnv, stdio: 'ignore' });
  // An SSH context to a loopback port where nothing listens: down with its own reason, the others unaffected.
  execFileSync('docker', ['context', 'create', 'refusing', '--docker', `host=ssh://${os.userInfo().username}@127.0.0.1:${await closedPort()}`], { env: contextEnv, stdio: 'ignore' });
  importBusyboxImage(SECOND_IMAGE, { host: second.url });
  onSecondCli('run', '-d', '--label', TEST_LABEL, '--network', 'none', '--name', onSecond, SECOND_IMAGE, 'sleep', '600');
  onSecondCli('volume', 'create', '--label', TEST_LABEL, secondVolume);
  // Not labelled berth.test: another spec's cleanup of that label must not take it away mid-run (removed by name below).
  docker('run', '-d', '--label', 'berth.e2e.engines=1', '--name', onHost, BUSYBOX, 'sleep', '600');
  served = await serve([], { DOCKER_CONFIG: config, BERTH_HOME: path.join(tmp, 'home') });
});

test.afterAll(async () => {
  await served?.stop();
  dockerQuiet('rm', '-f', onHost);
  await second?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('the top bar switches engines: each shows only its own containers, and the choice repaints every page', async ({ page }) => {
  const app = new BerthApp(page);
  await app.open(served.url);
  const switcher = new EngineSwitcher(page);
  const containers = new ContainersPage(page);
  await expect(switcher.button).toHaveAccessibleName('Engine: default');
  await containers.expectRow(onHost);
  await expect(containers.row(onSecond)).toHaveCount(0);

  const list = await switcher.open();
  await expect(switcher.option('default')).toHaveAttribute('aria-selected', 'true');
  await expect(switcher.option('second')).toHaveAccessibleName(/^second — socket · up · Engine \d/);
  await expect(list).toBeVisible();
  await switcher.choose('second');
  await containers.expectRow(onSecond);
  await expect(containers.row(onHost)).toHaveCount(0);
  await app.go('Images');
  await expect(page.getByText(SECOND_IMAGE.split(':')[0] as string).first()).toBeVisible();
  if (process.env.BERTH_E2E_SCREENSHOTS === '1') {
    await switcher.open();
    await page.screenshot({ path: path.join(root, 'docs', 'screenshots', 'engine-switcher.png') });
    await page.keyboard.press('Escape');
  }

  // The refusing SSH context says why in the list; choosing it is refused with that reason, and the window stays.
  await switcher.open();
  await expect(switcher.option('refusing')).toHaveAccessibleName(/^refusing — SSH · down: 127\.0\.0\.1:\d+ refused the connection/, { timeout: 20_000 });
  await switcher.option('refusing').click();
  await expect(page.getByRole('listbox', { name: 'Engines' }).locator('..').getByRole('alert')).toContainText(/refusing is down: 127\.0\.0\.1:\d+ refused the connection/);
  await expect(switcher.button).toHaveAccessibleName('Engine: second');
  await page.keyboard.press('Escape');
  await app.go('Containers');
  await containers.expectRow(onSecond);

  await switcher.choose('default');
  await app.go('Containers');
  await containers.expectRow(onHost);
  await expect(containers.row(onSecond)).toHaveCount(0);
});

test('All engines lists both engines\' containers, images and volumes with labels, and each action goes to the owning engine', async ({ page }) => {
  const app = new BerthApp(page);
  await app.open(served.url);
  await app.go('All engines');
  const all = new AllEnginesPage(page);
  await expect(all.containerRow('default', onHost)).toBeVisible();
  await expect(all.containerRow('second', onSecond)).toBeVisible();
  await expect(all.containerRow('second', onSecond)).toContainText('second');
  await expect(all.containers('default').getByRole('row', { name: `${onSecond} on default` })).toHaveCount(0);
  await expect(all.images('second').getByRole('row', { name: `${SECOND_IMAGE} on second` })).toBeVisible();
  await expect(all.row(all.volumes('second'), 'second', secondVolume)).toBeVisible();
  await expect(all.row(all.volumes('default'), 'default', secondVolume)).toHaveCount(0);
  if (process.env.BERTH_E2E_SCREENSHOTS === '1') {
    // The page scrolls inside the window (a full-page shot is the viewport): a taller one shows containers, images and volumes.
    await page.setViewportSize({ width: 1440, height: 1700 });
    await page.screenshot({ path: path.join(root, 'docs', 'screenshots', 'all-engines.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
  }

  // Stop goes to the second engine (the window's current one is the host's): the row there turns to Start.
  await all.action('second', onSecond, 'Stop').click();
  await expect(all.action('second', onSecond, 'Start')).toBeVisible({ timeout: 30_000 });
  expect(onSecondCli('inspect', '-f', '{{.State.Running}}', onSecond)).toBe('false');
  expect(docker('inspect', '-f', '{{.State.Running}}', onHost)).toBe('true');
});
