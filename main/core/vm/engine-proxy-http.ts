// Pieces of the engine proxy around Node's http module: a connection that can be taken back raw, the upstream agent, bodies and heads.
import http from 'node:http';
import type net from 'node:net';
import { Duplex } from 'node:stream';
import type { StreamOpener } from '../ssh/socket-proxy.js';

/** The largest request/response head accepted, as dockerd's (Go's default, 1 MiB): X-Registry-Config can be big. */
export const MAX_HEADER_SIZE = 1 << 20;

/** `POST [/v1.43]/containers/create[?…]`. */
export const CREATE_PATH = /^(?:\/v\d+(?:\.\d+)?)?\/containers\/create(?:\?|$)/;

/** Requests dockerd may hijack without an Upgrade header (older clients): it answers 200 and the connection is raw both ways. */
export const HIJACK_PATH = /^(?:\/v\d+(?:\.\d+)?)?\/(?:containers\/[^/?]+\/attach|exec\/[^/?]+\/start)(?:\?|$)/;

/**
 * A client connection as the http server sees it. It passes bytes both ways until `detach()`, which takes the socket back
 * (with what the server has not read yet) so a hijacked request can become a raw tunnel: the http module only hands a socket
 * over for `Connection: Upgrade`, and a server injected with a plain Duplex reads it through 'data' events we control.
 */
export class Gate extends Duplex {
  private detached = false;
  private readonly onData = (chunk: Buffer): void => {
    if (!this.push(chunk)) this.sock.pause();
  };
  private readonly onEnd = (): void => {
    this.push(null);
  };
  private readonly onError = (e: Error): void => {
    this.destroy(e);
  };
  private readonly onClose = (): void => {
    this.destroy();
  };

  constructor(readonly sock: net.Socket) {
    super({ allowHalfOpen: true });
    sock.on('data', this.onData).on('end', this.onEnd).on('error', this.onError).on('close', this.onClose);
  }

  override _read(): void {
    if (!this.detached) this.sock.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    if (this.sock.write(chunk)) done();
    else this.sock.once('drain', () => done());
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, done: (e?: Error | null) => void): void {
    this.sock.cork();
    let ok = true;
    for (const { chunk } of chunks) ok = this.sock.write(chunk);
    this.sock.uncork();
    if (ok) done();
    else this.sock.once('drain', () => done());
  }

  override _final(done: (e?: Error | null) => void): void {
    this.sock.end();
    done();
  }

  override _destroy(err: Error | null, done: (e?: Error | null) => void): void {
    if (!this.detached) this.sock.destroy(err ?? undefined);
    done(err);
  }

  /** Stops feeding the http server and returns the socket (paused) with the bytes it had not read, in order. */
  detach(): { sock: net.Socket; rest: Buffer[] } {
    const sock = this.sock;
    sock.pause();
    this.detached = true;
    sock.off('data', this.onData).off('end', this.onEnd).off('error', this.onError).off('close', this.onClose);
    // Whatever is still queued here was never parsed; read it without handing it to the server's parser.
    this.removeAllListeners('data');
    const rest: Buffer[] = [];
    for (let c: unknown = this.read(); c !== null; c = this.read()) if (Buffer.isBuffer(c)) rest.push(c);
    this.destroy();
    return { sock, rest };
  }
}

const AGENT_SOCKET_METHODS = ['ref', 'unref', 'setKeepAlive', 'setTimeout'] as const;

/**
 * Requests to the engine, each on a stream from the opener (an SSH channel, a unix socket), kept alive and reused across
 * client connections as dockerd allows (it never closes an idle connection).
 */
export class EngineAgent extends http.Agent {
  constructor(private readonly open: StreamOpener) {
    super({ keepAlive: true, maxFreeSockets: 8 });
  }

  /** Ends every idle pooled stream: after the link under them dropped, they may never answer again. */
  dropIdle(): number {
    let n = 0;
    for (const list of Object.values(this.freeSockets)) {
      // Out of the pool now: an SSH channel would leave it only once the guest confirms the close (never while it is paused).
      for (const s of list?.splice(0) ?? []) {
        s.destroy();
        n++;
      }
    }
    return n;
  }

  override createConnection(_options: http.ClientRequestArgs, done?: (err: Error | null, stream: Duplex) => void): undefined {
    // On failure the agent reads only the error (the typings want a stream there too).
    const fail = done as ((err: Error) => void) | undefined;
    this.open().then(
      (stream) => done?.(null, asAgentSocket(stream)),
      (e: unknown) => fail?.(e instanceof Error ? e : new Error(String(e))),
    );
    return undefined;
  }
}

/** The pool calls ref/unref/setKeepAlive/setTimeout on idle sockets; an SSH channel has none of them and needs none. */
function asAgentSocket(stream: Duplex): Duplex {
  const s = stream as Duplex & Partial<Record<(typeof AGENT_SOCKET_METHODS)[number], unknown>>;
  for (const m of AGENT_SOCKET_METHODS) {
    if (typeof s[m] !== 'function') Object.defineProperty(s, m, { value: () => s, configurable: true, writable: true });
  }
  return s;
}

/**
 * The request head as received (request line and raw headers), to start a raw tunnel with. With `bodyLength` the body was
 * read (and de-chunked) by the server, so its framing headers are replaced by that length.
 */
export function requestHead(req: http.IncomingMessage, bodyLength?: number): Buffer {
  const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/${req.httpVersion}`];
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? '';
    if (bodyLength !== undefined && /^(?:content-length|transfer-encoding)$/i.test(name)) continue;
    lines.push(`${name}: ${raw[i + 1] ?? ''}`);
  }
  if (bodyLength !== undefined) lines.push(`Content-Length: ${bodyLength}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/**
 * Raw headers less those about one connection (Connection, Keep-Alive): the client's connection and the pooled one to the
 * engine each keep their own (a client's `Connection: close` must not close a stream other clients reuse).
 */
export function withoutHopHeaders(raw: string[]): string[] {
  return withoutHeaders(raw, /^(?:connection|keep-alive|proxy-connection)$/i);
}

/** Raw headers (name, value, name, value …) without those whose name matches. */
export function withoutHeaders(raw: string[], names: RegExp): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? '';
    if (names.test(name)) continue;
    out.push(name, raw[i + 1] ?? '');
  }
  return out;
}

export interface ReadBody {
  chunks: Buffer[];
  /** False when the body went over the limit: the rest is still in the (paused) request. */
  complete: boolean;
}

/** Reads a request body up to `limit` bytes; rejects if the client goes away first. */
export function readBody(req: http.IncomingMessage, limit: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (complete: boolean): void => {
      req.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onClose);
      resolve({ chunks, complete });
    };
    const onData = (c: Buffer): void => {
      chunks.push(c);
      size += c.length;
      if (size > limit) {
        req.pause();
        finish(false);
      }
    };
    const onEnd = (): void => finish(true);
    const onClose = (): void => {
      req.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onClose);
      reject(new Error('the client went away before sending the whole body'));
    };
    req.on('data', onData).on('end', onEnd).on('close', onClose).on('error', onClose);
  });
}

/** dockerd's error body: `{"message": …}` and a newline (Go's json.Encoder). */
export function errorBody(message: string): string {
  return `${JSON.stringify({ message })}\n`;
}

/** An error answer for a connection the http server no longer owns (a tunnel that could not reach the engine). */
export function rawErrorResponse(status: number, message: string): string {
  const body = errorBody(message);
  return `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

