import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pingOnce, waitForEngine } from './engine-ready.js';

/** A stream that answers an HTTP request with `reply` (or never, when undefined). */
function engine(reply: string | undefined): () => Promise<Duplex> {
  return async () => {
    const d = new Duplex({
      read() {},
      write(_c, _e, cb) {
        if (reply !== undefined) setImmediate(() => { d.push(reply); d.push(null); });
        cb();
      },
    });
    return d;
  };
}

describe('engine readiness', () => {
  it('is 200 OK to GET /_ping, nothing less', async () => {
    expect(await pingOnce(engine('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK'))).toBe(true);
    expect(await pingOnce(engine('HTTP/1.1 500 Internal Server Error\r\n\r\nboom'))).toBe(false);
    expect(await pingOnce(engine(''))).toBe(false);
    expect(await pingOnce(engine(undefined), 100)).toBe(false);
    expect(await pingOnce(() => Promise.reject(new Error('no socket yet')))).toBe(false);
  });

  it('keeps trying until the engine answers, then gives a typed timeout', async () => {
    let n = 0;
    const flaky = (): Promise<Duplex> => (++n < 3 ? Promise.reject(new Error('not yet')) : engine('HTTP/1.1 200 OK\r\n\r\nOK')());
    await waitForEngine(flaky, Date.now() + 5000, { intervalMs: 10 });
    expect(n).toBe(3);
    await expect(waitForEngine(engine('HTTP/1.1 503 x\r\n\r\n'), Date.now() + 200, { intervalMs: 10 })).rejects.toMatchObject({ code: 'TIMEOUT' });
  });
});
