// Volumes: each volume says which containers use it (running or not), and an unused one says so.
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { BUSYBOX, cleanup, docker, TEST_LABEL, unique } from '../support/docker.js';

const used = unique('vol-used');
const unused = unique('vol-unused');
const names: string[] = [];
test.afterAll(() => cleanup({ names, volumes: [used, unused] }));

test('a volume lists the containers that use it', async ({ page }) => {
  const app = new BerthApp(page);
  const web = unique('volweb');
  const job = unique('voljob');
  names.push(web, job);
  docker('volume', 'create', '--label', TEST_LABEL, unused);
  docker('run', '-d', '--label', TEST_LABEL, '--name', web, '-v', `${used}:/data`, BUSYBOX, 'sleep', '600');
  docker('run', '--label', TEST_LABEL, '--name', job, '-v', `${used}:/data`, BUSYBOX, 'true');
  await app.open();
  await app.go('Volumes');
  const list = page.getByRole('grid', { name: 'Volumes list' });
  const users = list.getByRole('row', { name: used, exact: true }).getByLabel(`Containers using ${used}`);
  await expect(users.getByRole('button', { name: web, exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(users.getByRole('button', { name: `${job} (exited)` })).toBeVisible();
  await expect(list.getByRole('row', { name: unused, exact: true })).toContainText('not in use');
  // A name leads to the container.
  await users.getByRole('button', { name: web, exact: true }).click();
  await expect(page.getByRole('heading', { name: web, exact: true })).toBeVisible();
});
