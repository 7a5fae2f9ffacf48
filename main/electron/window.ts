// The main window: hardened webPreferences, no navigation, no new windows, no webviews, no permissions but the clipboard, CSP on every response.
import { createLogger } from '../core/log.js';
import { CSP, isAllowedPermission, isAppUrl, type TrustPolicy } from './security.js';
import type { BrowserWindowCtor, BrowserWindowLike, PermissionContents, PermissionSession, Rectangle, WebContentsLike } from './types.js';

const log = createLogger('window');

/**
 * Checklist #12, #13, #14: every webContents (ours or any that appears) may not navigate away from the app,
 * open windows, or attach a <webview>. What is blocked is logged and never opened in the browser: none of these
 * events says whether a person clicked (a script, a redirect or a page can raise them), so the only way out is the
 * renderer's own link handler on a click, through `app.openExternal` and its filter.
 */
const hardened = new WeakSet<WebContentsLike>();

/** A URL as it goes into the log: bounded, without credentials or query (it may carry tokens), controls shown. */
export function loggedUrl(url: string): string {
  let shown = url;
  try {
    const u = new URL(url);
    shown = u.host ? `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}` : `${u.protocol}${u.pathname.slice(0, 40)}`;
  } catch {
    // not a URL: logged as given, bounded
  }
  return JSON.stringify(shown.slice(0, 200));
}

export function hardenContents(contents: WebContentsLike, trust: TrustPolicy): void {
  if (hardened.has(contents)) return;
  hardened.add(contents);
  const guard = (kind: string) => (e: { url: string; preventDefault(): void }) => {
    if (isAppUrl(e.url, trust)) return;
    e.preventDefault();
    log.warn(`blocked a ${kind} to ${loggedUrl(e.url)} (not opened: only a click on a link opens the browser)`);
  };
  contents.on('will-navigate', guard('navigation'));
  contents.on('will-redirect', guard('redirect'));
  contents.on('will-frame-navigate', (e) => {
    // Sub-frames never load anything: the CSP has frame-src 'none', and this stops what the CSP does not see.
    if (e.isMainFrame === false) {
      e.preventDefault();
      log.warn(`blocked a sub-frame navigation to ${loggedUrl(e.url)}`);
    }
  });
  contents.on('will-attach-webview', (e) => {
    e.preventDefault();
    log.warn('blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    log.warn(`blocked a new window for ${loggedUrl(url)} (not opened: only a click on a link opens the browser)`);
    return { action: 'deny' };
  });
}

/**
 * Checklist #5 and #7: deny every permission and device but the clipboard for our own top frame (Copy and Paste
 * buttons), refuse downloads, and put the CSP on every response (`csp`: the dev server's policy in an unpackaged
 * dev run, else the packaged one).
 */
export function hardenSession(ses: PermissionSession, trust: TrustPolicy, csp: string = CSP): void {
  const contentsUrl = (wc: PermissionContents | null): string | undefined => {
    try {
      return wc?.getURL();
    } catch {
      return undefined;
    }
  };
  ses.setPermissionRequestHandler((wc, permission, callback, details) => {
    const granted = isAllowedPermission(permission, { ...details, contentsUrl: contentsUrl(wc) }, trust);
    if (!granted) log.warn(`denied a "${permission}" permission request from ${String(details.requestingUrl).slice(0, 200)}`);
    callback(granted);
  });
  ses.setPermissionCheckHandler((wc, permission, requestingOrigin, details) =>
    isAllowedPermission(permission, { ...details, requestingUrl: details.requestingUrl ?? requestingOrigin, contentsUrl: contentsUrl(wc) }, trust),
  );
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    // Any policy the response brought is replaced, not merged: ours is the one that applies.
    const headers: Record<string, string[] | string> = Object.fromEntries(Object.entries(details.responseHeaders ?? {}).filter(([k]) => k.toLowerCase() !== 'content-security-policy'));
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
  ses.on('will-download', (e) => {
    e.preventDefault();
    log.warn('blocked a download started by the page');
  });
}

export interface MainWindowDeps {
  BrowserWindow: BrowserWindowCtor;
  trust: TrustPolicy;
  preload: string;
  url: string;
  bounds?: Partial<Rectangle> & { maximized?: boolean };
}

/**
 * Creates the window, shows it once painted, and reloads it once if its renderer crashes.
 * The options are one literal, on purpose: electronegativity (and a reader) can see every webPreference here.
 * Checklist #2, #3, #4, #6, #8, #9, #10 and no <webview>.
 */
export function createMainWindow(deps: MainWindowDeps): BrowserWindowLike {
  if (!isAppUrl(deps.url, deps.trust)) throw new Error(`refusing to load ${deps.url}: not the app's origin`);
  const { BrowserWindow, bounds } = deps;
  const win = new BrowserWindow({
    width: bounds?.width ?? 1280,
    height: bounds?.height ?? 820,
    ...(bounds?.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: 800,
    minHeight: 520,
    show: false,
    title: 'Berth',
    backgroundColor: '#1e1f24',
    webPreferences: {
      preload: deps.preload,
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
      // Middle-click (auxclick) can open links in new windows, bypassing the page's click handlers.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  hardenContents(win.webContents, deps.trust);
  win.once('ready-to-show', () => {
    if (deps.bounds?.maximized) win.maximize();
    win.show();
  });
  let crashes = 0;
  win.webContents.on('render-process-gone', (_e, details) => {
    log.error(`the window's renderer is gone (${details.reason}, exit ${details.exitCode})`);
    if (details.reason !== 'clean-exit' && crashes++ < 1 && !win.isDestroyed()) win.webContents.reload();
  });
  void win.loadURL(deps.url).catch((e: unknown) => log.error(`loading ${deps.url} failed`, e));
  return win;
}

/** Shows, restores and focuses a window (second launch, tray "Open", dock click). */
export function revealWindow(win: BrowserWindowLike | undefined): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}
