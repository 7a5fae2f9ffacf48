// Stream plumbing shared by containers, logs, stats and terminals: raw engine calls, the 8-byte frame demuxer, a batcher.
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';

interface Modem {
  dial(options: Record<string, unknown>, cb: (err: unknown, data: unknown) => void): void;
}

export interface DialOptions {
  path: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  query?: Record<string, unknown>;
  body?: unknown;
  /** Status codes that mean success map to true; the others to the engine's wording. */
  statusCodes: Record<number, true | string>;
  isStream?: boolean;
  signal?: AbortSignal;
}

/**
 * One engine call through dockerode's modem, for what dockerode's wrappers do not expose well
 * (create with warnings and a clean query, logs as a stream even without follow).
 */
export function dial<T>(docker: Docker, o: DialOptions): Promise<T> {
  const modem = (docker as unknown as { modem: Modem }).modem;
  const hasQuery = o.query !== undefined && Object.keys(o.query).length > 0;
  // `_body: {}` makes the modem send no body at all (it drops an empty JSON object).
  const options: Record<string, unknown> = { _query: o.query ?? {}, _body: o.body ?? {} };
  return new Promise<T>((resolve, reject) => {
    modem.dial(
      {
        path: hasQuery ? `${o.path}?` : o.path,
        method: o.method,
        options: hasQuery || o.body !== undefined ? options : undefined,
        statusCodes: o.statusCodes,
        isStream: o.isStream ?? false,
        abortSignal: o.signal,
      },
      (err, data) => (err ? reject(err) : resolve(data as T)),
    );
  });
}

export type StreamType = 0 | 1 | 2;

/**
 * Splits the engine's multiplexed stream (non-TTY logs, attach, exec) into frames: an 8-byte
 * header (stream type, 3 zero bytes, big-endian length) then the payload. Emits whole frames;
 * a header with an impossible stream type means the stream is raw after all, and the rest passes
 * through as stdout (as docker-modem does).
 */
export class FrameDemuxer {
  private chunks: Buffer[] = [];
  private length = 0;
  private header: { type: StreamType; size: number } | undefined;
  private raw = false;

  constructor(private readonly onFrame: (type: StreamType, payload: Buffer) => void) {}

  write(chunk: Buffer): void {
    if (this.raw) {
      if (chunk.length > 0) this.onFrame(1, chunk);
      return;
    }
    this.chunks.push(chunk);
    this.length += chunk.length;
    for (;;) {
      if (!this.header) {
        if (this.length < 8) return;
        const head = this.take(8);
        const type = head.readUInt8(0);
        if (type > 2) {
          this.raw = true;
          const rest = Buffer.concat([head, this.take(this.length)]);
          this.onFrame(1, rest);
          return;
        }
        this.header = { type: type as StreamType, size: head.readUInt32BE(4) };
      }
      if (this.length < this.header.size) return;
      const payload = this.take(this.header.size);
      const type = this.header.type;
      this.header = undefined;
      this.onFrame(type, payload);
    }
  }

  /** Bytes held back waiting for the rest of a frame. */
  pending(): number {
    return this.length;
  }

  private take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    const first = this.chunks[0] as Buffer;
    if (first.length === n) {
      this.chunks.shift();
      this.length -= n;
      return first;
    }
    if (first.length > n) {
      this.chunks[0] = first.subarray(n);
      this.length -= n;
      return first.subarray(0, n);
    }
    const all = Buffer.concat(this.chunks);
    this.chunks = all.length > n ? [all.subarray(n)] : [];
    this.length -= n;
    return all.subarray(0, n);
  }
}

export interface BatchLimits {
  intervalMs: number;
  maxItems: number;
  maxBytes: number;
  /** Deliver the first item of a quiet spell at once, then batch what follows for `intervalMs` (terminal echo). */
  leading?: boolean;
}

/** Collects items and hands them over every `intervalMs`, or at once when a batch reaches its item or byte limit. */
export class Batcher<T> {
  private items: T[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deliver: (items: T[]) => void,
    private readonly limits: BatchLimits,
    private readonly sizeOf: (item: T) => number,
  ) {}

  add(item: T): void {
    if (this.limits.leading && this.timer === undefined && this.items.length === 0) {
      // Open a batching window and let this item through now: a lone keystroke's echo is not delayed.
      this.timer = setTimeout(() => this.flush(), this.limits.intervalMs);
      this.deliver([item]);
      return;
    }
    this.items.push(item);
    this.bytes += this.sizeOf(item);
    if (this.items.length >= this.limits.maxItems || this.bytes >= this.limits.maxBytes) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.limits.intervalMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.bytes = 0;
    this.deliver(items);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.items = [];
    this.bytes = 0;
  }
}

/**
 * Pauses `source` when the consumer says it is behind (`push` returned false), and resumes it once
 * the consumer drains. Returns the function to call with each push's result.
 */
export function backpressure(source: Readable, onDrain: (cb: () => void) => void): (accepted: boolean) => void {
  let waiting = false;
  return (accepted) => {
    if (accepted || waiting) return;
    waiting = true;
    source.pause();
    onDrain(() => {
      waiting = false;
      source.resume();
    });
  };
}
