// Screenshots of the main screens from the running app into docs/screenshots (BERTH_E2E_SCREENSHOTS=1; light and dark).
// Files named *-scripted* show the VM page and the desktop settings with vm.* / settings.* answered by a script (ScriptedVm,
// ScriptedCore) because the real VM and the desktop app do not run on the machine that takes them; the rest is the real core.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { ContainerPage } from '../pages/ContainerPage.js';
import { ContainersPage } from '../pages/ContainersPage.js';
import { Dock } from '../pages/Dock.js';
import { ImagesPage } from '../pages/ImagesPage.js';
import { RunDialog } from '../pages/RunDialog.js';
import { ScriptedCore } from '../pages/ScriptedCore.js';
import { ScriptedVm } from '../pages/ScriptedVm.js';
import { VmPage } from '../pages/VmPage.js';
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
  docker('volume', 'create', '--label', TEST_LABEL, 'shop-data');
  docker('volume', 'create', '--label', TEST_LABEL, 'scratch');
  docker('run', '-d', '--label', TEST_LABEL, '--label', 'com.docker.compose.project=shop', '--label', 'com.docker.compose.service=db', '--name', 'shop-db-1', '-v', 'shop-data:/var/lib/db', BUSYBOX, 'sh', '-c', 'trap "exit 0" TERM; while :; do i=0; while [ $i -lt 2000 ]; do i=$((i+1)); done; sleep 1; done');
  compose('cache', ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done']);
  docker('run', '-d', '--label', TEST_LABEL, '--name', 'api', '-p', '18081:80', '-p', '80', '--memory', '64m', '--cpu-shares', '512', BUSYBOX, 'httpd', '-f', '-p', '80', '-h', '/www');
  docker('run', '-d', '--label', TEST_LABEL, '--name', 'worker', BUSYBOX, 'sh', '-c',
    `i=0; while :; do i=$((i+1)); echo "$(date -Iseconds) INFO processed job $i in $((i % 7 + 3)) ms"; [ $((i % 9)) = 0 ] && printf '\\033[33mWARN\\033[0m queue depth %d above 5\\n' $((i % 13)) >&2; [ $((i % 23)) = 0 ] && printf '\\033[31mERROR\\033[0m job %d failed: timeout\\n' $i >&2; usleep 200000; done`);
  dockerQuiet('run', '--label', TEST_LABEL, '--name', 'old-job', BUSYBOX, 'sh', '-c', 'echo done; exit 3');
});
test.afterAll(() => {
  cleanup({ names, images: ['shop/web:dev'], volumes: ['shop-data', 'scratch'] });
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
    // Let the row sparklines gather some samples.
    await expect(list.sparkline('worker', 'CPU').locator('path.line')).toHaveCount(1, { timeout: 20_000 });
    await page.waitForTimeout(8000);
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
    // The dock: the worker's logs and a shell in api follow the window from page to page.
    await page.getByRole('button', { name: 'Open a shell in api in the dock' }).click();
    const dock = new Dock(page);
    await dock.expectScreen('api', /[#$]\s*$/m);
    await dock.type('api', 'uptime; df -h /www | tail -1\n');
    await app.go('Containers');
    await list.open('worker');
    await page.getByRole('button', { name: 'Follow the logs of worker in the dock' }).click();
    await app.go('Containers');
    await page.waitForTimeout(1500);
    await shot(page, `dock${suffix}.png`);
    await app.dockButton.click();
    await list.open('api');
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
    if (scheme === 'light') {
      // An image that is not here: Run does not pull, and offers to.
      await run.open();
      await run.fill({ image: '127.0.0.1:5000/shop/api:2', name: 'api-v2', ports: [['8082', '80']] });
      await run.submit();
      await expect(run.dialog.getByRole('group', { name: 'Image not here' })).toBeVisible();
      await shot(page, 'pull-and-run.png');
      await run.dialog.getByRole('button', { name: 'Cancel' }).click();
    }

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
    await app.go('Volumes');
    await expect(page.getByLabel('Containers using shop-data')).toContainText('shop-db-1');
    await shot(page, `volumes${suffix}.png`);
    await app.go('Engine');
    await expect(page.getByRole('region', { name: 'Drivers' })).toContainText('Storage driver');
    await page.waitForTimeout(1500);
    await shot(page, `engine${suffix}.png`);
  });
}

test('the VM and settings pages on berth serve', async ({ page }) => {
  const app = new BerthApp(page);
  await app.open();
  await app.go('VM');
  await expect(new VmPage(page).notInUse).toBeVisible();
  await shot(page, 'vm-not-in-use.png');
  await app.go('Settings');
  await expect(page.getByRole('status', { name: 'Where settings live' })).toBeVisible();
  await shot(page, 'settings-serve.png');
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the VM page with a scripted VM (${scheme})`, async ({ page }) => {
    test.setTimeout(90_000);
    const suffix = scheme === 'dark' ? '-dark' : '';
    await page.emulateMedia({ colorScheme: scheme });
    const svm = await ScriptedVm.install(page);
    svm.pace = 1;
    const app = new BerthApp(page);
    const vm = new VmPage(page);
    await app.open();
    await app.go('VM');
    await vm.action('Start').click();
    await expect(vm.stage(/^SSH login: in progress, [3-9]\.\d s/)).toBeVisible({ timeout: 20_000 });
    await shot(page, `vm-scripted-starting${suffix}.png`);
    svm.pace = 0.02;
    await expect(vm.state).toHaveText(/^Running/, { timeout: 30_000 });
    svm.setForwards([
      { protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 18080, guestPort: 18080, containerName: 'shop-web-1', origin: 'published', status: 'active' },
      { protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 18081, guestHost: '172.17.0.4', guestPort: 80, containerName: 'api', origin: 'manual', status: 'active' },
      { protocol: 'udp', hostIp: '127.0.0.1', hostPort: 5353, guestPort: 5353, containerName: 'dns', origin: 'published', status: 'active' },
      { protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 5432, guestPort: 5432, containerName: 'shop-db-1', origin: 'published', status: 'failed', error: { code: 'PORT_IN_USE', message: 'Port 5432 is in use by another program on this computer.' } },
    ]);
    await vm.settingsField('Memory (MiB)').fill('4096');
    await vm.settings.getByRole('button', { name: 'Save settings' }).click();
    await expect(vm.settings.getByRole('status', { name: 'Restart needed' })).toBeVisible();
    await vm.tab(/^Port forwards/);
    await page.waitForTimeout(300);
    await shot(page, `vm-scripted${suffix}.png`);
    if (scheme === 'light') {
      await vm.tab('Terminal');
      const term = vm.region.getByRole('region', { name: 'Terminal of the Berth VM' });
      await expect(vm.region.getByRole('status', { name: 'Terminal status' })).toContainText('Shell in the Berth VM', { timeout: 10_000 });
      await term.click();
      await page.keyboard.type('uname -r\ndocker info --format {{.Driver}}\n', { delay: 5 });
      await page.waitForTimeout(500);
      await shot(page, 'vm-scripted-terminal.png');
      svm.failNext = {
        stage: 'engine',
        error: { code: 'VM_ERROR', message: 'The engine did not answer /_ping within 90 s.', detail: 'dockerd exited with status 1', consoleTail: ['berth-init: starting dockerd (data on /dev/nvme1n1)', 'dockerd: failed to start daemon: error initializing graphdriver: no space left on device', 'berth-init: dockerd exited with status 1'] },
      };
      svm.pace = 0.02;
      await vm.action('Restart').click();
      await expect(vm.failure).toBeVisible({ timeout: 20_000 });
      await vm.tab('Console');
      await shot(page, 'vm-scripted-failed.png');
    }
  });

  test(`desktop settings, scripted (${scheme})`, async ({ page }) => {
    const suffix = scheme === 'dark' ? '-dark' : '';
    let stored = { startVmAtLaunch: true, stopVmOnQuit: false, closeToTray: true, theme: scheme, endpoint: '', notifications: true, proxy: {} };
    await ScriptedCore.install(page, {
      requests: {
        'settings.get': () => stored,
        'settings.set': (patch) => (stored = { ...stored, ...(patch as object) }),
        'diagnostics.export': () => ({ path: '/home/you/berth-diagnostics.zip', files: ['core.log', 'vm.log', 'versions.json', 'settings.json'], bytes: 61_440, cancelled: false }),
      },
    });
    const app = new BerthApp(page);
    await app.open();
    await app.go('Settings');
    await page.getByRole('button', { name: /Export diagnostics/ }).click();
    await expect(page.getByRole('region', { name: 'Diagnostics' }).getByRole('status')).toBeVisible();
    await shot(page, `settings-scripted${suffix}.png`);
  });
}
