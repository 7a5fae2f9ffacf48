// The host composed with a fake Electron and a stub core: what starts, what is registered, and how the pieces react.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../app/api.js';
import { channels } from '../../app/contract.js';
import type { EngineStatus } from '../../app/model.js';
import type { Core } from '../core/api.js';
import { EventBus } from '../core/bus.js';
import { noSecretBox, type SecretBox } from '../core/credentials/secret-box.js';
import { openCredentialStore } from '../core/credentials/store.js';
import { configureLogging } from '../core/log.js';
import { WINDOWS_APP_ID, startBerth, type BerthHost } from './app.js';
import { requestIpcChannel } from './ipc-names.js';
import { CSP, buildCsp } from './security.js';
import { FakeBrowserWindow, FakeNotification, FakeTray, fakeElectron, fakeSafeStorage, type FakeElectron, type FakeSafeStorage } from './testing/fake-electron.js';
import { fakeIpcRenderer, fakeSender, topFrame } from './testing/fake-ipc.js';

const status: EngineStatus = { state: 'up', endpoint: { kind: 'socket', label: 'Local socket', address: '/var/run/docker.sock' }, since: 1, version: '28.2.2' };

function stubCore() {
  const bus = new EventBus(api);
  const calls: string[] = [];
  const core = {
    handlers: { engine: { status: async () => status, version: async () => ({ version: '28.2.2', apiVersion: '1.50', os: 'linux', arch: 'amd64', kernelVersion: '6' }) } },
    bus,
    ctx: { conn: { endpoint: status.endpoint } },
    start: () => void calls.push('start'),
    ready: async () => undefined,
    dispose: () => void calls.push('dispose'),
  } as unknown as Core;
  return { core, bus, calls };
}

const hosts: BerthHost[] = [];
afterEach(() => {
  configureLogging({ file: '' });
  hosts.splice(0).forEach((h) => h.ipc.dispose());
});

async function start(opts: { lock?: boolean; packaged?: boolean; safeStorage?: FakeSafeStorage; devUrl?: string; platform?: NodeJS.Platform } = {}) {
  const userData = join(mkdtempSync(join(tmpdir(), 'berth-app-')), 'Berth');
  const fe: FakeElectron = fakeElectron({ userData, ...opts });
  const s = stubCore();
  // Like the real core: remembered sign-ins under the Berth home, sealed by the box the host passes in.
  const createCore = vi.fn((o: { secretBox?: SecretBox }) => {
    Object.assign(s.core.ctx, { credentials: openCredentialStore(join(userData, '..', 'berth-home', 'credentials'), o.secretBox ?? noSecretBox) });
    return s.core;
  });
  const p = startBerth(fe, { rendererDir: '/nonexistent/renderer', preloadPath: '/app/preload.cjs', createCore, versions: { electron: '45.6.1' }, platform: opts.platform ?? 'linux', devUrl: opts.devUrl });
  fe.app.ready();
  const host = await p;
  if (host) hosts.push(host);
  return { fe, host, userData, createCore, ...s };
}

describe('Electron host', () => {
  it('a second instance quits before touching anything', async () => {
    const { fe, host, createCore } = await start({ lock: false });
    expect(host).toBeUndefined();
    expect(fe.app.quits).toBe(1);
    expect(createCore).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.created).toHaveLength(0);
  });

  it('starts the core, serves berth://, hardens the session, opens one window on the app URL', async () => {
    const { fe, calls, createCore, host } = await start();
    expect(calls).toEqual(['start']);
    expect(createCore).toHaveBeenCalledWith({ settings: host?.settings, hostTerminal: true, vm: true, vmAutostart: true, secretBox: expect.objectContaining({ encrypted: true }) });
    expect([...fe.protocolHandlers.keys()]).toEqual(['berth']);
    expect(fe.session.defaultSession.requestHandler).not.toBeNull();
    expect(fe.session.defaultSession.headersListener).not.toBeNull();
    expect(FakeBrowserWindow.created).toHaveLength(1);
    expect(FakeBrowserWindow.created[0]?.loaded).toEqual(['berth://app/index.html']);
    expect(fe.crashReporterStarted).toEqual([{ uploadToServer: false }]);
  });

  it('forces the dev policy (refresh preamble by hash) only on an unpackaged dev-server run (issue 13, D2)', async () => {
    const devUrl = 'http://127.0.0.1:5173/';
    const csp = async (o: { packaged: boolean; devUrl?: string }) => {
      const { fe } = await start(o);
      let out: Record<string, string[] | string> | undefined;
      fe.session.defaultSession.headersListener?.({ url: devUrl, responseHeaders: {} }, (r) => (out = r.responseHeaders));
      return { csp: out?.['Content-Security-Policy'], loaded: FakeBrowserWindow.created.at(-1)?.loaded };
    };
    expect(await csp({ packaged: false, devUrl })).toEqual({ csp: [buildCsp({ devUrl })], loaded: [devUrl] });
    // A packaged app ignores a dev URL altogether: the strict policy, our own scheme.
    expect(await csp({ packaged: true, devUrl })).toEqual({ csp: [CSP], loaded: ['berth://app/index.html'] });
    expect(await csp({ packaged: false })).toEqual({ csp: [CSP], loaded: ['berth://app/index.html'] });
  });

  it("on Windows, sets the app id the installer's shortcut carries, so notifications show; elsewhere nothing", async () => {
    expect((await start({ platform: 'win32' })).fe.app.appUserModelIds).toEqual([WINDOWS_APP_ID]);
    expect((await start({ platform: 'darwin' })).fe.app.appUserModelIds).toEqual([]);
  });

  it('hardens every webContents that appears, not only its own window', async () => {
    const { fe } = await start();
    const { FakeWebContents } = await import('./testing/fake-electron.js');
    const stray = new FakeWebContents();
    fe.app.emit('web-contents-created', {}, stray);
    expect(stray.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('opens nothing in the browser for a navigation, redirect or new window the page did not get from a click (issue 13, low)', async () => {
    const { fe } = await start();
    const { cancellable } = await import('./testing/fake-electron.js');
    const wc = FakeBrowserWindow.created.at(-1)?.webContents;
    for (const url of ['http://127.0.0.1:8080/', 'https://docs.docker.com/']) {
      wc?.emit('will-navigate', cancellable({ url }));
      wc?.emit('will-redirect', cancellable({ url }));
      expect(wc?.openHandler?.({ url })).toEqual({ action: 'deny' });
    }
    await new Promise((r) => setTimeout(r, 10));
    expect(fe.opened).toEqual([]);
  });

  it('binds one IPC handler per contract request, answering only our page', async () => {
    const { fe } = await start();
    const requests = channels(api).filter((c) => c.def.kind === 'request').length;
    expect(fe.ipcMain.handles.size).toBe(requests);
    const ours = fakeIpcRenderer(fe.ipcMain, topFrame('berth://app/index.html'), fakeSender(1));
    expect(await ours.invoke(requestIpcChannel('engine.status'), undefined)).toEqual({ ok: true, out: status });
    const theirs = fakeIpcRenderer(fe.ipcMain, topFrame('https://evil.example/'), fakeSender(2));
    expect(await theirs.invoke(requestIpcChannel('engine.status'), undefined)).toMatchObject({ ok: false, err: { code: 'PERMISSION_DENIED' } });
  });

  it('keeps logs and settings in the user data folder, owner-only', async () => {
    const { userData, host } = await start();
    await host?.settings.update({ theme: 'dark' });
    expect(readdirSync(userData).sort()).toEqual(['logs', 'settings.json']);
    if (process.platform !== 'win32') {
      expect(statSync(userData).mode & 0o777).toBe(0o700);
      expect(statSync(join(userData, 'logs')).mode & 0o777).toBe(0o700);
      expect(statSync(join(userData, 'settings.json')).mode & 0o777).toBe(0o600);
    }
  });

  it('applies the theme setting to the native theme at once', async () => {
    const { fe, host } = await start();
    expect(fe.nativeTheme.themeSource).toBe('system');
    await host?.settings.update({ theme: 'light' });
    expect(fe.nativeTheme.themeSource).toBe('light');
  });

  it('shows engine state in the tray and follows engine.changed', async () => {
    const { bus } = await start();
    const tray = FakeTray.created[0];
    await vi.waitFor(() => expect(tray?.tooltip).toContain('engine running'));
    bus.emit(api.engine.changed, { ...status, state: 'down', reason: 'socket gone' });
    expect(tray?.tooltip).toContain('not reachable (socket gone)');
  });

  it('installs the menu, without developer items when packaged', async () => {
    const { fe } = await start({ packaged: true });
    const labels = JSON.stringify(fe.appMenu());
    expect(labels).toContain('Export Diagnostics');
    expect(labels).not.toContain('toggleDevTools');
  });

  it('closing the window keeps Berth in the tray (default setting), and a second launch brings it back', async () => {
    const { fe } = await start();
    const win = FakeBrowserWindow.created[0]!;
    win.visible = true;
    expect(win.userClose()).toBe(false);
    expect(win.visible).toBe(false);
    fe.app.emit('second-instance');
    expect(win.visible).toBe(true);
  });

  it('notifies of an unexpected container exit seen on the bus', async () => {
    const { bus } = await start();
    FakeNotification.shown = [];
    bus.emit(api.engine.events, { type: 'container', action: 'die', id: 'abc', attributes: { name: 'db', exitCode: '1' }, time: 1 });
    expect(FakeNotification.shown.map((n) => n.title)).toEqual(['db exited with code 1']);
  });

  it('picks a folder to share with the VM through the native folder dialog, a cancel answered as such', async () => {
    const { fe } = await start();
    const page = fakeIpcRenderer(fe.ipcMain, topFrame('berth://app/index.html'), fakeSender(1));
    const pick = () => page.invoke(requestIpcChannel('app.pickFolder'), { title: 'Share a folder with the Berth VM' });
    expect(await pick()).toEqual({ ok: true, out: { cancelled: true } });
    fe.openDialogPath = '/Users/me/code';
    expect(await pick()).toEqual({ ok: true, out: { path: '/Users/me/code', cancelled: false } });
    // The title is checked like any request's input.
    expect(await page.invoke(requestIpcChannel('app.pickFolder'), { title: 'x'.repeat(201) })).toMatchObject({ ok: false, err: { code: 'INVALID_INPUT' } });
  });

  it('shows each dialog as the window\'s own (a sheet on macOS) while it shows, and on its own while closed to the tray', async () => {
    const { fe } = await start();
    const win = FakeBrowserWindow.created.at(-1);
    const page = fakeIpcRenderer(fe.ipcMain, topFrame('berth://app/index.html'), fakeSender(1));
    win?.show();
    await page.invoke(requestIpcChannel('app.pickFolder'), { title: 'Share a folder with the Berth VM' });
    await page.invoke(requestIpcChannel('diagnostics.export'), undefined);
    win?.hide();
    await page.invoke(requestIpcChannel('diagnostics.export'), undefined);
    expect(fe.dialogParents).toEqual([win, win, undefined]);
  });

  it('exports a redacted diagnostics bundle through the save dialog', async () => {
    const { fe, host, userData } = await start();
    const out = join(userData, '..', 'diag.tar.gz');
    fe.saveDialogPath = out;
    const r = await host!.exportDiagnosticsTo(out);
    expect(r.files).toEqual(expect.arrayContaining(['manifest.json', 'versions.json', 'settings.json', 'engine.json', 'engineVersion.json', 'vm.json']));
  });

  it('seals remembered sign-ins with safeStorage, and the diagnostics bundle holds no remembered password', async () => {
    const ss = fakeSafeStorage({ backend: 'kwallet5' });
    const { host, userData, createCore, core } = await start({ safeStorage: ss });
    expect(createCore.mock.calls[0]?.[0].secretBox).toMatchObject({ encrypted: true, label: 'the desktop keyring (kwallet5)' });
    const creds = core.ctx.credentials!;
    await creds.remember('127.0.0.1:5000', { username: 'me', password: 'Plain-canary-9417' }, { acceptPlaintext: false });
    expect(ss.encrypted).toBe(1);
    expect(readFileSync(creds.file, 'utf8')).not.toContain('Plain-canary-9417');
    // A password that leaked into a log in any form (as is, URL- or JSON-escaped, base64) is redacted in the bundle.
    mkdirSync(join(userData, 'logs'), { recursive: true });
    writeFileSync(join(userData, 'logs', 'leak.log'), `pulled with Plain-canary-9417 ${encodeURIComponent('Plain-canary-9417')} ${Buffer.from('Plain-canary-9417').toString('base64')}\n`);
    const out = join(userData, '..', 'diag.tar.gz');
    const r = await host!.exportDiagnosticsTo(out);
    expect(r.files.some((f) => /registries|credentials/.test(f))).toBe(false);
    const { gunzipSync } = await import('node:zlib');
    const raw = gunzipSync(readFileSync(out)).toString('latin1');
    expect(raw).toContain('pulled with <redacted>');
    expect(raw).not.toContain('Plain-canary-9417');
    expect(raw).not.toContain(Buffer.from('Plain-canary-9417').toString('base64').replace(/=+$/, ''));
  });

  it('without a keychain the core gets no encrypting box (storing then needs consent)', async () => {
    const { createCore } = await start({ safeStorage: fakeSafeStorage({ backend: 'basic_text' }) });
    expect(createCore.mock.calls[0]?.[0].secretBox).toBe(noSecretBox);
  });

  it('quits cleanly: disposes IPC, tray and core', async () => {
    const { fe, calls } = await start();
    fe.app.quit();
    await vi.waitFor(() => expect(calls).toEqual(['start', 'dispose']));
    expect(fe.ipcMain.handles.size).toBe(0);
    expect(FakeTray.created[0]?.destroyed).toBe(true);
  });
});
