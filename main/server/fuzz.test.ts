// No request may crash `berth serve`: hostile and random Cookie, Host, Origin, Sec-WebSocket-Protocol and URLs, on a real server.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './server.js';
import { fakeCore, rawExchange, staticFolder } from './testing.js';

const TOKEN = 'fuzz-token-0123456789abcdefABCDEF';

/** Header values: the valid one, known troublemakers, characters HTTP and URL parsers treat specially, anything at all. */
function headerValue(valid: string): fc.Arbitrary<string> {
  const special = fc.string({ unit: fc.constantFrom(...'%=;,: "\'\\[]/#?@&+.\t\0\x7féÿ€\u2028'.split(''), 'berth_token', 'token', TOKEN), maxLength: 30 });
  return fc.oneof(
    fc.constant(valid),
    fc.constantFrom('berth_token=%', 'berth_token=%E0%A4%A', `berth_token=${TOKEN}%`, `berth_token=${TOKEN}; berth_token=%zz`, '%', '[::1', '127.0.0.1:', 'http://[', 'null', '', ' ', `berth.token.${TOKEN}`, `berth.v1, berth.token.${TOKEN}`, `berth.token.%${TOKEN}`),
    special,
    special.map((s) => valid + s),
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.string({ unit: 'binary-ascii', maxLength: 80 }),
  );
}

const urlArb = fc.oneof(
  fc.constantFrom('/', '/api', `/?token=${TOKEN}`, '/?token=%', '/%', '/%E0%A4%A', '/..%2f..%2fetc/passwd', '//x', '/api?token=%', '*', 'http://evil/', '/\0'),
  fc.string({ unit: fc.constantFrom(...'/%?#&=.;[]:@ae0\\'.split(''), 'token', 'api', TOKEN), maxLength: 40 }).map((s) => `/${s}`),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }),
);

interface Shape {
  url: string;
  host: string | null;
  cookie: string | null;
  origin: string | null;
  protocol: string | null;
  upgrade: boolean;
}

function request(s: Shape): Buffer {
  const lines = [`GET ${s.url} HTTP/1.1`];
  if (s.host !== null) lines.push(`Host: ${s.host}`);
  if (s.cookie !== null) lines.push(`Cookie: ${s.cookie}`);
  if (s.origin !== null) lines.push(`Origin: ${s.origin}`);
  if (s.upgrade) lines.push('Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==');
  else lines.push('Connection: close');
  if (s.protocol !== null) lines.push(`Sec-WebSocket-Protocol: ${s.protocol}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8');
}

describe('berth serve under hostile headers', () => {
  let server: RunningServer;
  const crashes: unknown[] = [];
  const onCrash = (e: unknown) => crashes.push(e);

  beforeAll(async () => {
    process.on('uncaughtException', onCrash);
    server = await startServer({ core: fakeCore().core, staticDir: staticFolder(), token: TOKEN, rateLimit: 100_000 });
  });
  afterAll(async () => {
    process.off('uncaughtException', onCrash);
    await server?.close();
  });

  const alive = async () => {
    const res = await rawExchange(server.port, `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`);
    return res.startsWith('HTTP/1.1 200');
  };

  it('answers `Cookie: berth_token=%` (malformed percent-encoding) instead of exiting', async () => {
    for (const upgrade of [false, true]) {
      const res = await rawExchange(server.port, request({ url: upgrade ? '/api' : '/', host: `127.0.0.1:${server.port}`, cookie: 'berth_token=%', origin: null, protocol: null, upgrade }));
      expect(res).toMatch(/^HTTP\/1\.1 \d{3} /);
    }
    expect(crashes).toEqual([]);
    expect(await alive()).toBe(true);
  });

  it('survives random Cookie, Host, Origin, Sec-WebSocket-Protocol and URLs, page requests and upgrades alike', async () => {
    const good = () => `127.0.0.1:${server.port}`;
    const shape: fc.Arbitrary<Shape> = fc.record({
      url: urlArb,
      host: fc.option(headerValue(good())),
      cookie: fc.option(headerValue(`berth_token=${TOKEN}`)),
      origin: fc.option(headerValue(`http://${good()}`)),
      protocol: fc.option(headerValue(`berth.v1, berth.token.${TOKEN}`)),
      upgrade: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(shape, async (s) => {
        const before = crashes.length;
        const res = await rawExchange(server.port, request(s), 500);
        // Whatever came in, the answer is an HTTP response or a closed connection, and nothing escaped.
        expect(res === '' || /^HTTP\/1\.1 \d{3} /.test(res)).toBe(true);
        expect(crashes.slice(before)).toEqual([]);
      }),
      { numRuns: 400 },
    );
    expect(crashes).toEqual([]);
    expect(await alive()).toBe(true);
  });
});
