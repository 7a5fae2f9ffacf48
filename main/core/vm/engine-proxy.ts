// Serves the guest's docker.sock on the host as an HTTP proxy that can refuse a container create itself (unshared bind mounts).
import http from 'node:http';
import type net from 'node:net';
import { pipeline, type Duplex } from 'node:stream';
import {
  CREATE_PATH,
  EngineAgent,
  Gate,
  HIJACK_PATH,
  MAX_HEADER_SIZE,
  errorBody,
  withoutHeaders,
  withoutHopHeaders,
  rawErrorResponse,
  readBody,
  requestHead,
} from './engine-proxy-http.js';
import { createLogger } from '../log.js';
import { SocketServer } from '../ssh/socket-server.js';
import { splice, type StreamOpener } from '../ssh/socket-proxy.js';

const log = createLogger('vm.socket');

/** A refusal, answered as dockerd answers an error: `HTTP/1.1 <status>` with `{"message": …}`. */
export interface Refusal {
  status: number;
  message: string;
}

/** What a create policy may do instead of letting the body through: send the engine another body (WSL2 path translation). */
export interface Rewrite {
  body: unknown;
}

/** Looks at a container-create body (parsed JSON) and refuses it, rewrites it, or lets it through (undefined). */
export type CreatePolicy = (body: unknown) => Refusal | Rewrite | undefined;

export interface EngineProxyOptions {
  createPolicy?: CreatePolicy;
  /** The largest create body read for the policy (4 MiB); a bigger one goes to the engine unread. */
  bodyLimit?: number;
  /** Told of each forwarded request's status once its answer is complete (the VM trims its disk after removes and prunes). */
  onAnswer?: (method: string | undefined, url: string | undefined, status: number | undefined) => void;
  /** Told of each client request as it arrives; what it returns is called once when the request's answer, stream or tunnel ends. */
  onRequest?: (method: string | undefined, url: string) => (() => void) | undefined;
}

/**
 * Serves the engine on a 0600 unix socket in a 0700 dir (or a named pipe). Requests are parsed by Node's http server and
 * forwarded over an agent whose connections are the opener's streams; hijacked requests (attach, exec start, any Upgrade)
 * become raw tunnels on a stream of their own, each way half-closable, as SocketProxy spliced every connection.
 */
export class EngineProxy {
  private readonly server: SocketServer;
  private readonly http: http.Server;
  private readonly agent: EngineAgent;
  private policy: CreatePolicy | undefined;
  private readonly bodyLimit: number;
  private readonly onAnswer: EngineProxyOptions['onAnswer'];
  private readonly onRequestHook: EngineProxyOptions['onRequest'];

  /** `where` names the engine in logs and in the error the client gets ("in the VM", "on ssh: ana@box"). */
  constructor(
    readonly socketPath: string,
    private readonly open: StreamOpener,
    private readonly where = 'in the VM',
    options: EngineProxyOptions = {},
  ) {
    this.policy = options.createPolicy;
    this.bodyLimit = options.bodyLimit ?? 4 << 20;
    this.onAnswer = options.onAnswer;
    this.onRequestHook = options.onRequest;
    this.agent = new EngineAgent(open);
    this.server = new SocketServer(socketPath, { allowHalfOpen: true }, (sock) => this.accept(sock));
    // No timeouts: dockerd has none, and a `docker load` or `logs -f` may take as long as it takes.
    this.http = http.createServer({ maxHeaderSize: MAX_HEADER_SIZE, requestTimeout: 0, headersTimeout: 0, keepAliveTimeout: 0 }, (req, res) =>
      this.onRequest(req, res),
    );
    // A client that half-closes after its request (nc, socat, SocketProxy's users) still gets the answer.
    Object.assign(this.http, { httpAllowHalfOpen: true });
    this.http.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
  }

  /** The link to the engine dropped (or came back): pooled idle streams on it are gone, so new requests open fresh ones. */
  linkChanged(): void {
    const n = this.agent.dropIdle();
    if (n > 0) log.info('dropped idle engine streams after the link changed', { streams: n });
  }

  /** Sets (or with undefined, removes) the check made on every container create. */
  setCreatePolicy(fn: CreatePolicy | undefined): void {
    this.policy = fn;
  }

  /** Connections served so far (diagnostics, tests). */
  get served(): number {
    return this.server.served;
  }

  listen(): Promise<void> {
    return this.server.listen();
  }

  private accept(sock: net.Socket): void {
    // Errors end the connection through 'close'; this listener only keeps a detached socket's error from being unhandled.
    sock.on('error', (e) => log.debug('client connection error', { error: String(e) }));
    this.http.emit('connection', new Gate(sock));
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = req.url ?? '/';
    const done = this.requestBegan(req.method, url);
    if (done) res.once('close', done);
    if (req.headers.upgrade !== undefined || (req.method === 'POST' && HIJACK_PATH.test(url))) {
      void this.hijack(req, res, done);
    } else if (this.policy && req.method === 'POST' && CREATE_PATH.test(url)) {
      void this.checkCreate(req, res, this.policy);
    } else {
      this.forward(req, res, [], false);
    }
  }

  private async checkCreate(req: http.IncomingMessage, res: http.ServerResponse, policy: CreatePolicy): Promise<void> {
    const body = await readBody(req, this.bodyLimit).catch(() => undefined);
    if (!body) return; // the client went away
    if (body.complete) {
      const verdict = this.judge(policy, Buffer.concat(body.chunks));
      if (verdict && 'message' in verdict) {
        log.info('refused a container create', { status: verdict.status, message: verdict.message });
        reply(res, verdict.status, verdict.message);
        return;
      }
      if (verdict) {
        const rewritten = Buffer.from(JSON.stringify(verdict.body), 'utf8');
        this.forward(req, res, [rewritten], true, rewritten.length);
        return;
      }
    }
    this.forward(req, res, body.chunks, body.complete);
  }

  private judge(policy: CreatePolicy, body: Buffer): Refusal | Rewrite | undefined {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return undefined; // not JSON: the engine refuses it in its own words
    }
    try {
      return policy(parsed);
    } catch (e) {
      log.warn('the create policy failed; passing the request on', { error: String(e) });
      return undefined;
    }
  }

  /**
   * Sends the request (after `prefix`, the part of the body already read; all of it, `newLength` bytes, when rewritten)
   * to the engine and its answer back, both streamed. `again`: this is the one retry of a GET or HEAD.
   */
  private forward(req: http.IncomingMessage, res: http.ServerResponse, prefix: Buffer[], bodyRead: boolean, newLength?: number, again = false): void {
    let headers = withoutHopHeaders(req.rawHeaders);
    if (newLength !== undefined) headers = [...withoutHeaders(headers, /^(?:content-length|transfer-encoding)$/i), 'Content-Length', String(newLength)];
    const up = http.request({ agent: this.agent, method: req.method, path: req.url, headers, maxHeaderSize: MAX_HEADER_SIZE });
    let failed = false;
    let answered = false;
    up.on('error', (e) => {
      if (failed) return;
      failed = true;
      req.unpipe(up);
      req.resume(); // drop the rest of the body, so the connection can carry the next request
      // A pooled stream whose far end had gone (an engine or SSH channel that closed it while idle) fails before any
      // answer: a GET or HEAD, which has no body and changes nothing, goes once more on a fresh stream. Anything else
      // may have reached the engine, so it is answered 502 as before rather than sent twice.
      if (!again && up.reusedSocket && !answered && (req.method === 'GET' || req.method === 'HEAD') && !res.headersSent && !res.destroyed) {
        log.info('a pooled engine stream had closed; sent the request again on a fresh one', { method: req.method, url: req.url, error: String(e) });
        // Its idle siblings went the same way, most likely: none of them is tried.
        this.agent.dropIdle();
        this.forward(req, res, [], true, undefined, true);
        return;
      }
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      this.unreachable(e);
      reply(res, 502, this.unreachableMessage(e));
    });
    up.on('response', (answer) => {
      answered = true;
      // Once the whole answer is in (a `wait` answers its head at once and its body when the container is gone).
      answer.once('end', () => {
        try {
          this.onAnswer?.(req.method, req.url, answer.statusCode);
        } catch (e) {
          log.warn('an answer listener failed', { error: String(e) });
        }
      });
      try {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, withoutHopHeaders(answer.rawHeaders));
      } catch (e) {
        log.warn('could not pass on the engine answer', { error: String(e) });
        answer.destroy();
        res.destroy();
        return;
      }
      // A streamed answer (logs -f, events, wait): the client sees the head at once, as dockerd flushes it.
      if (answer.headers['content-length'] === undefined) res.flushHeaders();
      pipeline(answer, res, () => undefined);
    });
    // The client went away before the answer was complete: the engine stream cannot be reused, end it.
    res.on('close', () => {
      if (!res.writableFinished) up.destroy();
    });
    for (const c of prefix) up.write(c);
    if (bodyRead) up.end();
    else req.pipe(up);
  }

  /** attach or exec start without an Upgrade header: once the request is in, the connection is raw both ways. */
  private async hijack(req: http.IncomingMessage, res: http.ServerResponse, done?: () => void): Promise<void> {
    const gate: unknown = req.socket;
    const body = await readBody(req, this.bodyLimit).catch(() => undefined);
    if (!body || !(gate instanceof Gate)) return;
    if (!body.complete) {
      req.resume();
      reply(res, 413, 'Berth: request body too large for an attach or exec');
      return;
    }
    const data = Buffer.concat(body.chunks);
    const { sock, rest } = gate.detach();
    if (done) sock.once('close', done);
    this.tunnel(sock, [requestHead(req, data.length), data, ...rest]);
  }

  private onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!(socket instanceof Gate)) {
      socket.destroy();
      return;
    }
    const { sock, rest } = socket.detach();
    const done = this.requestBegan(req.method, req.url ?? '/');
    if (done) sock.once('close', done);
    this.tunnel(sock, [requestHead(req), head, ...rest]);
  }

  /** A stream of its own to the engine, started with `prefix` (the request), then spliced with the client: bytes as they are. */
  private tunnel(sock: net.Socket, prefix: Buffer[]): void {
    this.open().then(
      (remote) => {
        if (sock.destroyed) {
          remote.destroy();
          return;
        }
        for (const p of prefix) if (p.length > 0) remote.write(p);
        splice(sock, remote);
      },
      (e: unknown) => {
        this.unreachable(e);
        sock.end(rawErrorResponse(502, this.unreachableMessage(e)));
        sock.resume(); // drain what the client sent, so its close is seen
      },
    );
  }

  private requestBegan(method: string | undefined, url: string): (() => void) | undefined {
    try {
      return this.onRequestHook?.(method, url);
    } catch (e) {
      log.warn('a request listener failed', { error: String(e) });
      return undefined;
    }
  }

  private unreachable(e: unknown): void {
    log.warn(`could not reach the engine ${this.where}`, { error: String(e) });
  }

  private unreachableMessage(e: unknown): string {
    return `Berth: the engine ${this.where} is unreachable: ${e instanceof Error ? e.message : String(e)}`;
  }

  async close(): Promise<void> {
    const closed = this.server.close(); // ends the client connections before the engine streams go
    this.agent.dropIdle();
    this.agent.destroy();
    await closed;
  }
}

/** Answers like dockerd answers an error, so the docker CLI prints "Error response from daemon: <message>". */
function reply(res: http.ServerResponse, status: number, message: string): void {
  if (res.headersSent || res.destroyed) return;
  const body = errorBody(message);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
