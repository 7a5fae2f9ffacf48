// Moves between two real engines from the window (issue 15 §4): the host's dockerd and a second dockerd found through a
// real docker context; an image and a volume copied with their progress in bytes, then seen on the other engine.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { importBusyboxImage } from '../../main/core/testing/busybox-image.js';
import { startSecondDockerd, type SecondDockerd } from '../../main/core/testing/second-dockerd.js';
import { HELPER_IMAGE } from '../../main/core/engines/move-volume.js';
import { BerthApp } from '../pages/BerthApp.js';
import { ContainerPage } from '../pages/ContainerPage.js';
import { ContainersPage } from '../pages/ContainersPage.js';
import { AllEnginesPage, EngineSwitcher } from '../pages/EngineSwitcher.js';
import { ImagesPage } from '../pages/ImagesPage.js';
import { MoveDialog } from '../pages/MoveDialog.js';
import { docker, dockerQuiet, TEST_LABEL, unique } from '../support/docker.js';
import { root, serve, type Served } from '../support/serve.js';

test.describe.configure({ mode: 'serial' });

const SECOND_IMAGE = 'berth-test/second-busybox:1';
const tag = unique('m');
const MOVED = `berth-e2e/move-me:${tag}`;
const volume = unique('move-vol');
const renamed = `${volume}-copy`;
const fromAllVolume = `${volume}-all`;
const fromAll = `berth-e2e/from-all:${tag}`;
const recreated = unique('recreate-me');
const recreatedVolume = unique('recreate-vol');
const fromRow = unique('row-recreate');
const fromAllRow = unique('all-recreate');
let second: SecondDockerd;
let served: Served;
let tmp: string;
const onSecondCli = (...args: string[]) => execFileSync('docker', ['-H', second.url, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 }).trim();

test.beforeAll(async () => {
  test.setTimeout(180_000);
  second = await startSecondDockerd();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-e2e-moves-'));
  const config = path.join(tmp, 'docker-config');
  fs.mkdirSync(config);
  execFileSync('docker', ['context', 'create', 'second', '--docker', `host=${second.url}`], { env: { ...process.env, DOCKER_CONFIG: config, DOCKER_HOST: '' }, stdio: 'ignore' });
  // The image to move lives on the host only; the second engine gets its own busybox to read the moved volume with.
  importBusyboxImage(MOVED);
  importBusyboxImage(SECOND_IMAGE, { host: second.url });
  // Another image ID (a commit with a label of its own), so the copy from All engines streams it rather than skipping.
  const committed = unique('commit-src');
  docker('create', '--network', 'none', '--name', committed, MOVED, 'true');
  docker('commit', '--change', `LABEL berth.e2e.moves=${tag}`, committed, fromAll);
  docker('rm', committed);
  docker('volume', 'create', '--label', TEST_LABEL, volume);
  docker('run', '--rm', '--network', 'none', '-v', `${volume}:/v`, MOVED, 'sh', '-c', 'echo moved-by-berth > /v/hello && chmod 640 /v/hello && chown 1234:5678 /v/hello');
  // On the second engine: a container with a named volume and restart policy always, to be recreated on the host's.
  onSecondCli('run', '-d', '--network', 'none', '--restart', 'always', '-v', `${recreatedVolume}:/data`, '--name', recreated, SECOND_IMAGE, 'sh', '-c', 'echo kept > /data/f; exec sleep 600');
  // Containers recreated from a row's menu: one on the host's engine (Containers list), one on the second (All engines).
  // Not labelled berth.test: another spec's cleanup of that label must not take it away mid-run (removed by name below).
  docker('create', '--network', 'none', '--label', 'berth.e2e.moves=1', '--name', fromRow, MOVED, 'sleep', '600');
  onSecondCli('create', '--network', 'none', '--name', fromAllRow, SECOND_IMAGE, 'sleep', '600');
  served = await serve([], { DOCKER_CONFIG: config, BERTH_HOME: path.join(tmp, 'home') });
});

test.afterAll(async () => {
  await served?.stop();
  dockerQuiet('volume', 'rm', '-f', volume);
  dockerQuiet('rm', '-f', recreated, fromRow, fromAllRow);
  dockerQuiet('volume', 'rm', '-f', recreatedVolume);
  dockerQuiet('rmi', MOVED, fromAll, SECOND_IMAGE);
  await second?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('an image is copied to the other engine from its row with its bytes, then skipped the second time (same image ID)', async ({ page }) => {
  const app = new BerthApp(page);
  await app.open(served.url);
  await app.go('Images');
  await expect(new ImagesPage(page).row(MOVED)).toBeVisible({ timeout: 15_000 });
  const move = await MoveDialog.fromImageRow(page, MOVED);
  // Only the other engine that is up is offered.
  await expect(move.target.getByRole('option')).toHaveText(['second']);
  await move.start({ to: 'second' });
  const task = move.task(`Copy ${MOVED} to second`);
  await expect(task).toContainText(/done in/, { timeout: 60_000 });
  await expect(task).toContainText(/image \S+: loaded on second \([\d.]+ (KiB|MiB) copied\)/);
  await expect(move.result).toContainText(/Copied image [0-9a-f]{12} as .+ to second \([\d.]+ (KiB|MiB)\)\./);
  await expect(move.result).toContainText(MOVED);
  if (process.env.BERTH_E2E_SCREENSHOTS === '1') await page.screenshot({ path: path.join(root, 'docs', 'screenshots', 'move-image.png') });
  expect(onSecondCli('image', 'inspect', '-f', '{{.Id}}', MOVED)).toBe(docker('image', 'inspect', '-f', '{{.Id}}', MOVED));

  // Again: the target has that image ID, nothing is streamed.
  await move.start({ to: 'second' });
  await expect(move.result).toContainText(/Skipped: second already has image [0-9a-f]{12}/, { timeout: 30_000 });
  await move.close();

  // Seen on the other engine: All engines lists it there; switching the window shows it in its Images list.
  await app.go('All engines');
  await expect(new AllEnginesPage(page).images('second').getByRole('row', { name: `${MOVED} on second` })).toBeVisible({ timeout: 15_000 });
  const switcher = new EngineSwitcher(page);
  await switcher.choose('second');
  await app.go('Images');
  await expect(new ImagesPage(page).row(MOVED)).toBeVisible({ timeout: 15_000 });
  await switcher.choose('default');
});

test('a volume is copied under a new name with its bytes; the name taken is the error on the name field', async ({ page }) => {
  const app = new BerthApp(page);
  await app.open(served.url);
  await app.go('Volumes');
  const volumes = page.getByRole('grid', { name: 'Volumes list' });
  await expect(volumes.getByRole('row', { name: volume, exact: true })).toBeVisible({ timeout: 15_000 });
  const move = await MoveDialog.fromVolumeRow(page, volume);
  await move.start({ to: 'second', name: renamed });
  const task = move.task(`Copy volume ${volume} to second`);
  await expect(task).toContainText(/done in/, { timeout: 60_000 });
  await expect(task).toContainText(/[\d.]+ (B|KiB|MiB) copied/);
  await expect(move.result).toContainText(`Copied into volume ${renamed} on second`);
  // Its file, owner and mode on the second engine.
  expect(onSecondCli('run', '--rm', '--network', 'none', '-v', `${renamed}:/v`, SECOND_IMAGE, 'sh', '-c', 'cat /v/hello; stat -c "%u:%g %a" /v/hello')).toBe('moved-by-berth\n1234:5678 640');

  // The same name again: the target has it, said under the name field.
  await move.start({ to: 'second', name: renamed });
  await move.expectNameError(`second already has a volume named ${renamed}`);
  await move.close();

  await new EngineSwitcher(page).choose('second');
  await app.go('Volumes');
  await expect(volumes.getByRole('row', { name: renamed, exact: true })).toBeVisible({ timeout: 15_000 });
  await new EngineSwitcher(page).choose('default');
});

test('All engines: an image row of the host copies it to the second engine, where its row then appears', async ({ page }) => {
  const app = new BerthApp(page);
  await app.open(served.url);
  await app.go('All engines');
  const all = new AllEnginesPage(page);
  await expect(all.images('default').getByRole('row', { name: `${fromAll} on default` })).toBeVisible({ timeout: 15_000 });
  const move = await MoveDialog.fromAllEngines(page, 'default', fromAll);
  await move.start({ to: 'second' });
  await expect(move.result).toContainText(new RegExp(`Copied image [0-9a-f]{12} as ${fromAll.replace(/[/.]/g, '\\$&')} to second`), { timeout: 60_000 });
  await move.close();
  await expect(all.images('second').getByRole('row', { name: `${fromAll} on second` })).toBeVisible({ timeout: 15_000 });
});

test("All engines: each engine's volumes; a volume of the host copied to the second from its row; Berth's helper image is in no list", async ({ page }) => {
  const app = new BerthApp(page);
  await app.open(served.url);
  await app.go('All engines');
  const all = new AllEnginesPage(page);
  await expect(all.row(all.volumes('default'), 'default', volume)).toBeVisible({ timeout: 15_000 });
  // The copy an earlier test made under another name is on the second engine only.
  await expect(all.row(all.volumes('second'), 'second', renamed)).toBeVisible();
  await expect(all.row(all.volumes('default'), 'default', renamed)).toHaveCount(0);
  const move = await MoveDialog.fromAllEnginesVolume(page, 'default', volume);
  await move.start({ to: 'second', name: fromAllVolume });
  await expect(move.result).toContainText(`Copied into volume ${fromAllVolume} on second`, { timeout: 60_000 });
  await move.close();
  await expect(all.row(all.volumes('second'), 'second', fromAllVolume)).toBeVisible({ timeout: 15_000 });
  expect(onSecondCli('run', '--rm', '--network', 'none', '-v', `${fromAllVolume}:/v`, SECOND_IMAGE, 'cat', '/v/hello')).toBe('moved-by-berth');

  // The volume copies made Berth's helper image on both engines (labelled berth.helper); neither list shows it.
  expect(docker('image', 'inspect', '-f', '{{index .Config.Labels "berth.helper"}}', HELPER_IMAGE)).toBe('empty');
  expect(onSecondCli('image', 'inspect', '-f', '{{index .Config.Labels "berth.helper"}}', HELPER_IMAGE)).toBe('empty');
  await expect(all.row(all.images('default'), 'default', MOVED)).toBeVisible();
  await expect(all.row(all.images('default'), 'default', HELPER_IMAGE)).toHaveCount(0);
  await expect(all.row(all.images('second'), 'second', HELPER_IMAGE)).toHaveCount(0);
  await app.go('Images');
  const images = new ImagesPage(page);
  await app.filter.fill('berth-');
  await expect(images.row(MOVED)).toBeVisible({ timeout: 15_000 });
  await expect(images.row(HELPER_IMAGE)).toHaveCount(0);
  await app.filter.fill('');
});

test('Recreate on engine… from a container page: the note before, its volume copied, the original stopped and kept, the core\'s warning shown', async ({ page }) => {
  const app = new BerthApp(page);
  await app.open(served.url);
  const switcher = new EngineSwitcher(page);
  await switcher.choose('second');
  const list = new ContainersPage(page);
  await list.expectRow(recreated);
  await list.open(recreated);
  await new ContainerPage(page, recreated).expectOpen();
  const move = await MoveDialog.fromContainerPage(page, recreated);
  await expect(move.note).toContainText(`${recreated} is stopped here once the new one is made, and kept`);
  await move.copyVolumes.check();
  await move.start({ to: 'default', verb: 'Recreate' });
  await expect(move.result).toContainText(`${recreated} runs on default`, { timeout: 90_000 });
  await expect(move.details).toContainText('Its image was copied first.');
  await expect(move.details).toContainText(`Volumes copied: ${recreatedVolume}`);
  await expect(move.details).toContainText(`The original ${recreated} was stopped and kept.`);
  await expect(move.warnings).toContainText('restart policy always');
  await expect(move.note).toBeHidden();
  await move.close();
  expect(docker('inspect', '-f', '{{.State.Running}}', recreated)).toBe('true');
  expect(docker('run', '--rm', '--network', 'none', '-v', `${recreatedVolume}:/data`, MOVED, 'cat', '/data/f')).toBe('kept');
  expect(onSecondCli('inspect', '-f', '{{.State.Running}}', recreated)).toBe('false');
  await switcher.choose('default');
  await app.go('Containers');
  await list.expectRow(recreated);
});

test("Recreate on engine… from a row's menu: in the Containers list, and in All engines on the row's own engine (not the window's)", async ({ page }) => {
  const app = new BerthApp(page);
  await app.open(served.url);
  await app.go('Containers');
  const list = new ContainersPage(page);
  await list.expectRow(fromRow);
  const move = await MoveDialog.fromContainerRow(page, fromRow);
  await expect(move.note).toContainText(`${fromRow} stays here, stopped`);
  await move.start({ to: 'second', verb: 'Recreate' });
  await expect(move.result).toContainText(`${fromRow} runs on second`, { timeout: 90_000 });
  await expect(move.details).toContainText(`The original ${fromRow} was not running; it is kept.`);
  await move.close();
  expect(onSecondCli('inspect', '-f', '{{.State.Running}}', fromRow)).toBe('true');
  expect(docker('inspect', '-f', '{{.State.Status}}', fromRow)).toBe('created');

  // The window shows default; a container of the second engine is recreated from its row in All engines.
  await app.go('All engines');
  const all = new AllEnginesPage(page);
  await expect(all.containerRow('second', fromAllRow)).toBeVisible({ timeout: 15_000 });
  if (process.env.BERTH_E2E_SCREENSHOTS === '1') {
    await all.containerRow('second', fromAllRow).getByRole('button', { name: `More actions for ${fromAllRow} on second` }).click();
    await expect(page.getByRole('menuitem', { name: 'Recreate on engine…' })).toBeFocused();
    await page.screenshot({ path: path.join(root, 'docs', 'screenshots', 'recreate-menu.png') });
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu')).toHaveCount(0);
  }
  const again = await MoveDialog.fromAllEnginesContainer(page, 'second', fromAllRow);
  await expect(again.target.getByRole('option')).toHaveText(['default']);
  await again.start({ to: 'default', verb: 'Recreate' });
  await expect(again.result).toContainText(`${fromAllRow} runs on default`, { timeout: 90_000 });
  await again.close();
  expect(docker('inspect', '-f', '{{.State.Running}}', fromAllRow)).toBe('true');
  expect(onSecondCli('inspect', '-f', '{{.State.Status}}', fromAllRow)).toBe('created');
  await expect(all.containerRow('default', fromAllRow)).toBeVisible({ timeout: 15_000 });
});
