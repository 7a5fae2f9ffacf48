// The lows of issue 13 for `berth serve`: token strength, a connection cap (1013), dead sockets closed by ping, an in-flight cap.
import WebSocket, { type ClientOptions } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { checkToken, newToken } from './auth.js';
import { startServer, WS_PATH, type RunningServer } from './server.js';
import { requestId, SOCKET_DEFAULTS } from './socket.js';
import { socketProtocols } from './testClient.js';
import { fakeCore, staticFolder } from './testing.js';

interface Opened {
  ws: WebSocket;
  messages: { t: string; id?: number; ok?: boolean; err?: { code: string; message: string } }[];
  closed: Promise<number>;
}

function open(server: RunningServer, opts: ClientOptions = {}): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${WS_PATH}`, socketProtocols(server.token), opts);
    const messages: Opened['messages'] = [];
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.on('message', (d) => messages.push(JSON.parse(d.toString()) as Opened['messages'][number]));
    ws.on('open', () => resolve({ ws, messages, closed }));
    ws.on('error', reject);
  });
}

const until = async (ok: () => boolean, ms = 10_000) => {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('berth serve limits', () => {
  let server: RunningServer | undefined;
  const sockets: WebSocket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.terminate();
    await server?.close();
    server = undefined;
  });

  it('accepts only tokens of at least 128 bits in the URL-safe alphabet', async () => {
    for (const good of [newToken(), 'a1b2c3d4e5f60718293a4b5c6d7e8f90', 'Zx_9-kLmN0pQrStUvWxY12']) expect(() => checkToken(good), good).not.toThrow();
    for (const [bad, why] of [
      ['', /empty/],
      ['short', /too short/],
      ['a1b2c3d4e5f60718293a4b5c6d7e8f9', /32 hex digits/],
      ['Zx_9-kLmN0pQrStUvWxY1', /22 base64url/],
      ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', /does not look random/],
      ['with space and more than enough characters', /letters, digits/],
      ['percent%25encoded-token-of-decent-length', /letters, digits/],
    ] as const) {
      expect(() => checkToken(bad), bad).toThrow(why);
    }
    await expect(startServer({ core: fakeCore().core, staticDir: staticFolder(), token: 'hunter2' })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'token' });
  });

  it('closes connections over the cap with 1013 and no contract message; a freed slot takes a new one', async () => {
    expect(SOCKET_DEFAULTS.maxConnections).toBe(64);
    server = await startServer({ core: fakeCore().core, staticDir: staticFolder(), maxConnections: 3 });
    const first = await Promise.all([open(server), open(server), open(server)]);
    sockets.push(...first.map((o) => o.ws));
    await until(() => first.every((o) => o.messages.some((m) => m.t === 'hello')));
    const over = await open(server);
    sockets.push(over.ws);
    expect(await over.closed).toBe(1013);
    expect(over.messages).toEqual([]);
    expect(server.clients()).toBe(3);
    first[0]?.ws.close();
    await first[0]?.closed;
    await until(() => server?.clients() === 2);
    const again = await open(server);
    sockets.push(again.ws);
    await until(() => again.messages.some((m) => m.t === 'hello'));
    expect(server.clients()).toBe(3);
  });

  it('closes a socket that stops answering pings, and keeps one that answers', async () => {
    expect(SOCKET_DEFAULTS.pingIntervalMs).toBe(30_000);
    server = await startServer({ core: fakeCore().core, staticDir: staticFolder(), pingIntervalMs: 100 });
    const dead = await open(server, { autoPong: false });
    const live = await open(server);
    sockets.push(dead.ws, live.ws);
    const t0 = Date.now();
    expect(await dead.closed).toBe(1006);
    // Closed after a couple of 100 ms pings, not the default 30 s (a margin for a loaded machine).
    expect(Date.now() - t0).toBeLessThan(10_000);
    await new Promise((r) => setTimeout(r, 400));
    expect(live.ws.readyState).toBe(WebSocket.OPEN);
    expect(server.clients()).toBe(1);
  });

  it('answers requests over the in-flight cap with an error at once, and serves again once answers went out', async () => {
    expect(SOCKET_DEFAULTS.maxInFlight).toBe(256);
    const fake = fakeCore();
    server = await startServer({ core: fake.core, staticDir: staticFolder() });
    const c = await open(server);
    sockets.push(c.ws);
    // engine.info waits until released: 300 of them, then 300 more reusing one id (a reused id must not slip past).
    for (let i = 1; i <= 300; i++) c.ws.send(JSON.stringify({ t: 'req', id: i, ch: 'engine.info' }));
    for (let i = 0; i < 300; i++) c.ws.send(JSON.stringify({ t: 'req', id: 1000, ch: 'engine.info' }));
    await until(() => c.messages.filter((m) => m.t === 'res').length >= 344);
    const refused = c.messages.filter((m) => m.t === 'res' && !m.ok);
    expect(refused).toHaveLength(344);
    expect(refused.every((m) => m.err?.code === 'CONFLICT' && /limit 256/.test(m.err.message))).toBe(true);
    expect(refused.filter((m) => m.id !== 1000).map((m) => m.id)).toEqual(Array.from({ length: 44 }, (_, i) => 257 + i));
    fake.releaseInfo();
    await until(() => c.messages.filter((m) => m.t === 'res' && m.ok).length === 256);
    c.ws.send(JSON.stringify({ t: 'req', id: 5000, ch: 'engine.status' }));
    await until(() => c.messages.some((m) => m.id === 5000 && m.ok));
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('spots every request, however it is spelled, and spares other messages a second parse', () => {
    expect(requestId('{"t":"req","id":7,"ch":"engine.status"}')).toBe(7);
    expect(requestId('{"id":8,"t":"req"}')).toBe(8);
    expect(requestId('{"\\u0074":"r\\u0065q","id":9}')).toBe(9);
    expect(requestId('{"t":"ack","sid":1,"n":1}')).toBeUndefined();
    expect(requestId('{"t":"req","id":"1"}')).toBeUndefined();
    expect(requestId('req, not json')).toBeUndefined();
  });
});
