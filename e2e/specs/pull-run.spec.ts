// Run does not pull: an image that is not on the engine comes back as IMAGE_NOT_FOUND on the Image field, and the dialog
// offers "Pull and run" — the pull shows its progress in the activity panel, then the same spec runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { ContainersPage } from '../pages/ContainersPage.js';
import { ImagesPage } from '../pages/ImagesPage.js';
import { RunDialog } from '../pages/RunDialog.js';
import { BUSYBOX, cleanup, docker, dockerQuiet, unique } from '../support/docker.js';

const REGISTRY = '127.0.0.1:5056';
const REMOTE = `${REGISTRY}/berth-e2e/pullrun:1`;
const names: string[] = [];
let registry: ChildProcess | undefined;
let dir: string;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'berth-e2e-pullrun-'));
  writeFileSync(join(dir, 'registry.yml'), `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: ${REGISTRY}\n`);
  registry = spawn('docker-registry', ['serve', join(dir, 'registry.yml')], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    const ok = await fetch(`http://${REGISTRY}/v2/`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  // An image with a layer of its own (4 MiB of random bytes), so the pull really downloads.
  const src = join(dir, 'src');
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'Dockerfile'), `FROM ${BUSYBOX}\nRUN dd if=/dev/urandom of=/blob bs=1M count=4 2>/dev/null\nCMD ["sleep", "600"]\n`);
  docker('build', '-q', '-t', REMOTE, src);
  docker('push', REMOTE);
  docker('rmi', REMOTE);
});

test.afterAll(() => {
  cleanup({ names, images: [REMOTE] });
  registry?.kill();
  rmSync(dir, { recursive: true, force: true });
});

test('an image that is not here: the error sits on Image, and Pull and run pulls (with progress) then runs', async ({ page }) => {
  test.setTimeout(120_000);
  expect(dockerQuiet('image', 'inspect', REMOTE)).toBeUndefined();
  const app = new BerthApp(page);
  const run = new RunDialog(page);
  const list = new ContainersPage(page);
  const images = new ImagesPage(page);
  const name = unique('pullrun');
  names.push(name);
  await app.open();
  await run.open();
  await run.fill({ image: REMOTE, name, labels: [['berth.test', '1']] });
  await run.submit();
  expect(await run.errorOf('Image')).toMatch(/not on this engine|pull it first/i);
  const offer = run.dialog.getByRole('group', { name: 'Image not here' });
  await expect(offer).toContainText(REMOTE);
  await offer.getByRole('button', { name: 'Pull and run' }).click();

  // The pull is an activity task with its bars; the dialog says what it waits for.
  const panel = app.activityPanel;
  await expect(panel).toBeVisible();
  const task = images.task(panel, `Pull ${REMOTE}`);
  await expect(task).toBeVisible();
  await expect(task.getByRole('progressbar', { name: `Pull ${REMOTE} total` })).toBeVisible();
  await expect(task).toContainText(/done in/, { timeout: 60_000 });
  await expect(run.dialog).toBeHidden({ timeout: 30_000 });

  await page.getByRole('button', { name: 'Close activity panel' }).click();
  await list.expectState(name, 'Running');
  expect(docker('inspect', '-f', '{{.Config.Image}} {{index .Config.Labels "berth.test"}}', name)).toBe(`${REMOTE} 1`);
});
