// berth:// serves only the renderer folder, with security headers; traversal, other hosts and other methods are refused.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppHandler, registerAppScheme } from './protocol.js';
import { CSP } from './security.js';

function site() {
  const root = mkdtempSync(join(tmpdir(), 'berth-renderer-'));
  mkdirSync(join(root, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(root, 'dist', 'index.html'), '<!doctype html><title>Berth</title>');
  writeFileSync(join(root, 'dist', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'outside');
  symlinkSync(join(root, 'secret.txt'), join(root, 'dist', 'assets', 'link.js'));
  return createAppHandler(join(root, 'dist'));
}

const get = (h: ReturnType<typeof createAppHandler>, url: string, method = 'GET') => h(new Request(url, { method }));

describe('berth:// app protocol', () => {
  it('registers berth as a standard, secure scheme that does not bypass CSP', () => {
    let seen: unknown;
    registerAppScheme({ registerSchemesAsPrivileged: (s) => (seen = s) });
    expect(seen).toEqual([expect.objectContaining({ scheme: 'berth', privileges: expect.objectContaining({ standard: true, secure: true, bypassCSP: false, corsEnabled: false }) })]);
  });

  it('serves files with their type and the security headers', async () => {
    const h = site();
    const r = await get(h, 'berth://app/assets/app.js');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/javascript/);
    expect(r.headers.get('content-security-policy')).toBe(CSP);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await r.text()).toBe('console.log(1)');
  });

  it('falls back to index.html for routes, but not for missing assets', async () => {
    const h = site();
    expect(await (await get(h, 'berth://app/containers/abc')).text()).toContain('<title>Berth</title>');
    expect((await get(h, 'berth://app/assets/missing.js')).status).toBe(404);
  });

  it('never serves outside its folder', async () => {
    const h = site();
    for (const p of ['/assets/link.js', '/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%00']) {
      const r = await get(h, `berth://app${p}`);
      expect(await r.text(), p).not.toContain('outside');
    }
  });

  it('answers only host "app", and only GET/HEAD', async () => {
    const h = site();
    expect((await get(h, 'berth://other/index.html')).status).toBe(404);
    expect((await get(h, 'berth://app/index.html', 'POST')).status).toBe(405);
    const head = await get(h, 'berth://app/index.html', 'HEAD');
    expect(head.status).toBe(200);
  });
});
