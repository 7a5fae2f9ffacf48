// H1 (issue 13): the `berth serve` token is no ambient credential: no cookie, static files without it, /api only with it as a subprotocol.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_PROTOCOL_PREFIX, tokenMatches, WS_PROTOCOL } from './auth.js';
import { startServer, WS_PATH, type RunningServer } from './server.js';
import { connectClient, socketProtocols } from './testClient.js';
import { fakeCore, rawExchange, staticFolder } from './testing.js';

const TOKEN = 'h1-test-token-abcdefghijklmnopqrstuvwxyz';

function upgrade(port: number, extra: string[] = [], path = WS_PATH): string {
  return [`GET ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', ...extra, '', ''].join('\r\n');
}

function get(port: number, path: string, extra: string[] = []): Promise<string> {
  return rawExchange(port, [`GET ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: close', ...extra, '', ''].join('\r\n'));
}

/** What a `ws` client sees: the handshake status, and every message that arrived before it closed. */
function attempt(url: string, protocols: string[]): Promise<{ status: number; messages: string[] }> {
  return new Promise((resolve) => {
    const messages: string[] = [];
    const ws = new WebSocket(url, protocols);
    ws.on('message', (d) => messages.push(d.toString()));
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, messages });
      ws.terminate();
    });
    ws.on('open', () => setTimeout(() => (ws.close(), resolve({ status: 101, messages })), 200));
    ws.on('error', () => resolve({ status: -1, messages }));
  });
}

describe('berth serve authentication', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ core: fakeCore().core, staticDir: staticFolder(), token: TOKEN });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('prints the token in the URL fragment, which browsers never send to a server', () => {
    expect(server.openUrl).toBe(`${server.url}#token=${TOKEN}`);
    expect(new URL(server.openUrl).search).toBe('');
  });

  it('serves the page and its scripts without the token (Host check and CSP kept), and sets no cookie on any answer', async () => {
    for (const path of ['/', '/app.js', '/index.html', '/containers', `/index.html?token=${TOKEN}`, `/?token=${TOKEN}`, '/?token=wrong', '/healthz']) {
      const res = await get(server.port, path, [`Cookie: berth_token=${TOKEN}`]);
      expect(res, path).toMatch(/^HTTP\/1\.1 (200|302|401) /);
      expect(res.toLowerCase(), path).not.toContain('set-cookie');
    }
    const page = await get(server.port, '/');
    expect(page).toMatch(/^HTTP\/1\.1 200 /);
    expect(page).toContain("script-src 'self'");
    expect(await get(server.port, '/app.js')).toMatch(/^HTTP\/1\.1 200 /);
    const foreign = await rawExchange(server.port, 'GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n');
    expect(foreign).toMatch(/^HTTP\/1\.1 403 /);
  });

  it('keeps `?token=` only as a redirect from / to /#token=… that sets nothing; elsewhere it is ignored', async () => {
    const ok = await get(server.port, `/?token=${TOKEN}`);
    expect(ok).toMatch(/^HTTP\/1\.1 302 /);
    expect(ok).toContain(`Location: /#token=${TOKEN}\r\n`);
    expect(await get(server.port, '/?token=wrong')).toMatch(/^HTTP\/1\.1 401 /);
    const elsewhere = await get(server.port, `/index.html?token=${TOKEN}`);
    expect(elsewhere).toMatch(/^HTTP\/1\.1 200 /);
    expect(elsewhere).not.toContain('Location:');
  });

  it('refuses a WebSocket without the token before the handshake: no socket, no contract message', async () => {
    const base = `ws://127.0.0.1:${server.port}${WS_PATH}`;
    for (const protocols of [[], [WS_PROTOCOL], [WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}wrong`], [WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${TOKEN}x`], [WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${TOKEN.slice(1)}`]]) {
      expect(await attempt(base, protocols)).toEqual({ status: 401, messages: [] });
    }
    // The old ways: the token in the query string, or as the cookie.
    expect(await attempt(`${base}?token=${TOKEN}`, [WS_PROTOCOL])).toEqual({ status: 401, messages: [] });
    for (const extra of [[`Cookie: berth_token=${TOKEN}`], [], [`Sec-WebSocket-Protocol: ${WS_PROTOCOL}, ${TOKEN_PROTOCOL_PREFIX}nope`]]) {
      const raw = await rawExchange(server.port, upgrade(server.port, extra));
      expect(raw).toMatch(/^HTTP\/1\.1 401 /);
      expect(raw).not.toContain('"t"');
    }
  });

  it('opens /api with the token as a subprotocol, answers with berth.v1 only (never echoing the token), then serves the contract', async () => {
    const raw = await rawExchange(server.port, upgrade(server.port, [`Sec-WebSocket-Protocol: ${WS_PROTOCOL}, ${TOKEN_PROTOCOL_PREFIX}${TOKEN}`]));
    expect(raw).toMatch(/^HTTP\/1\.1 101 /);
    expect(raw).toContain(`Sec-WebSocket-Protocol: ${WS_PROTOCOL}\r\n`);
    expect(raw).not.toContain(TOKEN);
    expect(await attempt(`ws://127.0.0.1:${server.port}${WS_PATH}`, socketProtocols(TOKEN))).toMatchObject({ status: 101, messages: ['{"t":"hello","version":"1"}'] });
    const { client, transport, opened } = connectClient(server.openUrl, TOKEN);
    await opened;
    expect((await client.engine.status()).state).toBe('up');
    transport.close();
  });

  it('compares tokens in constant time, whatever their length', () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    for (const wrong of [undefined, null, '', TOKEN.slice(1), `${TOKEN}x`, TOKEN.toUpperCase()]) expect(tokenMatches(TOKEN, wrong)).toBe(false);
  });
});
