// One registry GET (timeout, body cap) and the rules for where registry credentials and links may lead.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BerthError } from '../../../../app/errors.js';
import { isLoopback } from '../../loopback.js';

export const TIMEOUT_MS = 15_000;
const MAX_BODY = 16 * 1024 * 1024;
const MAX_REDIRECTS = 5;

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The URL that answered (after same-origin redirects). */
  url: string;
}

/** Same scheme, host and port (`URL.origin` spells default ports away, so `https://h` equals `https://h:443`). */
export const sameOrigin = (a: URL, b: URL): boolean => a.origin === b.origin;

/**
 * Where credentials may travel: over https anywhere; over plain http only to loopback, or — credentials the
 * person typed, not remembered ones — to the very registry they chose as plain http (marked insecure).
 */
export function mayCarryCredentials(url: URL, opts: { registry: URL; remembered: boolean }): boolean {
  if (url.protocol === 'https:') return true;
  if (url.protocol !== 'http:') return false;
  if (isLoopback(url.hostname)) return true;
  return !opts.remembered && sameOrigin(url, opts.registry);
}

/** A link or redirect that leaves the registry's origin: refused, so neither credentials nor trust follow it. */
export function offOrigin(host: string, what: string, to: URL): BerthError {
  const upgrade = to.protocol === 'https:' && to.host === host ? ` It serves https: browse ${to.origin} rather than marking it insecure.` : '';
  return new BerthError('INTERNAL', `${host} sent ${what} to another address (${to.origin}); Berth follows links and redirects only within the registry's own address.${upgrade}`, {
    field: 'registry',
    detail: to.toString().slice(0, 500),
  });
}

/**
 * One GET with a timeout and a cap on the body. Redirects are followed only within the first URL's origin (scheme,
 * host and port), with the same Authorization; a redirect anywhere else rejects with `offOrigin`, so an
 * Authorization header never reaches a host or scheme it was not meant for.
 */
export function registryGet(url: string, authorization: string | undefined, host: string): Promise<Reply> {
  const first = new URL(url);
  const once = (u: URL, left: number): Promise<Reply> =>
    new Promise((resolveReply, reject) => {
      const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'berth' };
      if (authorization) headers.Authorization = authorization;
      const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(u, { method: 'GET', headers, timeout: TIMEOUT_MS }, (res) => {
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        if (status >= 300 && status < 400 && location && left > 0) {
          res.resume();
          let next: URL;
          try {
            next = new URL(location, u);
          } catch {
            reject(new BerthError('INTERNAL', `${host} redirected to an address that is not a URL.`, { field: 'registry', detail: location.slice(0, 500) }));
            return;
          }
          if (!sameOrigin(next, first)) reject(offOrigin(host, 'a redirect', next));
          else resolveReply(once(next, left - 1));
          return;
        }
        const parts: Buffer[] = [];
        let size = 0;
        res.on('data', (b: Buffer) => {
          size += b.length;
          if (size > MAX_BODY) req.destroy(Object.assign(new Error(`the answer is larger than ${MAX_BODY} bytes`), { code: 'TOO_BIG' }));
          else parts.push(b);
        });
        res.on('end', () => resolveReply({ status, headers: res.headers, text: Buffer.concat(parts).toString('utf8'), url: u.toString() }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'TIMEOUT' })));
      req.on('error', reject);
      req.end();
    });
  return once(first, MAX_REDIRECTS);
}
