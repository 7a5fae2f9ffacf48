// For the server's unit tests: a core stand-in (no engine), a static folder, and raw HTTP exchanges on a socket.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, type Core } from '../core/api.js';
import { EventBus } from '../core/bus.js';

export interface FakeCore {
  core: Core;
  /** Requests to `engine.info` wait until this is called (for in-flight limits). */
  releaseInfo(): void;
}

/** A core whose `engine.status` answers at once and whose `engine.info` waits until released. */
export function fakeCore(): FakeCore {
  let waiting: (() => void)[] = [];
  const handlers = {
    engine: {
      status: async () => ({ state: 'up', endpoint: { kind: 'socket', label: 'test', address: '/nowhere' } }),
      info: () => new Promise((resolve) => waiting.push(() => resolve({}))),
    },
  };
  const core = { handlers, bus: new EventBus(api) } as unknown as Core;
  return {
    core,
    releaseInfo() {
      const w = waiting;
      waiting = [];
      for (const r of w) r();
    },
  };
}

/** A folder with an index.html and a script, standing in for dist/renderer. */
export function staticFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-static-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Berth</title><script src="/app.js"></script>');
  writeFileSync(join(dir, 'app.js'), 'console.log("berth")');
  return dir;
}

/**
 * Sends `raw` bytes to 127.0.0.1:port and resolves with what the server wrote back: once it closed the connection,
 * shortly after the end of a response's headers, or after `waitMs` (then the client closes it).
 */
export function rawExchange(port: number, raw: Buffer | string, waitMs = 1000): Promise<string> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      sock.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(done, waitMs);
    sock.on('data', (d: Buffer) => {
      chunks.push(d);
      if (Buffer.concat(chunks).includes('\r\n\r\n')) setTimeout(done, 20);
    });
    sock.on('error', done);
    sock.on('close', done);
    sock.write(raw);
  });
}
