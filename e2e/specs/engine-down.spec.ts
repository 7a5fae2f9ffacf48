// The engine-down banner says why and recovers by itself, and every page opened during an outage fills in once it is over.
// By default the engine is cut off behind a socket proxy (the shared dockerd keeps running); with BERTH_E2E_STOP_DOCKERD=1
// (CI, where the run owns dockerd) the real dockerd is stopped and restarted.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { ContainerPage } from '../pages/ContainerPage.js';
import { ImagePage } from '../pages/ImagePage.js';
import { berthUrl } from '../support/berth.js';
import { BUSYBOX, cleanup, docker, TEST_LABEL, unique } from '../support/docker.js';
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

/** One page of the window, opened in its own tab while the engine is away, and what it shows once the engine is back. */
interface PageCheck {
  hash: string;
  /** What only real data from the engine shows. */
  recovered(p: Page): Locator;
  /** What the page says while the engine is away, where it says something of its own. */
  outage?(p: Page): Locator;
}

interface Outage {
  name: string;
  volume: string;
  checks: PageCheck[];
}

/** A container (restarted with dockerd), a volume, and what each page shows only with the engine's data. */
function outageFixture(): Outage {
  const name = unique('outage');
  const volume = unique('outage-vol');
  docker('volume', 'create', '--label', TEST_LABEL, volume);
  // No test label: other specs running at the same time clean up every labelled container; this one goes by name.
  const id = docker('run', '-d', '--restart', 'always', '--name', name, '-v', `${volume}:/vol`, BUSYBOX, 'sh', '-c', 'echo outage-marker-line; touch /tmp/outage-file; exec sleep 600');
  const imageId = docker('image', 'inspect', '-f', '{{.Id}}', BUSYBOX);
  const engineVersion = docker('version', '-f', '{{.Server.Version}}');
  const checks: PageCheck[] = [
    { hash: '#/containers', recovered: (p) => p.getByRole('grid', { name: 'Containers list' }).getByRole('row', { name, exact: true }) },
    { hash: `#/containers/${name}/logs`, recovered: (p) => p.getByRole('log', { name: `Logs of ${name}` }).getByText('outage-marker-line') },
    { hash: `#/containers/${name}/inspect`, recovered: (p) => p.getByRole('region', { name: 'Summary' }).locator('code', { hasText: id.slice(0, 12) }) },
    { hash: `#/containers/${name}/changes`, recovered: (p) => p.getByRole('list', { name: 'Changed paths' }).getByText('/tmp/outage-file') },
    { hash: `#/containers/${name}/processes`, recovered: (p) => p.getByRole('table', { name: 'Processes' }).getByText('sleep 600') },
    { hash: '#/images', recovered: (p) => p.getByRole('grid', { name: 'Images list' }).getByRole('row', { name: BUSYBOX }) },
    { hash: `#/images/${imageId}`, recovered: (p) => new ImagePage(p).config, outage: (p) => new ImagePage(p).error },
    { hash: '#/volumes', recovered: (p) => p.getByRole('grid', { name: 'Volumes list' }).getByRole('row', { name: volume, exact: true }) },
    { hash: '#/networks', recovered: (p) => p.getByRole('region', { name: 'Networks' }).getByText('bridge', { exact: true }).first() },
    { hash: '#/engine', recovered: (p) => p.getByRole('region', { name: 'Endpoint' }).getByText(`Docker Engine ${engineVersion}`) },
    // On serve the settings page holds read-only facts (the VM page shows no engine data there: the VM is not in use).
    { hash: '#/settings', recovered: (p) => p.getByRole('region', { name: 'Read-only facts' }).getByText(`Docker Engine ${engineVersion} (up)`) },
  ];
  return { name, volume, checks };
}

/**
 * With the engine away: one tab per page, each opened then, each saying so and showing none of the engine's data —
 * unless the core knew it before the outage (`knownBefore`: a real dockerd stopped under a running `berth serve`),
 * when the lists keep their last-known rows under the banner.
 */
async function openDuringOutage(context: BrowserContext, url: string, checks: PageCheck[], knownBefore = false): Promise<Page[]> {
  const tabs: Page[] = [];
  for (const check of checks) {
    const p = await context.newPage();
    tabs.push(p);
    const app = new BerthApp(p);
    await app.open(url);
    await expect(app.banner).toBeVisible({ timeout: 30_000 });
    await p.evaluate((h) => {
      window.location.hash = h;
    }, check.hash);
    if (check.outage) await expect(check.outage(p)).toContainText(/not answering|unreachable/i, { timeout: 20_000 });
    if (!knownBefore) await expect(check.recovered(p)).toHaveCount(0);
  }
  return tabs;
}

/** With the engine back: every tab fills in by itself (no navigation, no reload). */
async function expectRecovered(tabs: Page[], o: Outage): Promise<void> {
  for (const [i, check] of o.checks.entries()) {
    const p = tabs[i] as Page;
    await expect(new BerthApp(p).banner).toBeHidden({ timeout: 60_000 });
    await expect(check.recovered(p).first(), `${check.hash} after the engine came back`).toBeVisible({ timeout: 30_000 });
    if (check.outage) await expect(check.outage(p)).toBeHidden();
  }
  // A container page's heading is there too (its summary came back with the list).
  await new ContainerPage(tabs[1] as Page, o.name).expectOpen();
}

test('behind a proxy: every page opened while the engine is away fills in by itself once it is back', async ({ context }) => {
  test.setTimeout(180_000);
  const o = outageFixture();
  const proxy = new EngineSocketProxy();
  await proxy.up();
  let served: Served | undefined;
  try {
    served = await serve(['--endpoint', `unix://${proxy.path}`]);
    // The engine goes away before any of the pages is opened.
    await proxy.down();
    const tabs = await openDuringOutage(context, served.url, o.checks);
    await proxy.up();
    await expectRecovered(tabs, o);
  } finally {
    await served?.stop();
    await proxy.dispose();
    cleanup({ names: [o.name], volumes: [o.volume] });
  }
});

test('the real dockerd restarts: every page opened while it is down fills in by itself', async ({ context }) => {
  test.skip(process.env.BERTH_E2E_STOP_DOCKERD !== '1', 'stops the shared dockerd: only where the run owns it (BERTH_E2E_STOP_DOCKERD=1)');
  test.setTimeout(240_000);
  const o = outageFixture();
  try {
    let tabs: Page[];
    try {
      const pid = execFileSync('cat', ['/var/run/docker.pid'], { encoding: 'utf8' }).trim();
      execFileSync('kill', [pid]);
      tabs = await openDuringOutage(context, berthUrl(), o.checks, true);
    } finally {
      execFileSync('bash', ['scripts/setup-env.sh'], { cwd: root, stdio: 'inherit' });
    }
    await expectRecovered(tabs, o);
  } finally {
    cleanup({ names: [o.name], volumes: [o.volume] });
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
