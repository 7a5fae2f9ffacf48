// The window's trust boundary: our app origin, the Content-Security-Policy, and the checks every URL, permission and IPC sender passes.
import { createHash } from 'node:crypto';
import type { FrameLike } from './types.js';

/** The renderer is served from berth://app/ (a privileged standard scheme), never from file:// or the network. */
export const APP_SCHEME = 'berth';
export const APP_HOST = 'app';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * The inline module script @vitejs/plugin-react puts in index.html on the Vite dev server (its Fast Refresh
 * preamble), byte for byte as served. `security.test.ts` asks a real Vite server for the page and fails when this
 * drifts from what the plugin injects.
 */
export const DEV_REFRESH_PREAMBLE = [
  'import { injectIntoGlobalHook } from "/@react-refresh";',
  'injectIntoGlobalHook(window);',
  'window.$RefreshReg$ = () => {};',
  'window.$RefreshSig$ = () => (type) => type;',
].join('\n');

/** A CSP hash source for an inline script's text. */
export function scriptHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The window's policy: only our own scripts; inline styles are allowed because xterm.js and React set them.
 * No connect-src beyond 'self': the Electron window reaches the core over IPC, never over the network.
 * With `devUrl` (an unpackaged run on the Vite dev server, already checked to be loopback by `appTrust`), two
 * additions and no more: the React refresh preamble by its hash (not 'unsafe-inline'), and the dev server's own
 * WebSocket for hot reload.
 */
export function buildCsp(opts: { devUrl?: string | undefined } = {}): string {
  const dev = opts.devUrl === undefined ? undefined : new URL(opts.devUrl);
  const ws = dev ? `${dev.protocol === 'https:' ? 'wss:' : 'ws:'}//${dev.host}` : undefined;
  return [
    "default-src 'none'",
    dev ? `script-src 'self' ${scriptHash(DEV_REFRESH_PREAMBLE)}` : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    ws ? `connect-src 'self' ${ws}` : "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'none'",
    "media-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "child-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The packaged app's policy (berth://app): no dev additions. */
export const CSP = buildCsp();

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), bluetooth=()',
};

/** `scheme://host[:port]` of a URL, compared by parsed parts (URL.origin is "null" for custom schemes). */
export function originOf(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (!u.host) return undefined;
  return `${u.protocol}//${u.host}`.toLowerCase();
}

export interface TrustPolicy {
  /** Origins our renderer may be loaded from: berth://app, plus a loopback dev server when not packaged. */
  readonly origins: readonly string[];
}

export function appTrust(devUrl?: string): TrustPolicy {
  const origins = [`${APP_SCHEME}://${APP_HOST}`];
  if (devUrl) {
    let u: URL | undefined;
    try {
      u = new URL(devUrl);
    } catch {
      u = undefined;
    }
    if (!u || !/^https?:$/.test(u.protocol) || !['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) {
      throw new Error(`BERTH_DEV_URL must be a loopback http(s) URL, not ${devUrl}`);
    }
    origins.push(`${u.protocol}//${u.host}`.toLowerCase());
  }
  return { origins };
}

/** True when `url` is a page of our own renderer (same scheme, host and port, parsed, not string-prefixed). */
export function isAppUrl(url: string, trust: TrustPolicy): boolean {
  const o = originOf(url);
  return o !== undefined && trust.origins.includes(o);
}

/** The permissions our own page may use: the Copy and Paste buttons (navigator.clipboard). Everything else is denied. */
export const CLIPBOARD_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write', 'clipboard-read'];

/**
 * Electron checklist #5: a permission is granted only when it is a clipboard one and the asker is our page's top
 * frame — the main frame, its URL and its webContents' URL all of the app's origin, no cross-origin embedder.
 */
export function isAllowedPermission(
  permission: string,
  asker: { isMainFrame: boolean; requestingUrl?: string | undefined; embeddingOrigin?: string | undefined; contentsUrl?: string | undefined },
  trust: TrustPolicy,
): boolean {
  if (!CLIPBOARD_PERMISSIONS.includes(permission)) return false;
  if (asker.isMainFrame !== true || asker.embeddingOrigin !== undefined) return false;
  if (asker.requestingUrl === undefined || !isAppUrl(asker.requestingUrl, trust)) return false;
  return asker.contentsUrl !== undefined && isAppUrl(asker.contentsUrl, trust);
}

/** Electron checklist #17: only our own page's top frame may talk to the core (no iframes, no other origins). */
export function isTrustedFrame(frame: FrameLike | null | undefined, trust: TrustPolicy): boolean {
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url, trust);
}
