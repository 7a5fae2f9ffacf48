// The real Electron app: starts (secure window, preload transport), runs a container, opens its terminal and types into it.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { ContainerPage } from '../pages/ContainerPage.js';
import { ContainersPage } from '../pages/ContainersPage.js';
import { RunDialog } from '../pages/RunDialog.js';
import { BUSYBOX, cleanup, unique } from '../support/docker.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The Electron binary electron's postinstall would have downloaded; undefined where it was skipped. */
function electronBinary(): string | undefined {
  try {
    const dir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
const headlessLinux = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
test.skip(!binary, 'No Electron binary on this machine (electron postinstall skipped: ELECTRON_SKIP_BINARY_DOWNLOAD / no download access), so the Electron app cannot be launched here.');
test.skip(!!binary && headlessLinux, 'No display (DISPLAY/WAYLAND_DISPLAY unset): run under xvfb-run to launch the Electron window.');

let app: ElectronApplication;
let win: Page;
const names: string[] = [];

test.beforeAll(async () => {
  for (const f of ['dist/main/electron/main.js', 'dist/main/electron/preload.cjs', 'dist/renderer/index.html']) {
    if (!existsSync(join(root, f))) throw new Error(`${f} is missing: run \`npm run build\` first`);
  }
  const userData = mkdtempSync(join(tmpdir(), 'berth-electron-e2e-'));
  app = await electron.launch({
    executablePath: binary,
    args: [root],
    cwd: root,
    env: { ...process.env, BERTH_USER_DATA: userData, ELECTRON_ENABLE_LOGGING: '1' },
  });
  win = await app.firstWindow();
  await expect(win.getByRole('navigation', { name: 'Sections' })).toBeVisible();
});

test.afterAll(async () => {
  cleanup({ names });
  await app?.close();
});

test('the window is our page, isolated: no Node, exactly the contract and berthTransport from the preload', async () => {
  expect(win.url()).toMatch(/^berth:\/\/app\//);
  expect(await win.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process])).toEqual(['undefined', 'undefined']);
  const exposed = await win.evaluate(() => {
    const w = globalThis as unknown as { berth: Record<string, Record<string, unknown>>; berthTransport: Record<string, unknown> };
    return { groups: Object.keys(w.berth).sort(), transport: Object.keys(w.berthTransport).sort() };
  });
  expect(exposed.transport).toEqual(['onState', 'open', 'request', 'state', 'subscribe']);
  expect(exposed.groups).toEqual(expect.arrayContaining(['containers', 'engine', 'images', 'terminals']));
  const windows = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
  expect(windows).toBe(1);
});

test('the engine answers through IPC, and a navigation away is refused', async () => {
  await expect(win.getByRole('banner').getByRole('button', { name: /^Engine/ })).not.toContainText('Connecting', { timeout: 30_000 });
  const version = await win.evaluate(() => (globalThis as unknown as { berthTransport: { request(c: string, i?: unknown): Promise<{ version: string }> } }).berthTransport.request('engine.version'));
  expect(version.version).toMatch(/\d+\.\d+/);
  await win.evaluate(() => {
    location.href = 'https://example.com/';
  });
  await win.waitForTimeout(500);
  expect(win.url()).toMatch(/^berth:\/\/app\//);
});

test('runs a container and opens its terminal', async () => {
  const name = unique('electron');
  names.push(name);
  const run = new RunDialog(win);
  await run.run({ image: BUSYBOX, name, command: 'sleep 600', labels: [['berth.test', '1']] });
  const list = new ContainersPage(win);
  await list.expectState(name, 'Running');
  await list.open(name);
  const c = new ContainerPage(win, name);
  await c.tab('Terminal');
  await expect(c.terminalStatus).toContainText('Shell in', { timeout: 30_000 });
  await c.type('echo from-electron-$((6*7))\n');
  await c.expectScreen(/from-electron-42/);
});
