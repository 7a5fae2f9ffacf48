// Pumps an engine JSON progress stream into a contract stream: ~16 ms batches, backpressure, abort, typed failure.
import type { Readable } from 'node:stream';
import type { Sink, StreamControl } from '../../handlers.js';
import { createLogger } from '../../log.js';
import { JsonLineDecoder, messageError, type EngineMessage } from './images-progress.js';

const log = createLogger('images-stream');

export const BATCH_MS = 16;

export interface PumpSpec<C, R> {
  /** What the stream is, for the log ("pull busybox:latest"). */
  label: string;
  /** Takes in one message; throwing fails the stream with what was thrown. */
  onMessage(m: EngineMessage): void;
  /** The chunk to send now (what accumulated since the last take), or undefined when nothing is new; `final` at the end. */
  take(final: boolean): C | undefined;
  /** Turns an error line (`errorDetail`) or a transport failure into the typed error the stream fails with. */
  toError(err: unknown, fromStream: boolean): unknown;
  /** Runs once the engine closed the stream without error; its value ends the stream. */
  finish(): Promise<R>;
  /**
   * True when chunks are snapshots (pull/push state): while the consumer is behind, keep reading the engine
   * (the state is bounded) and send only the latest snapshot once it catches up, so the engine never stalls.
   * False for lines (build): pause the engine's stream until the consumer drains.
   */
  coalesce: boolean;
}

/** Streams `source` into `sink` until it ends, fails, or the consumer goes away; returns the stream's control. */
export function pump<C, R>(source: Readable, sink: Sink<C, R>, spec: PumpSpec<C, R>): StreamControl {
  const decoder = new JsonLineDecoder();
  let timer: NodeJS.Timeout | undefined;
  let behind = false;
  let done = false;

  const stop = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    done = true;
    source.destroy();
  };

  const flush = (final = false) => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (behind && !final) return;
    const chunk = spec.take(final);
    if (chunk === undefined) return;
    if (sink.push(chunk) || final) return;
    behind = true;
    if (!spec.coalesce) source.pause();
    sink.onDrain(() => {
      behind = false;
      if (done) return;
      if (!spec.coalesce) source.resume();
      flush();
    });
  };

  const schedule = () => {
    if (!timer && !behind) timer = setTimeout(() => flush(), BATCH_MS);
  };

  const failWith = (err: unknown, fromStream: boolean) => {
    if (done) return;
    flush(true);
    stop();
    const typed = spec.toError(err, fromStream);
    log.warn(`${spec.label} failed`, typed instanceof Error ? typed.message : typed);
    sink.fail(typed);
  };

  const take = (messages: EngineMessage[]) => {
    for (const m of messages) {
      if (done) return;
      const errText = messageError(m);
      if (errText !== undefined) return failWith(errText, true);
      try {
        spec.onMessage(m);
      } catch (e) {
        return failWith(e, false);
      }
    }
    schedule();
  };

  source.on('data', (d: Buffer | string) => take(decoder.write(d)));
  source.on('error', (e) => failWith(e, false));
  source.on('end', () => {
    if (done) return;
    take(decoder.end());
    if (done) return;
    flush(true);
    if (timer) clearTimeout(timer);
    done = true;
    spec.finish().then(
      (r) => sink.end(r),
      (e) => {
        log.warn(`${spec.label}: finishing failed`, e instanceof Error ? e.message : e);
        sink.fail(spec.toError(e, false));
      },
    );
  });
  // A consumer that closes (or goes away) stops the engine's work: closing the connection cancels a pull/build.
  const onAbort = () => {
    if (done) return;
    log.info(`${spec.label}: cancelled by the consumer`);
    stop();
  };
  if (sink.signal.aborted) onAbort();
  else sink.signal.addEventListener('abort', onAbort, { once: true });

  return { close: onAbort };
}

/** Reads a whole engine JSON stream (load, import) into its messages; rejects on the first error line. */
export async function collect(source: Readable, toError: (message: string) => unknown): Promise<EngineMessage[]> {
  const decoder = new JsonLineDecoder();
  const out: EngineMessage[] = [];
  for await (const d of source as AsyncIterable<Buffer | string>) out.push(...decoder.write(d));
  out.push(...decoder.end());
  for (const m of out) {
    const err = messageError(m);
    if (err !== undefined) throw toError(err);
  }
  return out;
}
