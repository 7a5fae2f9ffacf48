// Container logs as a stream of line batches: demultiplexed, decoded, split into lines, batched, flow-controlled.
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { LogsInput } from '../../../app/api.js';
import { BerthError, invalidInput } from '../../../app/errors.js';
import type { LogLine } from '../../../app/model.js';
import type { CoreContext } from '../context.js';
import type { Sink, StreamControl } from '../handlers.js';
import { createLogger } from '../log.js';
import { backpressure } from '../streams/backpressure.js';
import { Batcher } from '../streams/batcher.js';
import { dial } from '../streams/dial.js';
import { FrameDemuxer } from '../streams/frames.js';
import { engineCall, mapEngineError } from './link/errors.js';

const log = createLogger('logs');

export const LOG_BATCH = { intervalMs: 16, maxItems: 500, maxBytes: 256 * 1024 };

type Source = 'stdout' | 'stderr';

interface StreamState {
  decoder: StringDecoder;
  partial: string;
  ts: string | undefined;
}

/**
 * Turns engine log output into lines. Framed (non-TTY) output carries one log message per frame,
 * so a timestamp is cut from the frame's bytes before decoding; a message without a trailing
 * newline is continued by the next one (the json-file driver splits long lines at 16 KB), and the
 * continuation's timestamp is dropped so the line arrives whole. Raw (TTY) output gets its
 * timestamp cut from the start of each line.
 */
export class LogLineAssembler {
  private readonly streams: Record<Source, StreamState> = {
    stdout: { decoder: new StringDecoder('utf8'), partial: '', ts: undefined },
    stderr: { decoder: new StringDecoder('utf8'), partial: '', ts: undefined },
  };

  constructor(
    private readonly timestamps: boolean,
    private readonly emit: (line: LogLine) => void,
  ) {}

  /** One whole frame of a multiplexed stream. */
  frame(source: Source, payload: Buffer): void {
    const st = this.streams[source];
    let bytes = payload;
    if (this.timestamps) {
      const sp = payload.indexOf(0x20);
      if (sp > 0 && sp < 64) {
        const ts = payload.subarray(0, sp).toString('latin1');
        bytes = payload.subarray(sp + 1);
        if (st.partial === '' && st.ts === undefined) st.ts = ts;
      }
    }
    this.text(source, st.decoder.write(bytes), true);
  }

  /** A chunk of a raw (TTY) stream. */
  raw(chunk: Buffer): void {
    this.text('stdout', this.streams.stdout.decoder.write(chunk), false);
  }

  /** Flushes what is left (a last line without a newline). */
  end(): void {
    for (const source of ['stdout', 'stderr'] as const) {
      const st = this.streams[source];
      st.partial += st.decoder.end();
      if (st.partial !== '') this.line(source, st.partial, !this.timestamps || st.ts !== undefined);
      st.partial = '';
      st.ts = undefined;
    }
  }

  private text(source: Source, text: string, framed: boolean): void {
    const st = this.streams[source];
    let start = 0;
    let nl: number;
    while ((nl = text.indexOf('\n', start)) !== -1) {
      const piece = text.slice(start, nl);
      const line = st.partial === '' ? piece : st.partial + piece;
      st.partial = '';
      this.line(source, line, framed);
      start = nl + 1;
    }
    if (start < text.length) st.partial += text.slice(start);
  }

  private line(source: Source, raw: string, framed: boolean): void {
    const st = this.streams[source];
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    let ts = st.ts;
    st.ts = undefined;
    if (this.timestamps && !framed) {
      const sp = text.indexOf(' ');
      if (sp > 0 && sp < 64 && /^\d{4}-\d\d-\d\dT/.test(text)) {
        ts = text.slice(0, sp);
        text = text.slice(sp + 1);
      }
    }
    this.emit(ts === undefined ? { stream: source, text } : { stream: source, text, ts });
  }
}

/** `since`/`until` as the engine wants them: Unix seconds (fractions allowed), from a number, RFC3339 or `10m`. */
export function toEngineTime(value: number | string, field: string, now = Date.now()): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw invalidInput(field, `${field} must be a time after 1970.`);
    return String(value);
  }
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return v;
  const rel = /^(\d+(?:\.\d+)?)(s|m|h)$/.exec(v);
  if (rel) {
    const secs = Number(rel[1]) * ({ s: 1, m: 60, h: 3600 } as const)[rel[2] as 's' | 'm' | 'h'];
    return ((now / 1000) - secs).toFixed(3);
  }
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw invalidInput(field, `"${value}" is not a time: use Unix seconds, an RFC 3339 time, or a duration like 10m.`);
  return (ms / 1000).toFixed(3);
}

export async function openLogs(ctx: CoreContext, input: LogsInput, sink: Sink<LogLine[], { lines: number }>): Promise<StreamControl> {
  const what = `Container ${input.id}`;
  const c = ctx.docker.getContainer(input.id);
  const info = await engineCall(() => c.inspect(), { what });
  const query: Record<string, unknown> = { follow: input.follow, stdout: true, stderr: true, timestamps: input.timestamps, tail: input.tail ?? 'all' };
  if (input.since !== undefined) query.since = toEngineTime(input.since, 'since');
  if (input.until !== undefined) query.until = toEngineTime(input.until, 'until');
  const stream = await engineCall(
    () => dial<Readable>(ctx.docker, { path: `/containers/${encodeURIComponent(info.Id)}/logs`, method: 'GET', query, isStream: true, signal: sink.signal, statusCodes: { 200: true, 404: 'no such container', 500: 'server error', 501: 'not implemented' } }),
    { what },
  ).catch((e: unknown) => {
    if (/does not support reading/i.test((e as BerthError).detail ?? '')) {
      throw new BerthError('UNSUPPORTED', `This container logs with the "${info.HostConfig.LogConfig?.Type ?? '?'}" driver, which keeps nothing Berth can read; use json-file or local.`, { detail: (e as BerthError).detail ?? '' });
    }
    throw e;
  });
  let lines = 0;
  let done = false;
  const pushed = backpressure(stream, (cb) => sink.onDrain(cb));
  const batcher = new Batcher<LogLine>((batch) => pushed(sink.push(batch)), LOG_BATCH, (l) => l.text.length + (l.ts?.length ?? 0) + 24);
  const assembler = new LogLineAssembler(input.timestamps, (l) => {
    lines++;
    batcher.add(l);
  });
  const demux = info.Config.Tty ? undefined : new FrameDemuxer((type, payload) => assembler.frame(type === 2 ? 'stderr' : 'stdout', payload));

  const finish = (err?: unknown) => {
    if (done) return;
    done = true;
    if (sink.signal.aborted) {
      batcher.dispose();
      return;
    }
    if (err) {
      batcher.flush();
      sink.fail(mapEngineError(err, { what }));
      return;
    }
    assembler.end();
    batcher.flush();
    sink.end({ lines });
  };
  stream.on('data', (chunk: Buffer) => (demux ? demux.write(chunk) : assembler.raw(chunk)));
  stream.on('end', () => {
    log.debug(`logs of ${info.Id.slice(0, 12)} ended after ${lines} lines`);
    finish();
  });
  stream.on('error', (e) => finish(e));
  stream.on('close', () => {
    if (!done) log.debug(`logs of ${info.Id.slice(0, 12)} closed before their end`);
    finish();
  });
  const close = () => {
    batcher.dispose();
    stream.destroy();
  };
  sink.signal.addEventListener('abort', close, { once: true });
  log.debug(`logs of ${info.Id.slice(0, 12)} (follow=${input.follow})`);
  return { close };
}
