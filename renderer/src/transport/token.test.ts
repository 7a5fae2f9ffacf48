// The window's side of the `berth serve` token: fragment -> sessionStorage, address bar cleaned, offered only as a subprotocol.
import { afterEach, describe, expect, it } from 'vitest';
import { currentToken, socketProtocols, TOKEN_KEY, TOKEN_PROTOCOL_PREFIX, takeTokenFromUrl, WS_PROTOCOL, type TokenPlace } from './token.js';

function place(hash: string, stored?: string): TokenPlace & { replaced: string[]; data: Map<string, string> } {
  const data = new Map<string, string>(stored ? [[TOKEN_KEY, stored]] : []);
  const replaced: string[] = [];
  const location = { hash, pathname: '/', search: '' };
  return {
    location,
    history: {
      state: null,
      replaceState: (_s: unknown, _t: string, url?: string | URL | null) => {
        replaced.push(String(url));
        location.hash = '';
      },
    },
    storage: { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) },
    replaced,
    data,
  };
}

describe('the berth serve token in the window', () => {
  afterEach(() => sessionStorage.clear());

  it('moves #token=… into sessionStorage and removes it from the address bar', () => {
    const p = place('#token=abcDEF_123-xyz');
    expect(currentToken(p)).toBe('abcDEF_123-xyz');
    expect(p.data.get(TOKEN_KEY)).toBe('abcDEF_123-xyz');
    expect(p.replaced).toEqual(['/']);
    expect(p.location.hash).toBe('');
  });

  it('after a reload (no fragment) uses the stored token; a new fragment replaces it', () => {
    expect(currentToken(place('', 'stored-token'))).toBe('stored-token');
    expect(currentToken(place('#/containers', 'stored-token'))).toBe('stored-token');
    const p = place('#token=newer', 'older');
    expect(currentToken(p)).toBe('newer');
    expect(p.data.get(TOKEN_KEY)).toBe('newer');
  });

  it('leaves routes and anything that is not a token alone', () => {
    for (const hash of ['', '#/images', '#token=', '#token=a b', '#token=x&y=1', '#/containers?token=x']) {
      const p = place(hash);
      expect(takeTokenFromUrl(p)).toBeUndefined();
      expect(p.replaced).toEqual([]);
    }
  });

  it('offers the token only as a subprotocol next to berth.v1', () => {
    expect(socketProtocols('tok')).toEqual([WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}tok`]);
    expect(socketProtocols(undefined)).toEqual([WS_PROTOCOL]);
  });

  it('works on the real jsdom window: history rewritten, sessionStorage set', async () => {
    window.history.replaceState(null, '', '/#token=jsdom-token');
    const { browserPlace } = await import('./token.js');
    expect(currentToken(browserPlace())).toBe('jsdom-token');
    expect(window.location.href).not.toContain('jsdom-token');
    expect(window.sessionStorage.getItem(TOKEN_KEY)).toBe('jsdom-token');
  });
});
