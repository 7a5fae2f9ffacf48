// The bottom dock: a container's shell and another's log follower open as tabs that survive navigating between pages, can fill
// the window and come back; closing asks only while a process still runs in the tab.
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { ContainerPage } from '../pages/ContainerPage.js';
import { ContainersPage } from '../pages/ContainersPage.js';
import { Dock } from '../pages/Dock.js';
import { BUSYBOX, cleanup, docker, TEST_LABEL, unique } from '../support/docker.js';

const names: string[] = [];
test.afterAll(() => cleanup({ names }));

test('dock tabs survive navigation, pop to the full window, and ask before ending a running shell', async ({ page }) => {
  test.setTimeout(120_000);
  const app = new BerthApp(page);
  const list = new ContainersPage(page);
  const dock = new Dock(page);
  const shell = unique('dockshell');
  const chatty = unique('docklogs');
  names.push(shell, chatty);
  docker('run', '-d', '--label', TEST_LABEL, '--name', shell, BUSYBOX, 'sleep', '600');
  docker('run', '-d', '--label', TEST_LABEL, '--name', chatty, BUSYBOX, 'sh', '-c', 'i=0; while :; do i=$((i+1)); echo "tick $i"; usleep 100000; done');
  await app.open();

  // A shell in the dock, from the container's page.
  await list.expectState(shell, 'Running');
  await list.open(shell);
  await new ContainerPage(page, shell).expectOpen();
  await page.getByRole('button', { name: `Open a shell in ${shell} in the dock` }).click();
  await expect(dock.tab(`Shell: ${shell}`)).toHaveAttribute('aria-selected', 'true');
  await expect(dock.terminalStatus).toContainText(`Shell in ${shell}`, { timeout: 20_000 });
  await dock.expectScreen(shell, /[#$]\s*$/m);
  await dock.type(shell, 'X=kept-$((6*7)); echo dock-$((40+2))\n');
  await dock.expectScreen(shell, /dock-42/);

  // A log follower of another container.
  await app.go('Containers');
  await list.open(chatty);
  await new ContainerPage(page, chatty).expectOpen();
  await page.getByRole('button', { name: `Follow the logs of ${chatty} in the dock` }).click();
  await expect(dock.tab(`Logs: ${chatty}`)).toHaveAttribute('aria-selected', 'true');
  await expect(dock.logs(chatty)).toContainText(/tick \d+/);
  await expect(dock.tabs).toHaveCount(2);

  // Move around the window: the tabs stay, with their state.
  for (const section of ['Images', 'Volumes', 'Networks', 'VM', 'Settings', 'Engine'] as const) {
    await app.go(section);
    await expect(dock.tabs).toHaveCount(2);
  }
  const lastTick = async () => Math.max(0, ...[...(await dock.logs(chatty).innerText()).matchAll(/tick (\d+)/g)].map((m) => Number(m[1])));
  const before = await lastTick();
  await expect.poll(lastTick, { timeout: 10_000 }).toBeGreaterThan(before + 5);
  await dock.show(`Shell: ${shell}`);
  await dock.expectScreen(shell, /dock-42/);
  // The same shell process: its variable is still set.
  await dock.type(shell, 'echo $X\n');
  await dock.expectScreen(shell, /^kept-42/m);

  // Pop to the full window: the page steps aside; going to a page brings it back, with the dock below.
  await dock.fullWindowButton.click();
  await expect(page.getByRole('heading', { name: 'Engine', exact: true })).toBeHidden();
  const full = await dock.region.boundingBox();
  expect(full?.height ?? 0).toBeGreaterThan(600);
  await dock.restoreButton.click();
  await expect(page.getByRole('heading', { name: 'Engine', exact: true })).toBeVisible();
  await dock.fullWindowButton.click();
  await app.go('Containers');
  await expect(list.list).toBeVisible();
  await expect(dock.tabs).toHaveCount(2);

  // Hiding the dock keeps the tabs; the top bar brings it back.
  await app.dockButton.click();
  await expect(dock.region).toBeHidden();
  await app.dockButton.click();
  await expect(dock.tabs).toHaveCount(2);

  // A log follower closes without a question.
  await dock.closeButton(`Logs: ${chatty}`).click();
  await expect(dock.closeDialog).toHaveCount(0);
  await expect(dock.tabs).toHaveCount(1);
  // A running shell asks first; keeping it keeps it.
  await dock.closeButton(`Shell: ${shell}`).click();
  await expect(dock.closeDialog).toBeVisible();
  await expect(dock.closeDialog).toContainText('still running');
  await dock.closeDialog.getByRole('button', { name: 'Keep it open' }).click();
  await expect(dock.tabs).toHaveCount(1);
  // Once the shell has exited, closing does not ask.
  await dock.type(shell, 'exit\n');
  await expect(dock.terminalStatus).toContainText(/ended/, { timeout: 10_000 });
  await dock.closeButton(`Shell: ${shell}`).click();
  await expect(dock.closeDialog).toHaveCount(0);
  await expect(dock.region).toBeHidden();
});
