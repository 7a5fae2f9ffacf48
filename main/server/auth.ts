// Web-mode access rules: a random token (URL, cookie or query), loopback Host names, and same-origin WebSockets.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const COOKIE = 'berth_token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function tokenMatches(expected: string, given: string | undefined | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== COOKIE) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return undefined; // Not percent-encoding (`%`, `%E0`): no token, never an exception in the listener.
    }
  }
  return undefined;
}

/** The request's URL, or undefined when it does not parse (such a request is answered 400, never thrown on). */
export function requestUrl(req: IncomingMessage): URL | undefined {
  try {
    return new URL(req.url ?? '/', 'http://placeholder');
  } catch {
    return undefined;
  }
}

export function queryToken(req: IncomingMessage): string | undefined {
  return requestUrl(req)?.searchParams.get('token') ?? undefined;
}

/** Token from the cookie or the query string. */
export function requestAuthorized(req: IncomingMessage, token: string): boolean {
  return tokenMatches(token, cookieToken(req)) || tokenMatches(token, queryToken(req));
}

/** The Host header names this server (guards against DNS rebinding). */
export function hostAllowed(req: IncomingMessage, allowedHosts: ReadonlySet<string>): boolean {
  const host = (req.headers.host ?? '').toLowerCase();
  return allowedHosts.has(host);
}

/** Browsers send Origin on WebSocket upgrades: it must be this server. Non-browser clients send none. */
export function originAllowed(req: IncomingMessage, allowedHosts: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const u = new URL(origin);
    return u.protocol === 'http:' && allowedHosts.has(u.host.toLowerCase());
  } catch {
    return false;
  }
}

/** Host header values that reach a server bound to `host:port`. */
export function allowedHostNames(host: string, port: number): Set<string> {
  const names = new Set<string>([`${host}:${port}`.toLowerCase()]);
  if (host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '0.0.0.0' || host === '::') {
    for (const h of ['127.0.0.1', 'localhost', '[::1]']) names.add(`${h}:${port}`);
  }
  if (host.includes(':') && !host.startsWith('[')) names.add(`[${host}]:${port}`.toLowerCase());
  return names;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
