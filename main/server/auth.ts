// Web-mode access rules: a random token that only ever reaches this server's /api (as a WebSocket subprotocol), loopback Host names, same-origin WebSockets.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BerthError } from '../../app/errors.js';

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

/**
 * A token given by the person (BERTH_TOKEN, --token-file) must be as strong as a generated one: at least 128 bits,
 * i.e. 22 base64url characters or 32 hex digits, in the URL-safe alphabet (it travels in a fragment and a subprotocol).
 */
export function checkToken(token: string): void {
  const fail = (why: string) => {
    throw new BerthError('INVALID_INPUT', `The access token ${why}. Make one with \`openssl rand -hex 16\` or \`node -e "console.log(crypto.randomBytes(16).toString('base64url'))"\`.`, { field: 'token' });
  };
  if (token === '') fail('is empty');
  if (!/^[A-Za-z0-9_-]+$/.test(token)) fail('may hold only letters, digits, "-" and "_" (base64url or hex)');
  const hex = /^[0-9a-fA-F]+$/.test(token);
  if (token.length < (hex ? 32 : 22)) fail(`is too short: at least 128 bits are needed (32 hex digits or 22 base64url characters; this one has ${token.length} characters)`);
  if (new Set(token).size < 8) fail('does not look random (fewer than 8 different characters)');
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
