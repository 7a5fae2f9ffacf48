// M4 (issue 13): no wildcard binds; a non-loopback address only with TLS; the error names `ssh -L` as the remote path.
import { describe, expect, it } from 'vitest';
import { allowedHostNames, checkBind, isLoopback, isWildcard, normalizeHost } from './bind.js';
import { startServer } from './server.js';
import { fakeCore, staticFolder } from './testing.js';

const WILDCARDS = ['0.0.0.0', '::', '[::]', '', ' ', '0', '0:0:0:0:0:0:0:0', '::0', '[0::0]', '::ffff:0.0.0.0', '0.0.0.0.', '*'];

describe('where berth serve may listen', () => {
  it('knows wildcards and loopback in all their spellings', () => {
    for (const w of WILDCARDS) expect(isWildcard(w), JSON.stringify(w)).toBe(true);
    for (const l of ['127.0.0.1', '127.1', '127.8.9.10', '::1', '[::1]', 'localhost', 'LocalHost', '::ffff:127.0.0.1', '0x7f000001']) {
      expect(isLoopback(l), l).toBe(true);
      expect(isWildcard(l), l).toBe(false);
    }
    for (const r of ['192.0.2.2', '10.0.0.1', 'fd00::2', 'example.com', '128.0.0.1', '::2']) expect(isLoopback(r), r).toBe(false);
    expect(normalizeHost('[0:0::1]')).toBe('::1');
  });

  it('refuses a wildcard whatever else is given, and says that ssh -L is the remote path', () => {
    for (const w of WILDCARDS) {
      for (const tls of [false, true]) {
        expect(() => checkBind(w, { tls, port: 8600 }), JSON.stringify(w)).toThrow(/every network interface.*ssh -L 8600:127\.0\.0\.1:8600/);
      }
    }
  });

  it('refuses a concrete non-loopback address without TLS, naming --tls-cert/--tls-key and ssh -L; accepts it with TLS', () => {
    for (const h of ['192.0.2.2', 'fd00::2', 'build-box.example']) {
      expect(() => checkBind(h, { tls: false })).toThrow(/in clear.*--tls-cert FILE --tls-key FILE.*ssh -L/);
      expect(checkBind(h, { tls: true })).toBe(h);
    }
    expect(checkBind('127.0.0.1', { tls: false })).toBe('127.0.0.1');
    expect(checkBind('[::1]', { tls: false })).toBe('::1');
  });

  it('lets only this server’s own names through the Host check', () => {
    expect(allowedHostNames('127.0.0.1', 80)).toEqual(new Set(['127.0.0.1:80', 'localhost:80', '[::1]:80']));
    expect(allowedHostNames('fd00::2', 443)).toEqual(new Set(['[fd00::2]:443', 'fd00::2:443']));
    expect(allowedHostNames('192.0.2.2', 443)).toEqual(new Set(['192.0.2.2:443']));
  });

  it('startServer itself refuses a wildcard and a clear-text non-loopback host before listening', async () => {
    const core = fakeCore().core;
    const staticDir = staticFolder();
    await expect(startServer({ core, staticDir, host: '0.0.0.0' })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'host' });
    await expect(startServer({ core, staticDir, host: '::' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(startServer({ core, staticDir, host: '192.0.2.2' })).rejects.toThrow(/ssh -L/);
  });
});
