// Run: a busybox HTTP server with a fixed and a dynamic port, memory 64m, cpu-shares 512 and a name, fetched through its port links.
import { createServer } from 'node:net';
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { ContainersPage } from '../pages/ContainersPage.js';
import { RunDialog } from '../pages/RunDialog.js';
import { BUSYBOX, cleanup, docker, unique } from '../support/docker.js';

const names: string[] = [];
test.afterAll(() => cleanup({ names }));

/** Whether a server can listen on `port` on every address now, as the engine's -p fixed:80 will. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, () => s.close(() => resolve(true)));
  });
}

/**
 * A host port for a fixed -p: below the kernel's ephemeral range (32768 and up, where the engine's dynamic ports and
 * outgoing connections' local ports come from), and one nothing listens on now; a taken one is passed over.
 */
async function freePort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (await canListen(port)) return port;
  }
  throw new Error('no free port found in 20000-31999');
}

test('run httpd with a fixed port, a dynamic port, limits and a name; open it through the links', async ({ page, request }) => {
  const app = new BerthApp(page);
  const run = new RunDialog(page);
  const list = new ContainersPage(page);
  await app.open();
  const name = unique('web');
  names.push(name);
  const fixed = String(await freePort());
  await run.open();
  await run.fill({ image: BUSYBOX, name, command: 'httpd -f -p 80 -h /www', ports: [[fixed, '80'], ['', '80']], memory: '64m', cpuShares: '512', labels: [['berth.test', '1']] });
  await expect(run.commandLine).toContainText(`docker run -d --name ${name} -p ${fixed}:80 -p 80 --memory 64m --cpu-shares 512 --label berth.test=1 ${BUSYBOX} httpd -f -p 80 -h /www`);
  await run.submit();
  await expect(run.dialog).toBeHidden({ timeout: 30_000 });

  await list.expectState(name, 'Running');
  const links = list.portLinks(name);
  await expect(links).toHaveCount(2);
  const urls = await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  expect(urls).toContain(`http://127.0.0.1:${fixed}/`);
  for (const url of urls) {
    const res = await request.get(url);
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain('hello from berth');
  }
  // The engine agrees on the limits.
  expect(docker('inspect', '-f', '{{.HostConfig.Memory}} {{.HostConfig.CpuShares}}', name)).toBe(`${64 * 1024 * 1024} 512`);

  // The link opens the page in a new tab.
  const [popup] = await Promise.all([page.waitForEvent('popup'), links.first().click()]);
  await expect(popup.locator('h1')).toHaveText('hello from berth');
  await popup.close();
});

test('field errors show before submit, and an engine error lands on its field', async ({ page }) => {
  const app = new BerthApp(page);
  const run = new RunDialog(page);
  await app.open();
  await run.open();
  await run.fill({ image: BUSYBOX, name: '-bad name', memory: '64q', ports: [['http', '80']] });
  await run.submit();
  expect(await run.errorOf('Name')).toMatch(/not valid/);
  expect(await run.errorOf('Memory limit')).toMatch(/64q/);
  await expect(run.dialog.getByRole('textbox', { name: 'Host port, row 1' })).toHaveAttribute('aria-invalid', 'true');
  await expect(run.commandLine).toContainText('Complete the form');

  // A name that is taken: the engine refuses; the message sits on the name.
  const taken = unique('taken');
  names.push(taken);
  docker('create', '--label', 'berth.test=1', '--name', taken, BUSYBOX);
  await run.field('Name').fill(taken);
  await run.field('Memory limit').fill('');
  await run.dialog.getByRole('button', { name: 'Remove port row 1' }).click();
  await run.submit();
  expect(await run.errorOf('Name')).toMatch(/already|in use|taken|conflict/i);
});

test('a pasted docker run line fills the form', async ({ page }) => {
  const app = new BerthApp(page);
  const run = new RunDialog(page);
  await app.open();
  await run.open();
  const line = `docker run -d --name pasted -p 8089:80 --memory 128m --cpus 1.5 -e A=1 ${BUSYBOX} httpd -f`;
  await run.field('Paste a docker run command').fill(line);
  await run.field('Paste a docker run command').press('Enter');
  await expect(run.field('Image')).toHaveValue(BUSYBOX);
  await expect(run.field('Name')).toHaveValue('pasted');
  await expect(run.field('Memory limit')).toHaveValue('128m');
  await expect(run.dialog.getByRole('textbox', { name: 'Host port, row 1' })).toHaveValue('8089');
  await expect(run.commandLine).toContainText('--memory 128m --cpus 1.5');
  await run.dialog.getByRole('button', { name: 'Cancel' }).click();
});
