// Trust (issue 16): a page that throws shows its error (rail and top bar stay), Commit from a running container, the remove
// dialog names changed paths, the lent busybox leaves with its shell and stays out of a commit, and /favicon.ico is served.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { CommitDialog } from '../pages/CommitDialog.js';
import { ContainerPage } from '../pages/ContainerPage.js';
import { ContainersPage } from '../pages/ContainersPage.js';
import { ImagePage } from '../pages/ImagePage.js';
import { berthUrl } from '../support/berth.js';
import { BUSYBOX, cleanup, docker, dockerQuiet, unique } from '../support/docker.js';
import { serve, type Served } from '../support/serve.js';

const images: string[] = [];
// Containers by name, without the test label: other specs running at the same time clean up every labelled container.
const names: string[] = [];
test.afterAll(() => cleanup({ names, images }));

const lentDirs = (id: string) =>
  docker('diff', id)
    .split('\n')
    .map((l) => l.replace(/^[ACD] /, ''))
    .filter((p) => /^\/\.berth-[0-9a-f]{16}$/.test(p));

test('a page that throws says what failed and reloads by itself; the rail and top bar stay, the core log has it', async ({ page }) => {
  test.skip(Boolean(process.env.BERTH_E2E_SKIP_BUILD), 'needs the test build the global setup makes (VITE_BERTH_TEST_BUILD=1)');
  // A server of this test's own, so its log can be read.
  let served: Served | undefined;
  try {
    served = await serve();
    let log = '';
    served.child.stderr?.on('data', (b: Buffer) => (log += b.toString()));
    const app = new BerthApp(page);
    await app.open(served.url);
    await page.evaluate(() => sessionStorage.setItem('berth.test.fault', 'Images page'));
    await app.go('Images');
    const failed = app.partError('Images page');
    await expect(failed).toBeVisible();
    await expect(failed).toContainText('Test fault: the Images page was made to throw');
    await expect(app.rail).toBeVisible();
    await expect(app.topBar).toBeVisible();
    await expect.poll(() => log, { timeout: 10_000 }).toMatch(/ERROR \[window\] the window caught an error in Images page at #\/images: Test fault/);
    // The rest of the window works: another page, then back.
    await app.go('Volumes');
    await expect(page.getByRole('region', { name: 'Volumes', exact: true })).toBeVisible();
    await app.go('Images');
    await expect(failed).toBeVisible();
    await page.evaluate(() => sessionStorage.removeItem('berth.test.fault'));
    await failed.getByRole('button', { name: 'Reload this page' }).click();
    await expect(failed).toBeHidden();
    await expect(page.getByRole('grid', { name: 'Images list' }).getByRole('row', { name: BUSYBOX })).toBeVisible();
  } finally {
    await served?.stop();
  }
});

test('the app icon is served at /favicon.ico, and a page load asks for nothing that is missing', async ({ page }) => {
  const missing: string[] = [];
  page.on('response', (r) => {
    if (r.status() === 404) missing.push(r.url());
  });
  const app = new BerthApp(page);
  await app.open();
  const origin = new URL(berthUrl()).origin;
  const r = await page.request.get(`${origin}/favicon.ico`);
  expect(r.status()).toBe(200);
  expect(r.headers()['content-type']).toBe('image/x-icon');
  expect((await r.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  await page.waitForTimeout(500);
  expect(missing).toEqual([]);
});

test('Commit from a running container: bad input is refused, the image has the file and the change, the container runs on', async ({ page }) => {
  const app = new BerthApp(page);
  await app.open();
  const name = unique('commitme');
  names.push(name);
  docker('run', '-d', '--name', name, BUSYBOX, 'sh', '-c', 'mkdir -p /srv && echo baked-in > /srv/note.txt; exec sleep 600');
  const list = new ContainersPage(page);
  await list.expectState(name, 'Running');
  await list.open(name);
  const c = new ContainerPage(page, name);
  await c.expectOpen();
  const commit = new CommitDialog(page, name);
  await commit.open();
  await expect(commit.pause).toBeChecked();

  await commit.fill({ ref: 'Not A Repo', changes: ['ENV A=1', 'RUN make'] });
  await commit.submit();
  await expect(commit.error('Repository and tag')).toContainText('whitespace');
  await expect(commit.error('Changes')).toContainText('Change line 2: "RUN" cannot be changed by a commit');
  await commit.fill({ ref: 'berth-e2e/ok:1', changes: ['EXPOSE eighty'] });
  await commit.submit();
  await expect(commit.error('Changes')).toContainText('"eighty" is not a port');

  const ref = `berth-e2e/${name}:snap`;
  images.push(ref);
  await commit.fill({ ref, message: 'from the e2e', author: 'Berth e2e', changes: ['ENV COMMITTED=yes', 'CMD ["cat", "/srv/note.txt"]'] });
  await commit.submit();
  await expect(commit.result).toContainText(`Committed to ${ref}`);
  await expect(commit.result).toContainText(`${name} keeps running`);
  expect(docker('inspect', '-f', '{{.State.Running}}', name)).toBe('true');
  expect(docker('run', '--rm', ref)).toBe('baked-in');
  expect(docker('image', 'inspect', '-f', '{{.Comment}}|{{.Author}}|{{json .Config.Env}}', ref)).toMatch(/^from the e2e\|Berth e2e\|.*"COMMITTED=yes"/);

  await commit.openImage();
  const img = new ImagePage(page);
  await expect(img.heading(ref)).toBeVisible();
  await expect(img.env).toContainText('COMMITTED=yes');
});

test('the remove dialog names the first ten changed paths, and "and N more" opens the Changes tab', async ({ page }) => {
  const app = new BerthApp(page);
  const list = new ContainersPage(page);
  await app.open();
  const name = unique('changed');
  names.push(name);
  docker('run', '-d', '--name', name, BUSYBOX, 'sh', '-c', 'mkdir /data; for i in 01 02 03 04 05 06 07 08 09 10 11 12; do echo $i > /data/f$i; done; exec sleep 600');
  await expect.poll(() => docker('diff', name).split('\n').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(13);
  docker('stop', '-t', '0', name);
  await list.expectState(name, /Exited/);
  await list.act(name, 'Remove');
  await expect(list.removeDialog).toContainText('Its filesystem has 13 changed paths that are not in any image; they will be lost');
  await expect(list.removeDialogPaths).toHaveCount(10);
  await expect(list.removeDialogPaths.first()).toHaveText('/data');
  await expect(list.removeDialogMore).toHaveText('and 3 more (see the Changes tab)');
  await list.removeDialogMore.click();
  await expect(list.removeDialog).toBeHidden();
  await new ContainerPage(page, name).expectOpen();
  await expect(page.getByRole('tab', { name: 'Changes' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('list', { name: 'Changed paths' })).toContainText('/data/f12');
  expect(dockerQuiet('inspect', name)).toBeDefined();
});

test('the busybox lent to a shell-less container is gone once its shell closes, and is not in a commit', async ({ page }) => {
  const app = new BerthApp(page);
  await app.open();
  const name = unique('lent');
  names.push(name);
  const id = docker('run', '-d', '--name', name, 'berth-test/noshell:latest');
  test.skip(docker('inspect', '-f', '{{.State.Running}}', id) !== 'true', 'berth-test/noshell exits at once on this machine');
  const list = new ContainersPage(page);
  await list.expectState(name, 'Running');
  await list.open(name);
  const c = new ContainerPage(page, name);
  await c.tab('Terminal');
  await page.getByRole('button', { name: 'Open a busybox shell' }).click();
  await expect(c.terminalStatus).toContainText('Shell in', { timeout: 20_000 });
  await c.expectPrompt();
  const dirs = lentDirs(id);
  expect(dirs).toHaveLength(1);
  // While the shell is open, the Changes tab says the busybox is Berth's; the remove warning would not count it.
  await c.tab('Changes');
  await expect(page.getByRole('list', { name: 'Changed paths' })).toContainText('Berth’s busybox, lent for a shell');
  await c.tab('Terminal');
  await c.expectPrompt();
  await c.type('exit\n');
  await expect.poll(() => lentDirs(id), { timeout: 15_000 }).toEqual([]);
  expect(docker('diff', id)).toBe('');

  // A copy left behind (as by a Berth that stopped while a shell was open): Commit says so and takes it out first.
  const left = '/.berth-00e2e00e2e00e2e0';
  const scratch = mkdtempSync(join(tmpdir(), 'berth-e2e-lent-'));
  try {
    mkdirSync(join(scratch, left));
    copyFileSync('/bin/busybox', join(scratch, left, 'busybox'));
    docker('cp', join(scratch, left), `${id}:/`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  expect(lentDirs(id)).toEqual([left]);
  const ref = `berth-e2e/${name}:nobusybox`;
  images.push(ref);
  const commit = new CommitDialog(page, name);
  await commit.open();
  await expect(commit.busyboxNote).toContainText(`holds the busybox Berth lent it for a shell (${left})`);
  await expect(commit.busyboxNote).toContainText('Berth takes it out before committing');
  await commit.fill({ ref });
  await commit.submit();
  await expect(commit.result).toContainText(`Committed to ${ref}`);
  await expect(commit.result).toContainText('Berth took the busybox it had lent for a shell out first');
  expect(lentDirs(id)).toEqual([]);
  const fresh = docker('create', '--name', `${name}-fresh`, ref);
  names.push(`${name}-fresh`);
  for (const d of [...dirs, left]) expect(dockerQuiet('container', 'cp', `${fresh}:${d}`, '-')).toBeUndefined();
});
