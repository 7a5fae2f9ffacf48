// Window hardening: the options every window gets, navigation/new-window/webview guards, and the session's deny-all rules.
import { describe, expect, it, vi } from 'vitest';
import { configureLogging } from '../core/log.js';
import { CSP, appTrust } from './security.js';
import { cancellable, FakeBrowserWindow, FakeSession, FakeWebContents } from './testing/fake-electron.js';
import { createMainWindow, hardenContents, hardenSession, revealWindow } from './window.js';

const trust = appTrust();
const APP = 'berth://app/index.html';

function open(overrides: Partial<Parameters<typeof createMainWindow>[0]> = {}) {
  FakeBrowserWindow.created = [];
  const win = createMainWindow({ BrowserWindow: FakeBrowserWindow, trust, preload: '/app/preload.cjs', url: APP, ...overrides }) as FakeBrowserWindow;
  return { win };
}

describe('main window', () => {
  it('is created with the hardened webPreferences and hidden until painted', () => {
    const { win } = open();
    expect(win.options.webPreferences).toEqual({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(win.visible).toBe(false);
    expect(win.loaded).toEqual([APP]);
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
  });

  it('restores saved bounds and the maximised state', () => {
    const { win } = open({ bounds: { x: 10, y: 20, width: 1000, height: 700, maximized: true } });
    expect(win.options).toMatchObject({ x: 10, y: 20, width: 1000, height: 700 });
    win.emit('ready-to-show');
    expect(win.maximized).toBe(true);
  });

  it('refuses to load anything but the app origin', () => {
    expect(() => open({ url: 'https://example.com/' })).toThrow(/not the app's origin/);
    expect(() => open({ url: 'file:///etc/passwd' })).toThrow(/not the app's origin/);
  });

  it('reloads once after a renderer crash, not in a loop', () => {
    const { win } = open();
    for (let i = 0; i < 3; i++) win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 11 });
    expect(win.webContents.reloads).toBe(1);
  });

  it('shows, restores and focuses on reveal', () => {
    const { win } = open();
    win.minimized = true;
    revealWindow(win);
    expect([win.minimized, win.visible, win.focused]).toEqual([false, true, 1]);
    revealWindow(undefined);
  });
});

describe('webContents guards', () => {
  const guarded = () => {
    const wc = new FakeWebContents();
    hardenContents(wc, trust);
    configureLogging({ level: 'warn' });
    const logged = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    /** Stops capturing; returns what was logged. */
    const done = (): string[] => {
      const lines = logged.mock.calls.map((c) => String(c[0]));
      logged.mockRestore();
      configureLogging({ level: 'error' });
      return lines;
    };
    return { wc, done };
  };

  it('blocks navigation and redirects away from the app, logs them, and opens nothing (issue 13, low)', () => {
    const { wc, done } = guarded();
    for (const ev of ['will-navigate', 'will-redirect']) {
      const e = cancellable({ url: 'http://user:pw@localhost:8080/x?token=abc#frag' });
      wc.emit(ev, e);
      expect(e.prevented).toBe(true);
    }
    const lines = done();
    expect(lines.filter((l) => l.includes('blocked a navigation to "http://localhost:8080/x?…"'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('blocked a redirect to "http://localhost:8080/x?…"'))).toHaveLength(1);
    expect(lines.join('')).not.toMatch(/pw|abc|frag/);
    const inApp = cancellable({ url: 'berth://app/index.html#/images' });
    wc.emit('will-navigate', inApp);
    expect(inApp.prevented).toBe(false);
    const lookalike = cancellable({ url: 'berth://app.evil/index.html' });
    wc.emit('will-navigate', lookalike);
    expect(lookalike.prevented).toBe(true);
  });

  it('blocks sub-frame navigation and every <webview>', () => {
    const { wc, done } = guarded();
    const sub = cancellable({ url: 'https://evil.example/', isMainFrame: false });
    wc.emit('will-frame-navigate', sub);
    expect(sub.prevented).toBe(true);
    const att = cancellable({});
    wc.emit('will-attach-webview', att, {}, {});
    expect(att.prevented).toBe(true);
    expect(done().join('')).toMatch(/blocked a sub-frame navigation to "https:\/\/evil.example\/"[\s\S]*blocked a <webview>/);
  });

  it('denies every new window and logs it; nothing is opened without a click (that is the renderer link handler)', () => {
    const { wc, done } = guarded();
    expect(wc.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(wc.openHandler?.({ url: APP })).toEqual({ action: 'deny' });
    expect(done().filter((l) => l.includes('blocked a new window for'))).toHaveLength(2);
  });

  it('hardens a webContents once even if asked twice', () => {
    const wc = new FakeWebContents();
    hardenContents(wc, trust);
    hardenContents(wc, trust);
    expect(wc.count('will-navigate')).toBe(1);
  });
});

describe('session rules', () => {
  const contents = (url: string) => ({ getURL: () => url });
  const top = { isMainFrame: true, requestingUrl: 'berth://app/index.html#/containers' };
  const request = (ses: FakeSession, wcUrl: string, permission: string, details: { isMainFrame: boolean; requestingUrl?: string }): boolean => {
    const cb = vi.fn();
    ses.requestHandler?.(contents(wcUrl), permission, cb, details);
    expect(cb).toHaveBeenCalledTimes(1);
    return cb.mock.calls[0]?.[0] as boolean;
  };

  it('denies every other permission request, check and device, even to our own page, and refuses page downloads', () => {
    const ses = new FakeSession();
    hardenSession(ses, trust);
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'fileSystem', 'deprecated-sync-clipboard-read', 'display-capture', 'unknown']) {
      expect(request(ses, APP, p, top)).toBe(false);
      expect(ses.checkHandler?.(contents(APP), p, 'berth://app', top)).toBe(false);
    }
    expect(ses.deviceHandler?.({})).toBe(false);
    const dl = cancellable({});
    ses.emit('will-download', dl);
    expect(dl.prevented).toBe(true);
  });

  it("allows the clipboard (Copy and Paste buttons) to the app's top frame only (issue 13, D1)", () => {
    const ses = new FakeSession();
    hardenSession(ses, trust);
    for (const p of ['clipboard-sanitized-write', 'clipboard-read']) {
      expect(request(ses, APP, p, top)).toBe(true);
      expect(ses.checkHandler?.(contents(APP), p, 'berth://app', top)).toBe(true);
      // The origin alone, as Chromium gives it for a check without a URL.
      expect(ses.checkHandler?.(contents(APP), p, 'berth://app', { isMainFrame: true })).toBe(true);
      // A sub-frame, even of our origin; a cross-origin embedder; another origin; a look-alike; no webContents.
      expect(request(ses, APP, p, { isMainFrame: false, requestingUrl: APP })).toBe(false);
      expect(ses.checkHandler?.(contents(APP), p, 'berth://app', { ...top, embeddingOrigin: 'https://evil.example' })).toBe(false);
      expect(request(ses, 'https://evil.example/', p, { isMainFrame: true, requestingUrl: 'https://evil.example/' })).toBe(false);
      expect(request(ses, APP, p, { isMainFrame: true, requestingUrl: 'https://evil.example/' })).toBe(false);
      expect(request(ses, 'https://evil.example/', p, top)).toBe(false);
      expect(request(ses, 'berth://app.evil/index.html', p, { isMainFrame: true, requestingUrl: 'berth://app.evil/index.html' })).toBe(false);
      expect(ses.checkHandler?.(null, p, 'berth://app', top)).toBe(false);
      expect(ses.checkHandler?.(contents(APP), p, 'http://127.0.0.1:5173', { isMainFrame: true })).toBe(false);
    }
    // In an unpackaged dev run the loopback dev server is the app's origin too, and nothing else is.
    const dev = new FakeSession();
    hardenSession(dev, appTrust('http://127.0.0.1:5173/'));
    expect(request(dev, 'http://127.0.0.1:5173/', 'clipboard-read', { isMainFrame: true, requestingUrl: 'http://127.0.0.1:5173/' })).toBe(true);
    expect(request(dev, 'http://127.0.0.1:5174/', 'clipboard-read', { isMainFrame: true, requestingUrl: 'http://127.0.0.1:5174/' })).toBe(false);
  });

  it('puts our CSP on every response, replacing any the response brought', () => {
    const ses = new FakeSession();
    hardenSession(ses, trust);
    let out: Record<string, string[] | string> | undefined;
    ses.headersListener?.({ url: 'http://127.0.0.1:5173/', responseHeaders: { 'content-security-policy': ["default-src *"], 'X-Other': ['1'] } }, (r) => (out = r.responseHeaders));
    expect(out).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [CSP] });
  });
});
