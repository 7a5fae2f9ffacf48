import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineConnection } from './connection.js';

/** An engine that answers /version slowly and holds /events open, counting both. */
function slowEngine(sock: string, delayMs: number) {
  const seen = { version: 0, events: 0 };
  const server = http.createServer((req, res) => {
    if (req.url?.includes('/version')) {
      seen.version++;
      setTimeout(() => res.end(JSON.stringify({ Version: '26.1.5', ApiVersion: '1.45' })), delayMs);
    } else if (req.url?.includes('/events')) {
      seen.events++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
    } else res.writeHead(404).end('{}');
  });
  return new Promise<{ seen: typeof seen; close: () => void }>((r) => server.listen(sock, () => r({ seen, close: () => server.close() })));
}

describe('the engine connection', () => {
  it('tries at once when asked, but never beside an attempt under way (one event stream)', async () => {
    const sock = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'berth-conn-')), 'engine.sock');
    const engine = await slowEngine(sock, 300);
    const conn = new EngineConnection({ kind: 'socket', label: 'Socket', address: sock });
    conn.start();
    await new Promise((r) => setTimeout(r, 50));
    conn.retryNow();
    conn.retryNow();
    await new Promise<void>((resolve) => {
      if (conn.getStatus().state === 'up') resolve();
      conn.onStatus((s) => s.state === 'up' && resolve());
    });
    conn.retryNow();
    expect(engine.seen).toEqual({ version: 1, events: 1 });
    conn.stop();
    engine.close();
  });
});
