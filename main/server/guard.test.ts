// M1 (issue 13): the last-resort guards answer 400 (or close) and log what failed without the request's secrets.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLogSecret, configureLogging } from '../core/log.js';
import { guardRequest, guardUpgrade } from './guard.js';
import { rawExchange } from './testing.js';

const SECRET = 'guard-secret-token-0123456789abcdef';

describe('last-resort guards', () => {
  const logFile = join(mkdtempSync(join(tmpdir(), 'berth-guard-')), 'serve.log');
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    configureLogging({ level: 'error', file: logFile });
    addLogSecret(SECRET);
    server = createServer(
      guardRequest((req) => {
        throw new Error(`cannot read ${req.headers.cookie ?? ''}`);
      }),
    );
    server.on(
      'upgrade',
      guardUpgrade((req) => {
        throw new URIError(`URI malformed: ${String(req.headers['sec-websocket-protocol'])}`);
      }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    configureLogging({ file: '' });
    await new Promise((r) => server.close(r));
  });

  it('answers a request whose handler throws with 400, keeps serving, and logs without the secret', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await rawExchange(port, `GET / HTTP/1.1\r\nHost: x\r\nCookie: berth_token=${SECRET}\r\nConnection: close\r\n\r\n`);
      expect(res).toMatch(/^HTTP\/1\.1 400 /);
    }
    const up = await rawExchange(port, `GET /api HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Protocol: berth.token.${SECRET}\r\n\r\n`);
    expect(up).toMatch(/^HTTP\/1\.1 400 /);
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('failed and was answered 400 (Error: cannot read');
    expect(log).toContain('was refused (URIError');
    expect(log).not.toContain(SECRET);
  });
});
