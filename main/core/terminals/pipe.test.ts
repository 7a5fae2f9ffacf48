import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FakeSink, waitFor } from '../engine/containers-testkit.js';
import { pipeTerminal, type TerminalResult } from './pipe.js';

function frame(type: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt8(type, 0);
  head.writeUInt32BE(payload.length, 4);
  return Buffer.concat([head, payload]);
}

/** A fake hijacked connection: `feed` is what the engine sends, `written` what the terminal typed. */
function fakeSocket() {
  const written: string[] = [];
  const sock = new Duplex({
    read() {},
    write(chunk: Buffer, _enc, cb) {
      written.push(chunk.toString());
      cb();
    },
  });
  return { sock, written, feed: (b: Buffer | null) => sock.push(b) };
}

describe('pipeTerminal', () => {
  it('decodes raw TTY bytes split inside a character, batches, writes stdin, ends with the result', async () => {
    const { sock, written, feed } = fakeSocket();
    const sink = new FakeSink<string, TerminalResult>();
    const resizes: number[][] = [];
    const ctl = pipeTerminal({ socket: sock, tty: true, sink, result: async () => ({ exitCode: 3, shell: 'sh' }), resize: async (c, r) => void resizes.push([c, r]) });
    const bytes = Buffer.from('héllo\r\n');
    feed(bytes.subarray(0, 2));
    feed(bytes.subarray(2));
    ctl.write?.('ls\n');
    ctl.resize?.(100, 40);
    await waitFor(() => sink.chunks.length > 0);
    expect(sink.chunks.join('')).toBe('héllo\r\n');
    // Leading-edge batching: the first bytes go out at once, the rest of the burst in one batch; no character is split.
    expect(sink.chunks).toEqual(['h', 'éllo\r\n']);
    expect(written).toEqual(['ls\n']);
    expect(resizes).toEqual([[100, 40]]);
    feed(null);
    expect(await sink.done).toEqual({ exitCode: 3, shell: 'sh' });
  });

  it('demultiplexes stdout and stderr without a TTY', async () => {
    const { sock, feed } = fakeSocket();
    const sink = new FakeSink<string, TerminalResult>();
    pipeTerminal({ socket: sock, tty: false, sink, result: async () => ({ exitCode: 0 }), resize: async () => undefined });
    feed(Buffer.concat([frame(1, Buffer.from('out ')), frame(2, Buffer.from('err'))]));
    feed(null);
    await sink.done;
    expect(sink.chunks.join('')).toBe('out err');
  });

  it('pauses the connection while the window is behind and resumes on drain', async () => {
    const { sock, feed } = fakeSocket();
    const sink = new FakeSink<string, TerminalResult>();
    sink.accept = false;
    pipeTerminal({ socket: sock, tty: true, sink, result: async () => ({ exitCode: 0 }), resize: async () => undefined });
    feed(Buffer.from('x'.repeat(70 * 1024)));
    await waitFor(() => sink.chunks.length > 0);
    expect(sock.isPaused()).toBe(true);
    expect(sink.drainWaiters).toBe(1);
    sink.drain();
    expect(sock.isPaused()).toBe(false);
  });

  it('stops reading when the consumer closes, without ending twice', async () => {
    const { sock } = fakeSocket();
    const sink = new FakeSink<string, TerminalResult>();
    let cleaned = 0;
    pipeTerminal({ socket: sock, tty: true, sink, result: async () => ({ exitCode: 0 }), resize: async () => undefined, cleanup: () => cleaned++ });
    sink.close();
    await waitFor(() => sock.destroyed);
    expect(cleaned).toBe(1);
    expect(sink.result).toBeUndefined();
  });
});
