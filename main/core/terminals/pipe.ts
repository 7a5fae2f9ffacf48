// Joins a hijacked engine connection (exec or attach) to a terminal stream: decode, batch, flow control, stdin, close.
import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { Sink, StreamControl } from '../handlers.js';
import { createLogger } from '../log.js';
import { Batcher } from '../streams/batcher.js';
import { FrameDemuxer } from '../streams/frames.js';
import { mapEngineError } from '../engine/link/errors.js';

const log = createLogger('terminal');

export const TERMINAL_BATCH = { intervalMs: 16, maxItems: Number.POSITIVE_INFINITY, maxBytes: 64 * 1024, leading: true };

export interface TerminalResult {
  exitCode: number | null;
  shell?: string;
}

export interface PipeOptions {
  socket: Duplex;
  /** Raw bytes (TTY) or the 8-byte multiplexed frames (no TTY). */
  tty: boolean;
  sink: Sink<string, TerminalResult>;
  /** Called once the engine closed the connection: how it ended. */
  result(): Promise<TerminalResult>;
  resize(cols: number, rows: number): Promise<void>;
  /** Runs when the terminal is done for any reason (to release waits). */
  cleanup?(): void;
}

/** Wires `socket` to `sink`; the returned control writes stdin, resizes and closes. */
export function pipeTerminal(o: PipeOptions): StreamControl {
  const { socket, sink } = o;
  const decoders = [new StringDecoder('utf8'), new StringDecoder('utf8'), new StringDecoder('utf8')];
  let waiting = false;
  let ended = false;
  const batcher = new Batcher<string>(
    (parts) => {
      const text = parts.join('');
      if (text === '' || sink.signal.aborted) return;
      if (!sink.push(text) && !waiting) {
        // Manual flow control: the window is behind, so stop reading until it catches up.
        waiting = true;
        socket.pause();
        sink.onDrain(() => {
          waiting = false;
          socket.resume();
        });
      }
    },
    TERMINAL_BATCH,
    (s) => s.length,
  );
  const add = (type: number, b: Buffer) => {
    const s = (decoders[type] ?? decoders[1] as StringDecoder).write(b);
    if (s !== '') batcher.add(s);
  };
  const demux = o.tty ? undefined : new FrameDemuxer((type, payload) => add(type, payload));
  socket.on('data', (b: Buffer) => (demux ? demux.write(b) : add(1, b)));

  const finish = (err?: unknown) => {
    if (ended) return;
    ended = true;
    for (const dec of decoders) {
      const rest = dec.end();
      if (rest !== '') batcher.add(rest);
    }
    batcher.flush();
    socket.destroy();
    if (sink.signal.aborted) {
      o.cleanup?.();
      return;
    }
    if (err) {
      o.cleanup?.();
      sink.fail(mapEngineError(err));
      return;
    }
    o.result()
      .then((r) => sink.end(r), (e: unknown) => sink.fail(mapEngineError(e)))
      .finally(() => o.cleanup?.());
  };
  socket.on('end', () => finish());
  socket.on('close', () => finish());
  socket.on('error', (e) => {
    // A reset after the process exited is an ordinary end.
    const code = (e as NodeJS.ErrnoException).code;
    finish(code === 'ECONNRESET' || code === 'EPIPE' ? undefined : e);
  });

  const close = () => {
    if (ended) return;
    ended = true;
    batcher.dispose();
    socket.destroy();
    o.cleanup?.();
  };
  sink.signal.addEventListener('abort', close, { once: true });
  return {
    write(data) {
      if (!ended && socket.writable) socket.write(data);
    },
    resize(cols, rows) {
      if (ended) return;
      o.resize(cols, rows).catch((e: unknown) => log.debug('resize failed', e));
    },
    close,
  };
}
