// Web-mode access rules: a random token that only ever reaches this server's /api (as a WebSocket subprotocol), loopback Host names, same-origin WebSockets.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The subprotocol a Berth window speaks; the server answers the handshake with it. The renderer's transport
 * (renderer/src/transport/token.ts) spells the same two names: the renderer cannot import from main/.
 */
export const WS_PROTOCOL = 'berth.v1';
/** The token travels as a second offered subprotocol, `berth.token.<token>`: never in a URL, a cookie or an answer. */
export const TOKEN_PROTOCOL_PREFIX = 'berth.token.';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time comparison of the digests, so neither the content nor the length of the token leaks through timing. */
export function tokenMatches(expected: string, given: string | undefined | null): boolean {
  if (!given) return false;
  return timingSafeEqual(digest(expected), digest(given));
}

/** The token a WebSocket upgrade offers as its `berth.token.<token>` subprotocol, if any. */
export function protocolToken(req: IncomingMessage): string | undefined {
  const header = req.headers['sec-websocket-protocol'];
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(',')) {
    const p = part.trim();
    if (p.startsWith(TOKEN_PROTOCOL_PREFIX)) return p.slice(TOKEN_PROTOCOL_PREFIX.length);
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

/** The Host header names this server (guards against DNS rebinding). */
export function hostAllowed(req: IncomingMessage, allowedHosts: ReadonlySet<string>): boolean {
  const host = (req.headers.host ?? '').toLowerCase();
  return allowedHosts.has(host);
}

/** Browsers send Origin on WebSocket upgrades: it must be this server. Non-browser clients send none. */
export function originAllowed(req: IncomingMessage, allowedHosts: ReadonlySet<string>, scheme: 'http:' | 'https:' = 'http:'): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const u = new URL(origin);
    return u.protocol === scheme && allowedHosts.has(u.host.toLowerCase());
  } catch {
    return false;
  }
}
