// Trust checks: origins compared by parsed parts, top frames only, a dev server only on loopback.
import { describe, expect, it } from 'vitest';
import { appTrust, isAppUrl, isTrustedFrame, originOf } from './security.js';
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
