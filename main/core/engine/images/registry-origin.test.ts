// Unit tests: registry pages and redirects stay on the registry's origin, and credentials never go over plain http where they may not.
import { mkdtempSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BerthError } from '../../../../app/errors.js';
import type { CoreContext } from '../../context.js';
import { noSecretBox } from '../../credentials/secret-box.js';
import { openCredentialStore } from '../../credentials/store.js';
import { mayCarryCredentials } from './registry-http.js';
import { createRegistryHandlers, listRepositories } from './registry.js';

/**
 * Names under `.example.test` stand for hosts that are not loopback. The request function is wrapped so that they
 * are reached on 127.0.0.1 (same port): no test traffic ever leaves loopback, with or without the fix under test.
 */
vi.mock('node:http', async (importOriginal) => {
  const real = await importOriginal<typeof http>();
  const request = (url: URL, opts: http.RequestOptions, cb: (res: http.IncomingMessage) => void) => {
    const u = new URL(url);
    if (u.hostname.endsWith('.example.test')) u.hostname = '127.0.0.1';
    if (u.hostname !== '127.0.0.1' && u.hostname !== 'localhost') throw new Error(`test traffic to ${u.hostname}`);
    return real.request(u, opts, cb);
  };
  return { ...real, request, default: { ...real, request } };
});

type Route = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => void;
interface Origin {
  server: http.Server;
  port: number;
  route: Route;
  /** `path auth-scheme-or-dash` for every request it received. */
  seen: string[];
}

const BASIC = `Basic ${Buffer.from('u:p').toString('base64')}`;
const auth = { username: 'u', password: 'p' };
const json = (res: http.ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(code, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
/** A catalog behind Basic auth, with an optional Link header. */
const basicCatalog =
  (repos: string[], link?: string): Route =>
  (req, res) => {
    if (req.headers.authorization !== BASIC) return json(res, 401, {}, { 'www-authenticate': 'Basic realm="test"' });
    json(res, 200, { repositories: repos }, link ? { link } : {});
  };

async function origin(): Promise<Origin> {
  const o = { seen: [] as string[], route: ((_q, res) => json(res, 404, {})) as Route } as Origin;
  o.server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    o.seen.push(`${url.pathname}${url.search} ${req.headers.authorization?.split(' ')[0] ?? '-'}`);
    o.route(req, res, url);
  });
  await new Promise<void>((r) => o.server.listen(0, '127.0.0.1', r));
  o.port = (o.server.address() as AddressInfo).port;
  return o;
}

let a: Origin;
let b: Origin;
beforeAll(async () => {
  [a, b] = await Promise.all([origin(), origin()]);
});
afterAll(async () => {
  for (const o of [a, b]) await new Promise<void>((r) => o.server.close(() => r()));
});
beforeEach(() => {
  for (const o of [a, b]) {
    o.seen.length = 0;
    o.route = (_q, res) => json(res, 200, { repositories: ['from-elsewhere'] });
  }
});

const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: BerthError) => e);
const A = () => `127.0.0.1:${a.port}`;

describe('pages and redirects stay on the registry origin', () => {
  it('a next page on another port is refused, and that origin receives nothing', async () => {
    a.route = basicCatalog(['a'], `<http://127.0.0.1:${b.port}/v2/_catalog?last=a>; rel="next"`);
    const err = await failure(listRepositories(A(), { auth }));
    expect(err?.message).toMatch(/sent the next page to another address \(http:\/\/127\.0\.0\.1:\d+\)/);
    expect(b.seen).toEqual([]);
  });

  it('a next page on the same origin, relative or absolute, is followed with the sign-in', async () => {
    a.route = (req, res, url) => {
      const last = url.searchParams.get('last');
      if (last === null) return basicCatalog(['a'], `</v2/_catalog?last=a>; rel="next"`)(req, res, url);
      if (last === 'a') return basicCatalog(['b'], `<http://127.0.0.1:${a.port}/v2/_catalog?last=b>; rel="next"`)(req, res, url);
      basicCatalog(['c'])(req, res, url);
    };
    expect(await listRepositories(A(), { auth })).toEqual(['a', 'b', 'c']);
  });

  it('a redirect to another port or host name is refused, and neither receives anything', async () => {
    a.route = (req, res) => {
      if (req.headers.authorization !== BASIC) return json(res, 401, {}, { 'www-authenticate': 'Basic realm="test"' });
      res.writeHead(302, { location: `http://127.0.0.1:${b.port}/v2/_catalog` }).end();
    };
    expect((await failure(listRepositories(A(), { auth })))?.message).toMatch(/sent a redirect to another address/);
    a.route = (req, res) => {
      if (req.headers.authorization !== BASIC) return json(res, 401, {}, { 'www-authenticate': 'Basic realm="test"' });
      res.writeHead(307, { location: `http://localhost:${a.port}/v2/elsewhere` }).end();
    };
    expect((await failure(listRepositories(A(), { auth })))?.message).toMatch(/sent a redirect to another address \(http:\/\/localhost:\d+\)/);
    // An upgrade to https on the same host is another origin too (refused, nothing sent there), with the way out.
    a.route = (_q, res) => res.writeHead(301, { location: `https://127.0.0.1:${a.port}/v2/_catalog` }).end();
    expect((await failure(listRepositories(A(), { auth })))?.message).toMatch(/\(https:\/\/127\.0\.0\.1:\d+\).*It serves https: browse https:\/\/127\.0\.0\.1:\d+ rather than marking it insecure/);
    expect(b.seen).toEqual([]);
    expect(a.seen.filter((s) => s.startsWith('/v2/elsewhere'))).toEqual([]);
  });

  it('a redirect within the origin keeps the sign-in', async () => {
    a.route = (req, res, url) => {
      if (url.pathname === '/v2/_catalog') return res.writeHead(307, { location: '/v2/moved' }).end();
      basicCatalog(['moved'])(req, res, url);
    };
    expect(await listRepositories(A(), { auth })).toEqual(['moved']);
    expect(a.seen).toContain('/v2/moved Basic');
  });
});

describe('credentials over plain http', () => {
  const REG = () => `reg.example.test:${a.port}`;

  it('a remembered sign-in never goes over http to a host that is not loopback, even one marked insecure', async () => {
    a.route = basicCatalog(['private']);
    const err = await failure(listRepositories(REG(), { auth, insecure: true, remembered: true }));
    expect(err?.code).toBe('UNAUTHORIZED');
    expect(err?.message).toMatch(/does not send a remembered sign-in over plain http/);
    expect(a.seen.every((s) => s.endsWith(' -'))).toBe(true);
  });

  it('typed credentials go over http to the registry marked insecure, and remembered ones to loopback', async () => {
    a.route = basicCatalog(['private']);
    expect(await listRepositories(REG(), { auth, insecure: true })).toEqual(['private']);
    expect(await listRepositories(A(), { auth, remembered: true })).toEqual(['private']);
  });

  it('a token service on another plain-http host gets no credentials, typed or remembered', async () => {
    a.route = (_q, res) => json(res, 401, {}, { 'www-authenticate': `Bearer realm="http://auth.example.test:${b.port}/token",service="t"` });
    b.route = (_q, res) => json(res, 200, { token: 'tok' });
    for (const remembered of [false, true]) {
      const err = await failure(listRepositories(REG(), { auth, insecure: true, remembered }));
      expect(err?.code).toBe('UNAUTHORIZED');
    }
    expect(b.seen).toEqual([]);
  });

  it('the handler marks remembered credentials as such (the wiring from the store)', async () => {
    const store = openCredentialStore(join(mkdtempSync(join(tmpdir(), 'berth-reg-origin-')), 'credentials'), noSecretBox);
    await store.remember(REG(), auth, { acceptPlaintext: true });
    a.route = basicCatalog(['private']);
    const reg = createRegistryHandlers({ credentials: store } as unknown as CoreContext);
    const err = await failure(reg.repositories({ registry: REG(), insecure: true }));
    expect(err?.message).toMatch(/does not send a remembered sign-in over plain http/);
    expect(a.seen.every((s) => s.endsWith(' -'))).toBe(true);
    expect(await reg.repositories({ registry: REG(), insecure: true, auth })).toEqual(['private']);
  });
});

describe('mayCarryCredentials', () => {
  const registry = new URL('http://reg.example.test:5000');
  it('https anywhere, http to loopback, typed credentials to the insecure registry itself only', () => {
    expect(mayCarryCredentials(new URL('https://auth.example.test/token'), { registry, remembered: true })).toBe(true);
    expect(mayCarryCredentials(new URL('http://127.0.0.1:5000/v2/'), { registry, remembered: true })).toBe(true);
    expect(mayCarryCredentials(new URL('http://[::1]:5000/v2/'), { registry, remembered: true })).toBe(true);
    expect(mayCarryCredentials(new URL('http://reg.example.test:5000/v2/'), { registry, remembered: false })).toBe(true);
    expect(mayCarryCredentials(new URL('http://reg.example.test:5000/v2/'), { registry, remembered: true })).toBe(false);
    expect(mayCarryCredentials(new URL('http://reg.example.test:5001/v2/'), { registry, remembered: false })).toBe(false);
    expect(mayCarryCredentials(new URL('http://auth.example.test/token'), { registry, remembered: false })).toBe(false);
    expect(mayCarryCredentials(new URL('ftp://reg.example.test:5000/'), { registry, remembered: false })).toBe(false);
  });
});
