// Containers list: a container started by the docker CLI appears live; stop, remove, force remove; the warning on a changed unnamed one.
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { ContainersPage } from '../pages/ContainersPage.js';
import { BUSYBOX, cleanup, docker, dockerQuiet, TEST_LABEL, unique } from '../support/docker.js';

test.afterAll(() => cleanup());

test('a container started by the docker CLI appears without a refresh', async ({ page }) => {
  const app = new BerthApp(page);
  const list = new ContainersPage(page);
  await app.open();
  const name = unique('cli');
  const t0 = Date.now();
  docker('run', '-d', '--label', TEST_LABEL, '--name', name, BUSYBOX, 'sleep', '300');
  await list.expectRow(name);
  await list.expectState(name, 'Running');
  test.info().annotations.push({ type: 'latency', description: `${Date.now() - t0} ms from docker run returning to the row` });
  docker('stop', '-t', '0', name);
  await list.expectState(name, /Exited/);
});

test('stop, remove and force remove from the row', async ({ page }) => {
  const app = new BerthApp(page);
  const list = new ContainersPage(page);
  await app.open();
  const a = unique('stopme');
  const b = unique('forceme');
  // A shell that exits on SIGTERM (a bare `sleep` as PID 1 ignores it and waits out the 10 s stop timeout).
  const sleeper = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done'];
  docker('run', '-d', '--label', TEST_LABEL, '--name', a, BUSYBOX, ...sleeper);
  docker('run', '-d', '--label', TEST_LABEL, '--name', b, BUSYBOX, ...sleeper);
  await list.expectState(a, 'Running');
  await list.act(a, 'Stop');
  await list.expectState(a, /Exited/);
  await list.act(a, 'Remove');
  await expect(list.row(a)).toHaveCount(0);
  expect(dockerQuiet('inspect', a)).toBeUndefined();

  await list.expectState(b, 'Running');
  await list.act(b, 'Force remove');
  await expect(list.row(b)).toHaveCount(0);
  expect(dockerQuiet('inspect', b)).toBeUndefined();
});

test('removing a changed, unnamed stopped container warns and offers commit to image', async ({ page }) => {
  const app = new BerthApp(page);
  const list = new ContainersPage(page);
  await app.open();
  const id = docker('run', '-d', '--label', TEST_LABEL, BUSYBOX, 'sh', '-c', 'echo hi > /tmp/changed.txt; exec sleep 600');
  docker('stop', '-t', '1', id);
  const name = docker('inspect', '-f', '{{.Name}}', id).replace(/^\//, '');
  await list.expectState(name, /Exited/);
  await list.act(name, 'Remove');
  const dialog = list.removeDialog;
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('picked by the engine');
  await expect(dialog).toContainText(/changed path/);
  const ref = `berth-e2e/${name.replace(/_/g, '-')}:snap`;
  await dialog.getByRole('textbox', { name: 'Image to commit to' }).fill(ref);
  await dialog.getByRole('button', { name: 'Commit to image, then remove' }).click();
  await expect(dialog).toBeHidden();
  await expect(list.row(name)).toHaveCount(0);
  expect(docker('image', 'inspect', '-f', '{{.Id}}', ref)).toMatch(/^sha256:/);
  dockerQuiet('rmi', ref);
});
