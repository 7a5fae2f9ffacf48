// shell.openExternal behind a filter: http(s) to loopback or the remote engine's host (published ports), or an explicit allowlist only.
import { createLogger } from '../core/log.js';
import type { ShellLike } from './types.js';

const log = createLogger('open-external');

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Pages Berth itself links to (documentation, the issue tracker); exact origins, compared after parsing. */
export const DEFAULT_EXTERNAL_ALLOWLIST: readonly string[] = ['https://docs.docker.com', 'https://hub.docker.com', 'https://github.com'];

export type ExternalVerdict = { ok: true; url: string } | { ok: false; reason: string };

/** Decides whether a URL may leave the app; the normalised URL is what gets opened, never the raw string. */
export function checkExternalUrl(raw: unknown, allowlist: readonly string[] = DEFAULT_EXTERNAL_ALLOWLIST, portHosts: readonly string[] = []): ExternalVerdict {
  if (typeof raw !== 'string' || raw.length > 2048) return { ok: false, reason: 'not a URL string of sensible length' };
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { ok: false, reason: `scheme ${u.protocol} is never opened` };
  if (u.username || u.password) return { ok: false, reason: 'URLs with credentials are never opened' };
  const host = u.hostname.toLowerCase();
  // Published ports answer on loopback, or on the remote engine's host for an ssh:// endpoint.
  if (LOOPBACK.has(host) || portHosts.some((h) => h.toLowerCase() === host || `[${h.toLowerCase()}]` === host)) return { ok: true, url: u.href };
  if (allowlist.includes(u.origin.toLowerCase())) return { ok: true, url: u.href };
  return { ok: false, reason: `${u.origin} is not on the allowlist` };
}

export type OpenExternal = (url: unknown) => Promise<boolean>;

/** `portHosts` names the hosts published ports answer on besides loopback (the remote engine's), asked at each call. */
export function createOpenExternal(shell: Pick<ShellLike, 'openExternal'>, allowlist: readonly string[] = DEFAULT_EXTERNAL_ALLOWLIST, portHosts: () => readonly string[] = () => []): OpenExternal {
  return async (raw) => {
    const v = checkExternalUrl(raw, allowlist, portHosts());
    if (!v.ok) {
      log.warn(`refused to open an external URL: ${v.reason}`);
      return false;
    }
    await shell.openExternal(v.url);
    return true;
  };
}
