// Engine readiness: `GET /_ping` through a stream into the guest must answer 200 OK (an open port is not readiness).
import type { Duplex } from 'node:stream';
import { BerthError } from '../../../app/errors.js';

/** One ping over a fresh stream; resolves true on `200 OK`, false on anything else. */
export function pingOnce(open: () => Promise<Duplex>, timeoutMs = 5000): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    let stream: Duplex | undefined;
    const done = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stream?.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    open().then(
      (s) => {
        stream = s;
        if (settled) {
          s.destroy();
          return;
        }
        let buf = '';
        s.on('data', (d: Buffer) => {
          buf += d.toString('latin1');
          const eoh = buf.indexOf('\r\n\r\n');
          if (eoh >= 0) done(/^HTTP\/1\.[01] 200 /.test(buf) && buf.slice(eoh + 4).startsWith('OK'));
          if (buf.length > 65536) done(false);
        });
        s.on('error', () => done(false));
        const atEnd = (): void => done(/^HTTP\/1\.[01] 200 /.test(buf) && buf.includes('\r\n\r\nOK'));
        s.on('end', atEnd);
        s.on('close', atEnd);
        s.write('GET /_ping HTTP/1.1\r\nHost: docker\r\nUser-Agent: berth\r\nConnection: close\r\n\r\n');
      },
      () => done(false),
    );
  });
}

/** Pings every `intervalMs` until the engine answers or `deadlineMs` (epoch ms) passes. */
export async function waitForEngine(open: () => Promise<Duplex>, deadlineMs: number, opts: { intervalMs?: number; shouldStop?: () => boolean } = {}): Promise<void> {
  const interval = opts.intervalMs ?? 250;
  while (Date.now() < deadlineMs) {
    if (opts.shouldStop?.()) throw new BerthError('CANCELLED', 'Start-up was cancelled.');
    if (await pingOnce(open, Math.min(5000, Math.max(500, deadlineMs - Date.now())))) return;
    await new Promise((r) => setTimeout(r, interval));
  }
  throw new BerthError('TIMEOUT', 'The Docker engine in the VM did not answer /_ping in time; see the console log and /var/log/dockerd.log in the VM.');
}
