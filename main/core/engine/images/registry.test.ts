// Unit tests: registry addresses, challenges, Link pagination, and a bearer-token registry served on loopback.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BerthError } from '../../../../app/errors.js';
import { listRepositories, listTags, nextLink, parseChallenge, registryTarget } from './registry.js';

describe('registryTarget', () => {
  it('uses http on loopback or when insecure, https otherwise, and the Hub host for docker.io', () => {
    expect(registryTarget('127.0.0.1:5000').base).toBe('http://127.0.0.1:5000');
    expect(registryTarget('localhost:5000').base).toBe('http://localhost:5000');
    expect(registryTarget('[::1]:5000').base).toBe('http://[::1]:5000');
    expect(registryTarget('registry.example.com').base).toBe('https://registry.example.com');
    expect(registryTarget('registry.example.com:5000', true).base).toBe('http://registry.example.com:5000');
    expect(registryTarget('https://127.0.0.1:5000/').base).toBe('https://127.0.0.1:5000');
    expect(registryTarget('docker.io')).toMatchObject({ base: 'https://registry-1.docker.io', hub: true });
    expect(() => registryTarget('example.com/some/path')).toThrow(/only the registry host/);
  });
});

describe('parseChallenge / nextLink', () => {
  it('reads bearer parameters, quoted or not', () => {
    expect(parseChallenge('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:a/b:pull' },
    });
    expect(parseChallenge('Basic realm=reg').params.realm).toBe('reg');
  });
  it('finds rel="next"', () => {
    expect(nextLink('</v2/_catalog?last=b&n=2>; rel="next"')).toBe('/v2/_catalog?last=b&n=2');
    expect(nextLink('<https://x/p?a=1>; rel="prev", <https://x/p?a=2>; rel="next"')).toBe('https://x/p?a=2');
    expect(nextLink(null)).toBeUndefined();
  });
});

/** A tiny v2 registry with a token service: user "u" / password "p"; repositories a, b, c served two per page. */
let server: Server;
let addr = '';
const seen: string[] = [];
beforeAll(async () => {
  const repos = ['c', 'a', 'b'];
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push(`${req.method} ${url.pathname} ${req.headers.authorization ? req.headers.authorization.split(' ')[0] : '-'}`);
    const json = (code: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(code, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/token') {
      if (req.headers.authorization !== `Basic ${Buffer.from('u:p').toString('base64')}`) return json(401, {});
      return json(200, { token: `tok-${url.searchParams.get('scope') ?? ''}` });
    }
    const scope = url.pathname === '/v2/_catalog' ? 'registry:catalog:*' : `repository:${url.pathname.split('/').slice(2, -2).join('/')}:pull`;
    if (req.headers.authorization !== `Bearer tok-${scope}`) {
      return json(401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'www-authenticate': `Bearer realm="http://${addr}/token",service="test",scope="${scope}"` });
    }
    if (url.pathname === '/v2/_catalog') {
      const sorted = [...repos].sort();
      const last = url.searchParams.get('last');
      const start = last ? sorted.indexOf(last) + 1 : 0;
      const page = sorted.slice(start, start + 2);
      const more = start + 2 < sorted.length;
      return json(200, { repositories: page }, more ? { link: `</v2/_catalog?last=${page.at(-1) ?? ''}&n=2>; rel="next"` } : {});
    }
    if (url.pathname === '/v2/team/app/tags/list') return json(200, { name: 'team/app', tags: ['v2', 'v1'] });
    if (url.pathname === '/v2/empty/tags/list') return json(200, { name: 'empty', tags: null });
    return json(404, { errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  addr = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: BerthError) => e.code);

describe('browsing a bearer-token registry', () => {
  it('signs in through the challenge and follows pagination', async () => {
    seen.length = 0;
    expect(await listRepositories(addr, { auth: { username: 'u', password: 'p' } })).toEqual(['a', 'b', 'c']);
    expect(seen.filter((s) => s.includes('/token'))).toHaveLength(1); // the token is reused for the next page
  });

  it('lists tags, sorted; null tags are an empty list', async () => {
    expect(await listTags(addr, 'team/app', { auth: { username: 'u', password: 'p' } })).toEqual(['v1', 'v2']);
    expect(await listTags(addr, 'empty', { auth: { username: 'u', password: 'p' } })).toEqual([]);
  });

  it('gives UNAUTHORIZED for wrong or missing credentials, NOT_FOUND for a missing repository or nothing listening', async () => {
    expect(await code(listRepositories(addr, { auth: { username: 'u', password: 'wrong' } }))).toBe('UNAUTHORIZED');
    expect(await code(listRepositories(addr))).toBe('UNAUTHORIZED');
    expect(await code(listTags(addr, 'nope', { auth: { username: 'u', password: 'p' } }))).toBe('NOT_FOUND');
    expect(await code(listRepositories('127.0.0.1:1'))).toBe('NOT_FOUND');
    expect(await code(listTags(addr, '../etc'))).toBe('INVALID_INPUT');
    expect(await code(listRepositories('docker.io'))).toBe('UNSUPPORTED');
  });
});
