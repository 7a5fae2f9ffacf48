// Electron's security checklist (docs/tutorial/security.md, 20 items), each checked against this code, item by item.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { api } from '../../app/api.js';
import { channels } from '../../app/contract.js';
import { EventBus } from '../core/bus.js';
import { createDispatcher } from '../core/handlers.js';
import { bindIpc } from './ipc.js';
import { PORT_IPC_CHANNEL, requestIpcChannel } from './ipc-names.js';
import { checkExternalUrl } from './open-external.js';
import { createAppHandler, registerAppScheme } from './protocol.js';
import { APP_URL, CSP, appTrust, isTrustedFrame } from './security.js';
import { cancellable, FakeBrowserWindow, FakeSession } from './testing/fake-electron.js';
import { fakeIpcMain, fakeIpcRenderer, fakeSender, subFrame, topFrame } from './testing/fake-ipc.js';
import { createMainWindow, hardenSession } from './window.js';
import { buildPreloadTransport } from './preload-api.js';
import { createRequire } from 'node:module';

const here = join(process.cwd(), 'main', 'electron');
/** The shipped sources of the host (no tests, no test doubles). */
const sources = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.itest.ts'))
  .map((f) => ({ file: f, text: readFileSync(join(here, f), 'utf8') }));
const grep = (re: RegExp) => sources.filter((s) => re.test(s.text)).map((s) => s.file);

const trust = appTrust();
function window() {
  FakeBrowserWindow.created = [];
  const win = createMainWindow({ BrowserWindow: FakeBrowserWindow, trust, preload: '/p.cjs', url: 'berth://app/index.html' }) as FakeBrowserWindow;
  return { win, prefs: win.options.webPreferences };
}
const cspDirectives = () => new Map(CSP.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k as string, v]));

describe('Electron security checklist', () => {
  it('1. only loads secure content: our own privileged berth:// scheme, a CSP without http:, nothing remote', () => {
    let privileges: Record<string, boolean> | undefined;
    registerAppScheme({ registerSchemesAsPrivileged: (s) => (privileges = s[0]?.privileges) });
    expect(privileges).toMatchObject({ secure: true, standard: true, bypassCSP: false });
    expect(CSP).not.toMatch(/https?:|\*|ws:/);
    expect(() => createMainWindow({ BrowserWindow: FakeBrowserWindow, trust, preload: '/p', url: 'http://example.com/' })).toThrow();
    const html = readFileSync(join(process.cwd(), 'renderer', 'index.html'), 'utf8');
    expect(html).not.toMatch(/(src|href)=["']https?:/);
  });

  it('2. no Node.js integration anywhere (window, workers, sub-frames)', () => {
    const { prefs } = window();
    expect([prefs.nodeIntegration, prefs.nodeIntegrationInWorker, prefs.nodeIntegrationInSubFrames]).toEqual([false, false, false]);
    expect(grep(/nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/)).toEqual([]);
  });

  it('3. context isolation on', () => {
    expect(window().prefs.contextIsolation).toBe(true);
    expect(grep(/contextIsolation\s*:\s*false/)).toEqual([]);
  });

  it('4. process sandbox on, and the preload is written for it (one CJS bundle requiring only electron)', () => {
    expect(window().prefs.sandbox).toBe(true);
    expect(grep(/sandbox\s*:\s*false/)).toEqual([]);
    const preload = sources.find((s) => s.file === 'preload.ts')?.text ?? '';
    expect([...preload.matchAll(/from '([^']+)'/g)].map((m) => m[1])).toEqual(['electron', '../../app/api.js', './preload-api.js']);
  });

  it("5. every permission request is denied (and checks and devices too), but the clipboard for the app's top frame", () => {
    const ses = new FakeSession();
    hardenSession(ses, trust);
    const app = { getURL: () => 'berth://app/index.html' };
    const top = { isMainFrame: true, requestingUrl: 'berth://app/index.html' };
    const cb = vi.fn();
    ses.requestHandler?.(app, 'media', cb, top);
    ses.requestHandler?.(app, 'clipboard-read', cb, { isMainFrame: false, requestingUrl: 'berth://app/index.html' });
    ses.requestHandler?.(app, 'clipboard-sanitized-write', cb, top);
    expect(cb.mock.calls).toEqual([[false], [false], [true]]);
    expect(ses.checkHandler?.(app, 'notifications', 'berth://app', top)).toBe(false);
    expect(ses.deviceHandler?.({})).toBe(false);
  });

  it('6. webSecurity is not disabled', () => {
    expect(window().prefs.webSecurity).toBe(true);
    expect(grep(/webSecurity\s*:\s*false/)).toEqual([]);
  });

  it("7. a restrictive Content-Security-Policy on every response: script-src 'self', default-src 'none', no eval", async () => {
    const d = cspDirectives();
    expect(d.get('default-src')).toEqual(["'none'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(CSP).not.toContain('unsafe-eval');
    const res = await createAppHandler('/nonexistent')(new Request('berth://app/index.html'));
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    const ses = new FakeSession();
    hardenSession(ses, trust);
    let headers: Record<string, unknown> | undefined;
    ses.headersListener?.({ url: 'http://127.0.0.1:5173/' }, (r) => (headers = r.responseHeaders));
    expect(headers?.['Content-Security-Policy']).toEqual([CSP]);
  });

  it('8. allowRunningInsecureContent is off', () => {
    expect(window().prefs.allowRunningInsecureContent).toBe(false);
    expect(grep(/allowRunningInsecureContent\s*:\s*true/)).toEqual([]);
  });

  it('9. experimental features are off', () => {
    expect(window().prefs.experimentalFeatures).toBe(false);
    expect(grep(/experimentalFeatures\s*:\s*true/)).toEqual([]);
  });

  it('10. enableBlinkFeatures is not used (auxclick is even disabled)', () => {
    expect(window().prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(grep(/enableBlinkFeatures/)).toEqual([]);
    expect(window().prefs.disableBlinkFeatures).toBe('Auxclick');
  });

  it('11. no <webview> with allowpopups: webviews are disabled outright', () => {
    expect(window().prefs.webviewTag).toBe(false);
    expect(grep(/allowpopups/i)).toEqual([]);
  });

  it('12. webview creation is verified: every will-attach-webview is refused', () => {
    const { win } = window();
    const e = cancellable({});
    win.webContents.emit('will-attach-webview', e, { nodeIntegration: true }, { src: 'https://evil.example/' });
    expect(e.prevented).toBe(true);
  });

  it('13. navigation is limited to the app origin (parsed, not prefix-matched)', () => {
    const { win } = window();
    for (const url of ['https://evil.example/', 'berth://app.evil/', 'file:///etc/passwd', 'http://localhost:8080/']) {
      const e = cancellable({ url });
      win.webContents.emit('will-navigate', e);
      expect(e.prevented, url).toBe(true);
    }
  });

  it('14. new windows are never created', () => {
    const { win } = window();
    for (const url of ['https://evil.example/', 'berth://app/index.html', 'about:blank']) expect(win.webContents.openHandler?.({ url })).toEqual({ action: 'deny' });
  });

  it('15. shell.openExternal only through the filter: http(s) to loopback or the allowlist', () => {
    expect(grep(/\.openExternal\(/)).toEqual(['open-external.ts']);
    for (const bad of ['file:///etc/passwd', 'smb://x/y', 'ms-msdt:/id', 'https://evil.example/']) expect(checkExternalUrl(bad).ok, bad).toBe(false);
    expect(checkExternalUrl('http://127.0.0.1:8080/').ok).toBe(true);
  });

  it('16. a current Electron: an exact pin no more than two majors behind the stable one (Electron supports the latest three)', () => {
    const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const pinned = pkg.devDependencies.electron ?? '';
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    // 45 was the stable major on 2026-12-04; Electron ships a major every 8 weeks, so this test starts failing by
    // itself once the pin is out of support, without asking the network.
    const stable = 45 + Math.floor((Date.now() - Date.parse('2026-12-04')) / (8 * 7 * 24 * 3600 * 1000));
    expect(Number(pinned.split('.')[0]), `electron ${pinned} is more than two majors behind ${stable}`).toBeGreaterThanOrEqual(stable - 2);
    const installed = JSON.parse(readFileSync(join(process.cwd(), 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string };
    expect(installed.version).toBe(pinned);
  });

  it('17. the sender of every IPC message is validated: every request channel and the port refuse foreign frames', async () => {
    const ipcMain = fakeIpcMain();
    const handlers: Record<string, Record<string, () => Promise<unknown>>> = {};
    const called = vi.fn(async () => 'secret');
    for (const c of channels(api)) if (c.def.kind === 'request') (handlers[c.group] ??= {})[c.member] = called;
    bindIpc({ ipcMain, dispatcher: createDispatcher(api, handlers), bus: new EventBus(api), isTrustedSender: (f) => isTrustedFrame(f, trust) });
    const intruders = [subFrame('berth://app/index.html'), topFrame('https://evil.example/'), topFrame('berth://app.evil/'), null];
    for (const frame of intruders) {
      const r = fakeIpcRenderer(ipcMain, frame, fakeSender(9));
      for (const c of channels(api)) {
        if (c.def.kind !== 'request') continue;
        expect(await r.invoke(requestIpcChannel(c.channel), {}), c.channel).toMatchObject({ ok: false, err: { code: 'PERMISSION_DENIED' } });
      }
      const closed = vi.fn();
      ipcMain.listeners.get(PORT_IPC_CHANNEL)?.forEach((l) => l({ senderFrame: frame, sender: fakeSender(9), ports: [{ postMessage: vi.fn(), on: vi.fn(), start: vi.fn(), close: closed }] }));
      expect(closed).toHaveBeenCalled();
    }
    expect(called).not.toHaveBeenCalled();
    // And nothing else listens: the only ipcMain.on is the port, the only handles are the contract's.
    const ons = sources.flatMap((s) => [...s.text.matchAll(/ipcMain\.on\(([^,]+),/g)].map((m) => `${s.file}: ${m[1]}`));
    expect(ons).toEqual(['ipc.ts: PORT_IPC_CHANNEL']);
    expect(grep(/ipcRenderer\.(send|sendSync|on)\b/)).toEqual([]);
  });

  it('18. no file:// pages: the app is served from its own berth:// scheme, and file pages get no extra privileges', () => {
    // Code (comments aside) never loads a file: page.
    const code = sources.map((x) => ({ file: x.file, text: x.text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '') }));
    expect(code.filter((x) => /loadFile\(|['"`]file:\/\//.test(x.text)).map((x) => x.file)).toEqual([]);
    expect(APP_URL).toBe('berth://app/index.html');
    const config = builderConfig();
    expect(config.electronFuses?.grantFileProtocolExtraPrivileges).toBe(false);
  });

  it('19. the fuses that matter are flipped in the packaged binary', () => {
    expect(builderConfig().electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });

  it('20. no Electron API reaches web content: the preload exposes one transport of the contract\'s channels, never ipcRenderer', () => {
    const calls: string[] = [];
    const ipc = { invoke: async (ch: string) => (calls.push(ch), { ok: true, value: null }), postMessage: () => undefined };
    const transport = buildPreloadTransport(api, ipc as never, () => ({ local: { postMessage: () => undefined, start: () => undefined, close: () => undefined, onmessage: null } as never, remote: {} }));
    expect(Object.keys(transport).sort()).toEqual(['onState', 'open', 'request', 'state', 'subscribe']);
    expect(JSON.stringify(Object.keys(transport))).not.toMatch(/ipcRenderer|invoke|send/);
    const preload = sources.find((x) => x.file === 'preload.ts')?.text ?? '';
    expect([...preload.matchAll(/exposeInMainWorld\('(\w+)'/g)].map((m) => m[1])).toEqual(['berthTransport']);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
  });
});

/** electron-builder.yml as electron-builder reads it. */
function builderConfig(): { electronFuses?: Record<string, boolean> } {
  const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
  return yaml.load(readFileSync(join(process.cwd(), 'electron-builder.yml'), 'utf8')) as { electronFuses?: Record<string, boolean> };
}
