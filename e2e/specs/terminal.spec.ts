// Terminals: run -ti and type into the attached terminal; an exec shell whose `stty size` follows the window; busybox for a shell-less container.
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { ContainerPage } from '../pages/ContainerPage.js';
import { ContainersPage } from '../pages/ContainersPage.js';
import { RunDialog } from '../pages/RunDialog.js';
import { BUSYBOX, cleanup, docker, TEST_LABEL, unique } from '../support/docker.js';

const names: string[] = [];
test.afterAll(() => cleanup({ names }));

test('run -ti opens a terminal attached to the container, and typing reaches it', async ({ page }) => {
  const app = new BerthApp(page);
  const run = new RunDialog(page);
  await app.open();
  const name = unique('tty');
  names.push(name);
  await run.run({ image: BUSYBOX, name, terminal: true, labels: [['berth.test', '1']] });
  const c = new ContainerPage(page, name);
  await c.expectOpen();
  await expect(page.getByRole('tab', { name: 'Terminal' })).toHaveAttribute('aria-selected', 'true');
  await expect(c.terminalStatus).toContainText('Attached to', { timeout: 20_000 });
  await c.expectPrompt();
  await c.type('echo typed-$((6*7))\n');
  await c.expectScreen(/typed-42/);
});

test('an exec shell follows the window size: stty size changes after a resize', async ({ page }) => {
  const app = new BerthApp(page);
  await app.open();
  const name = unique('shell');
  names.push(name);
  docker('run', '-d', '--label', TEST_LABEL, '--name', name, BUSYBOX, 'sleep', '600');
  const list = new ContainersPage(page);
  await list.expectState(name, 'Running');
  await list.open(name);
  const c = new ContainerPage(page, name);
  await c.tab('Terminal');
  await expect(c.terminalStatus).toContainText('Shell in', { timeout: 20_000 });
  await c.expectPrompt();
  let n = 0;
  const size = async () => {
    const tag = `sz${++n}`;
    await c.type(`echo ${tag} $(stty size)\n`);
    let out = '';
    const re = new RegExp(`^${tag} (\\d+) (\\d+)`, 'm');
    await expect.poll(async () => (out = await c.screen()), { timeout: 10_000 }).toMatch(re);
    const m = re.exec(out) as RegExpExecArray;
    return [Number(m[1]), Number(m[2])] as const;
  };
  const [rows1, cols1] = await size();
  const status1 = await c.terminalStatus.innerText();
  expect(status1).toContain(`${cols1}×${rows1}`);
  await page.setViewportSize({ width: 1000, height: 640 });
  await expect(c.terminalStatus).not.toHaveText(status1);
  // The new size reaches the container's pty through the engine a moment after the page shows it (a fixed 300 ms was
  // not always enough on a loaded machine): asked again, for up to ~10 s, until the pty has it.
  let [rows2, cols2] = await size();
  for (let i = 0; i < 20 && (cols2 >= cols1 || rows2 >= rows1); i++) {
    await page.waitForTimeout(500);
    [rows2, cols2] = await size();
  }
  expect(cols2).toBeLessThan(cols1);
  expect(rows2).toBeLessThan(rows1);
  await expect(c.terminalStatus).toContainText(`${cols2}×${rows2}`);

  // Scrollback survives a tab switch.
  await c.type('echo marker-$((40+2))\n');
  await c.expectScreen(/marker-42/);
  await c.tab('Inspect');
  await c.tab('Terminal');
  await c.expectScreen(/marker-42/);
});

test('a container without a shell is offered a busybox shell', async ({ page }) => {
  const app = new BerthApp(page);
  await app.open();
  const name = unique('noshell');
  names.push(name);
  docker('run', '-d', '--label', TEST_LABEL, '--name', name, 'berth-test/noshell:latest');
  const list = new ContainersPage(page);
  await list.expectState(name, 'Running');
  await list.open(name);
  const c = new ContainerPage(page, name);
  await c.tab('Terminal');
  const offer = page.getByRole('button', { name: 'Open a busybox shell' });
  await expect(offer).toBeVisible({ timeout: 20_000 });
  await offer.click();
  await expect(c.terminalStatus).toContainText('Shell in', { timeout: 20_000 });
  await c.expectPrompt();
  await c.type('echo lent-$((1+1))\n');
  await c.expectScreen(/lent-2/);
});
