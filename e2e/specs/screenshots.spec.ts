// Screenshots of the main screens from the running app into docs/screenshots (BERTH_E2E_SCREENSHOTS=1; light and dark).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { ContainerPage } from '../pages/ContainerPage.js';
import { ContainersPage } from '../pages/ContainersPage.js';
import { ImagesPage } from '../pages/ImagesPage.js';
import { RunDialog } from '../pages/RunDialog.js';
import { BUSYBOX, cleanup, docker, dockerQuiet, TEST_LABEL } from '../support/docker.js';
import { root } from '../support/serve.js';

test.skip(process.env.BERTH_E2E_SCREENSHOTS !== '1', 'writes docs/screenshots: run with BERTH_E2E_SCREENSHOTS=1');
test.describe.configure({ mode: 'serial' });

const out = join(root, 'docs', 'screenshots');
const names = ['shop-web-1', 'shop-db-1', 'shop-cache-1', 'api', 'worker', 'old-job'];
const shot = (page: Page, file: string) => page.screenshot({ path: join(out, file) });
const ctx = mkdtempSync(join(tmpdir(), 'berth-shot-'));

test.beforeAll(() => {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(ctx, 'Dockerfile'), `FROM ${BUSYBOX}\nWORKDIR /www\nRUN echo '<h1>shop</h1>' > index.html\nEXPOSE 80\nCMD ["httpd", "-f", "-p", "80", "-h", "/www"]\n`);
  cleanup({ names });
  const compose = (svc: string, cmd: string[], ports: string[] = []) =>
    docker('run', '-d', '--label', TEST_LABEL, '--label', 'com.docker.compose.project=shop', '--label', `com.docker.compose.service=${svc}`, '--name', `shop-${svc}-1`, ...ports.flatMap((p) => ['-p', p]), BUSYBOX, ...cmd);
  compose('web', ['httpd', '-f', '-p', '80', '-h', '/www'], ['18080:80']);
  compose('db', ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done']);
  compose('cache', ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done']);
  docker('run', '-d', '--label', TEST_LABEL, '--name', 'api', '-p', '18081:80', '-p', '80', '--memory', '64m', '--cpu-shares', '512', BUSYBOX, 'httpd', '-f', '-p', '80', '-h', '/www');
  docker('run', '-d', '--label', TEST_LABEL, '--name', 'worker', BUSYBOX, 'sh', '-c',
    `i=0; while :; do i=$((i+1)); echo "$(date -Iseconds) INFO processed job $i in $((i % 7 + 3)) ms"; [ $((i % 9)) = 0 ] && printf '\\033[33mWARN\\033[0m queue depth %d above 5\\n' $((i % 13)) >&2; [ $((i % 23)) = 0 ] && printf '\\033[31mERROR\\033[0m job %d failed: timeout\\n' $i >&2; usleep 200000; done`);
  dockerQuiet('run', '--label', TEST_LABEL, '--name', 'old-job', BUSYBOX, 'sh', '-c', 'echo done; exit 3');
});
test.afterAll(() => {
  cleanup({ names, images: ['shop/web:dev'] });
  rmSync(ctx, { recursive: true, force: true });
});

for (const scheme of ['light', 'dark'] as const) {
  test(`main screens (${scheme})`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: scheme });
    const suffix = scheme === 'dark' ? '-dark' : '';
    const app = new BerthApp(page);
    const list = new ContainersPage(page);
    await app.open();
    await list.expectState('worker', 'Running');
    await page.waitForTimeout(500);
    await shot(page, `containers${suffix}.png`);

    await list.open('worker');
    const worker = new ContainerPage(page, 'worker');
    await expect(worker.logs).toContainText('processed job');
    await page.waitForTimeout(2500);
    await page.getByRole('searchbox', { name: 'Search logs' }).fill('WARN');
    await page.waitForTimeout(400);
    await shot(page, `logs${suffix}.png`);

    await app.go('Containers');
    await list.open('api');
    const api = new ContainerPage(page, 'api');
    await api.tab('Terminal');
    await expect(api.terminalStatus).toContainText('Shell in', { timeout: 20_000 });
    await api.expectPrompt();
    await api.type('ls /\nstty size\nps\n');
    await page.waitForTimeout(800);
    await shot(page, `terminal${suffix}.png`);
    await api.tab('Stats');
    await page.waitForTimeout(6000);
    await shot(page, `stats${suffix}.png`);
    await api.tab('Inspect');
    await page.waitForTimeout(500);
    await shot(page, `inspect${suffix}.png`);

    const run = new RunDialog(page);
    await run.open();
    await run.fill({ image: 'berth-test/busybox:latest', name: 'web', command: 'httpd -f -p 80 -h /www', ports: [['8080', '80'], ['', '443']], memory: '64m', cpuShares: '512', env: [['MODE', 'production']] });
    await page.waitForTimeout(300);
    await shot(page, `run${suffix}.png`);
    await run.dialog.getByRole('button', { name: 'Cancel' }).click();

    await app.go('Images');
    await page.waitForTimeout(400);
    await shot(page, `images${suffix}.png`);
    const images = new ImagesPage(page);
    const dialog = await images.build({ folder: ctx, tags: 'shop/web:dev' });
    await expect(images.task(dialog, 'Build shop/web:dev')).toContainText(/done in/, { timeout: 60_000 });
    await shot(page, `build${suffix}.png`);
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    await app.go('Networks');
    await page.waitForTimeout(400);
    await shot(page, `networks${suffix}.png`);
    await app.go('Engine');
    await expect(page.getByRole('region', { name: 'Drivers' })).toContainText('Storage driver');
    await page.waitForTimeout(1500);
    await shot(page, `engine${suffix}.png`);
  });
}
