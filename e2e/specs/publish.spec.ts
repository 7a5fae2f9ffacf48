// Publish-on-running from the container page: a port of a running container answers on the host, is listed, and stops on request.
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { ContainerPage } from '../pages/ContainerPage.js';
import { ContainersPage } from '../pages/ContainersPage.js';
import { BUSYBOX, cleanup, docker, TEST_LABEL, unique } from '../support/docker.js';

const names: string[] = [];
test.afterAll(() => cleanup({ names }));

async function answers(url: string): Promise<string | undefined> {
  return fetch(url).then((r) => r.text(), () => undefined);
}

test('publish a port of a running container, open it, then stop publishing it', async ({ page }) => {
  const app = new BerthApp(page);
  const list = new ContainersPage(page);
  const name = unique('late');
  names.push(name);
  docker('run', '-d', '--label', TEST_LABEL, '--name', name, BUSYBOX, 'httpd', '-f', '-p', '80', '-h', '/www');
  await app.open();
  await list.open(name);
  const c = new ContainerPage(page, name);
  await c.expectOpen();

  // A wrong port is flagged at the field and publishes nothing.
  await c.publishPort('eighty');
  await expect(c.publishError).toContainText('Container port must be 1–65535');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(c.berthPorts).toHaveCount(0);

  await c.publishPort('80');
  await expect(c.berthPorts).toHaveCount(1);
  const label = (await c.berthPorts.getAttribute('aria-label'))?.replace('Published by Berth: ', '') ?? '';
  const hostPort = Number(label.split('→')[0]);
  expect(hostPort).toBeGreaterThan(0);
  await expect(page.getByRole('link', { name: `Open ${label} of ${name}` })).toHaveAttribute('href', `http://127.0.0.1:${hostPort}`);
  await expect.poll(() => answers(`http://127.0.0.1:${hostPort}/`), { timeout: 10_000 }).toContain('hello from berth');

  await c.stopPublishing(label);
  await expect(c.berthPorts).toHaveCount(0);
  await expect.poll(() => answers(`http://127.0.0.1:${hostPort}/`), { timeout: 10_000 }).toBeUndefined();
  // The container itself kept running: nothing was recreated.
  expect(docker('inspect', '-f', '{{.State.Running}}', name).trim()).toBe('true');
});
