// Trust checks: origins compared by parsed parts, top frames only, a dev server only on loopback; the CSP in dev and packaged runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP, DEV_REFRESH_PREAMBLE, appTrust, buildCsp, isAppUrl, isTrustedFrame, originOf, scriptHash } from './security.js';
import { subFrame, topFrame } from './testing/fake-ipc.js';

describe('app trust', () => {
  const t = appTrust();
  it('parses origins, including custom schemes (whose URL.origin is "null")', () => {
    expect(originOf('berth://app/index.html#/x')).toBe('berth://app');
    expect(originOf('HTTP://LocalHost:5173/a')).toBe('http://localhost:5173');
    expect(originOf('about:blank')).toBeUndefined();
    expect(originOf('::')).toBeUndefined();
  });

  it('trusts only our page, by parsed origin', () => {
    expect(isAppUrl('berth://app/index.html', t)).toBe(true);
    expect(isAppUrl('berth://app.evil/index.html', t)).toBe(false);
    expect(isAppUrl('berth://evil@app/', t)).toBe(true);
    expect(isAppUrl('https://app/', t)).toBe(false);
    expect(isAppUrl('file:///app/index.html', t)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', t)).toBe(false);
  });

  it('trusts top frames of our page only', () => {
    expect(isTrustedFrame(topFrame('berth://app/index.html'), t)).toBe(true);
    expect(isTrustedFrame(subFrame('berth://app/index.html'), t)).toBe(false);
    expect(isTrustedFrame(topFrame('https://evil.example/'), t)).toBe(false);
    expect(isTrustedFrame(null, t)).toBe(false);
  });

  it('adds a dev server origin only when it is loopback http(s)', () => {
    expect(isAppUrl('http://127.0.0.1:5173/', appTrust('http://127.0.0.1:5173/'))).toBe(true);
    expect(isAppUrl('http://127.0.0.1:5174/', appTrust('http://127.0.0.1:5173/'))).toBe(false);
    expect(() => appTrust('http://example.com:5173/')).toThrow(/loopback/);
    expect(() => appTrust('file:///tmp/index.html')).toThrow(/loopback/);
  });
});

describe('content security policy (issue 13, D2)', () => {
  const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k as string, v]));
  const devUrl = 'http://127.0.0.1:5173/';

  it('packaged: our scripts only, no inline script, no hash, no socket', () => {
    expect(buildCsp()).toBe(CSP);
    expect(buildCsp({ devUrl: undefined })).toBe(CSP);
    const d = directives(CSP);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('connect-src')).toEqual(["'self'"]);
    expect(CSP).not.toMatch(/sha256|nonce|unsafe-eval|ws:/);
  });

  it("dev: adds exactly the refresh preamble's hash and the dev server's socket, nothing else", () => {
    const dev = directives(buildCsp({ devUrl }));
    expect(dev.get('script-src')).toEqual(["'self'", scriptHash(DEV_REFRESH_PREAMBLE)]);
    expect(dev.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:5173']);
    expect(dev.get('script-src')?.join(' ')).not.toMatch(/unsafe/);
    // Every other directive is the packaged one.
    const packaged = directives(CSP);
    for (const [k, v] of packaged) if (k !== 'script-src' && k !== 'connect-src') expect(dev.get(k), k).toEqual(v);
    expect(directives(buildCsp({ devUrl: 'https://localhost:5173/' })).get('connect-src')).toEqual(["'self'", 'wss://localhost:5173']);
  });

  it("dev: every inline script the real Vite dev server puts in index.html is allowed by the dev policy's hashes", async () => {
    const { createServer } = await import('vite');
    const server = await createServer({ configFile: join(process.cwd(), 'renderer', 'vite.config.ts'), logLevel: 'silent', server: { middlewareMode: true, ws: false } });
    let html: string;
    try {
      html = await server.transformIndexHtml('/index.html', readFileSync(join(process.cwd(), 'renderer', 'index.html'), 'utf8'));
    } finally {
      await server.close();
    }
    const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => !/\ssrc=/.test(m[1] ?? '')).map((m) => m[2] ?? '');
    // The preamble is there (that is what the packaged policy blocked: a blank window).
    expect(inline).toContain(DEV_REFRESH_PREAMBLE);
    const allowed = directives(buildCsp({ devUrl })).get('script-src') ?? [];
    for (const text of inline) expect(allowed, text).toContain(scriptHash(text));
    expect(directives(CSP).get('script-src')).not.toContain(scriptHash(DEV_REFRESH_PREAMBLE));
  });
});
