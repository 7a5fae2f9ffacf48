// Images: pull from a local registry with per-layer progress, browse the registry, build from a Dockerfile with streamed output.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { ImagesPage } from '../pages/ImagesPage.js';
import { BUSYBOX, docker, dockerQuiet } from '../support/docker.js';

const REGISTRY = '127.0.0.1:5055';
const REMOTE = `${REGISTRY}/berth-e2e/busybox:1`;
const BUILT = 'berth-e2e/built:1';
let registry: ChildProcess | undefined;
let dir: string;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'berth-e2e-'));
  writeFileSync(join(dir, 'registry.yml'), `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: ${REGISTRY}\n`);
  registry = spawn('docker-registry', ['serve', join(dir, 'registry.yml')], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    const ok = await fetch(`http://${REGISTRY}/v2/`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  // An image with a layer of its own (8 MiB of random bytes), so the pull really downloads and shows progress.
  const src = join(dir, 'src');
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'Dockerfile'), `FROM ${BUSYBOX}\nRUN dd if=/dev/urandom of=/blob bs=1M count=8 2>/dev/null\n`);
  docker('build', '-q', '-t', REMOTE, src);
  docker('push', REMOTE);
  docker('rmi', REMOTE);
});

test.afterAll(() => {
  dockerQuiet('rmi', '-f', REMOTE);
  dockerQuiet('rmi', '-f', BUILT);
  registry?.kill();
  rmSync(dir, { recursive: true, force: true });
});

test('pull from a local registry shows per-layer progress and a total', async ({ page }) => {
  const app = new BerthApp(page);
  const images = new ImagesPage(page);
  await app.open();
  await app.go('Images');
  const dialog = await images.pull(REMOTE);
  const task = images.task(dialog, `Pull ${REMOTE}`);
  await expect(task).toBeVisible();
  await expect(task.getByRole('progressbar', { name: `Pull ${REMOTE} total` })).toBeVisible();
  await expect(task.getByRole('progressbar', { name: /^Layer / }).first()).toBeVisible();
  await expect(task).toContainText(/done in/, { timeout: 60_000 });
  await expect(task.getByRole('progressbar', { name: `Pull ${REMOTE} total` })).toHaveAttribute('aria-valuenow', '100');
  await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
  await images.expectRow(REMOTE);
  expect(docker('image', 'inspect', '-f', '{{.Id}}', REMOTE)).toMatch(/^sha256:/);
  const panel = await app.openActivity();
  await expect(images.task(panel, `Pull ${REMOTE}`)).toContainText('done');
});

test('the registry browser lists repositories and tags', async ({ page }) => {
  const app = new BerthApp(page);
  const images = new ImagesPage(page);
  await app.open();
  await app.go('Images');
  const d = await images.openRegistry(REGISTRY);
  await d.getByRole('list', { name: 'Repositories' }).getByRole('button', { name: 'berth-e2e/busybox' }).click();
  await expect(d.getByRole('button', { name: `Pull ${REMOTE}` })).toBeVisible();
});

test('build an image from a Dockerfile, with the output streamed', async ({ page }) => {
  const ctx = join(dir, 'ctx');
  mkdirSync(ctx, { recursive: true });
  writeFileSync(join(ctx, 'Dockerfile'), `FROM ${BUSYBOX}\nRUN echo built-by-berth > /built.txt\nCMD ["cat", "/built.txt"]\n`);
  const app = new BerthApp(page);
  const images = new ImagesPage(page);
  await app.open();
  await app.go('Images');
  const dialog = await images.build({ folder: ctx, tags: BUILT });
  const task = images.task(dialog, `Build ${BUILT}`);
  await expect(task.getByLabel(`Build ${BUILT} output`)).toContainText(/RUN echo built-by-berth|built-by-berth/, { timeout: 60_000 });
  await expect(task).toContainText(/done in/, { timeout: 60_000 });
  await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
  await images.expectRow(BUILT);
  expect(docker('run', '--rm', BUILT)).toBe('built-by-berth');
});

test('build errors land on the form', async ({ page }) => {
  const app = new BerthApp(page);
  const images = new ImagesPage(page);
  await app.open();
  await app.go('Images');
  const dialog = await images.build({ folder: 'relative/path', tags: 'Not A Tag' });
  await expect(dialog.getByRole('textbox', { name: 'Folder' })).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByRole('textbox', { name: 'Tags' })).toHaveAttribute('aria-invalid', 'true');
});
