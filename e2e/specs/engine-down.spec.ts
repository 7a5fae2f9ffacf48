// The engine-down banner says why and recovers by itself. By default the engine is cut off behind a socket proxy (the shared
// dockerd keeps running); with BERTH_E2E_STOP_DOCKERD=1 (CI, where the run owns dockerd) the real dockerd is stopped and restarted.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { EngineSocketProxy } from '../support/socketProxy.js';
import { root, serve, type Served } from '../support/serve.js';

test.describe.configure({ mode: 'serial' });

test('behind a proxy: the banner says why the engine is unreachable, then clears when it answers again', async ({ page }) => {
  test.setTimeout(120_000);
  const proxy = new EngineSocketProxy();
  await proxy.up();
  let served: Served | undefined;
  try {
    served = await serve(['--endpoint', `unix://${proxy.path}`]);
    await page.goto(served.url);
    const app = new BerthApp(page);
    await expect(app.endpoint).toContainText(proxy.path);
    await expect(app.railLink('Engine')).toContainText('up');
    await expect(app.banner).toBeHidden();

    await proxy.down();
    await expect(app.banner).toBeVisible({ timeout: 20_000 });
    await expect(app.banner).toContainText('The engine is unreachable');
    await expect(app.banner).toContainText(proxy.path);
    await expect(app.banner).toContainText(/recovers by itself/);
    await expect(app.railLink('Engine')).toContainText('down');
    if (process.env.BERTH_E2E_SCREENSHOTS === '1') await page.screenshot({ path: join(root, 'docs', 'screenshots', 'engine-down.png') });

    await proxy.up();
    await expect(app.banner).toBeHidden({ timeout: 30_000 });
    await expect(app.railLink('Engine')).toContainText('up');
    // The window works again without a reload.
    await app.go('Images');
    await expect(page.getByRole('grid', { name: 'Images list' }).getByRole('row', { name: 'berth-test/busybox:latest' })).toBeVisible();
  } finally {
    await served?.stop();
    await proxy.dispose();
  }
});

test('the real dockerd stops and comes back', async ({ page }) => {
  test.skip(process.env.BERTH_E2E_STOP_DOCKERD !== '1', 'stops the shared dockerd: only where the run owns it (BERTH_E2E_STOP_DOCKERD=1)');
  test.setTimeout(180_000);
  const app = new BerthApp(page);
  await app.open();
  await expect(app.banner).toBeHidden();
  try {
    const pid = execFileSync('cat', ['/var/run/docker.pid'], { encoding: 'utf8' }).trim();
    execFileSync('kill', [pid]);
    await expect(app.banner).toBeVisible({ timeout: 30_000 });
    await expect(app.banner).toContainText(/unreachable/);
  } finally {
    execFileSync('bash', ['scripts/setup-env.sh'], { cwd: root, stdio: 'inherit' });
  }
  await expect(app.banner).toBeHidden({ timeout: 60_000 });
  await expect(app.railLink('Engine')).toContainText('up');
});
