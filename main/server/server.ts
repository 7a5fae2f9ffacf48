// `berth serve`: the built renderer and the contract over WebSocket, on loopback; the token reaches only /api.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { LIMITS } from '../../app/protocol.js';
import type { Core } from '../core/api.js';
import { addLogSecret, createLogger } from '../core/log.js';
import { BerthError } from '../../app/errors.js';
import { checkToken, hostAllowed, newToken, originAllowed, protocolToken, requestUrl, tokenMatches, WS_PROTOCOL } from './auth.js';
import { allowedHostNames, checkBind, isLoopback, isWildcard } from './bind.js';
import { guardRequest, guardUpgrade } from './guard.js';
import { attachSocket, SOCKET_DEFAULTS, type AttachedSocket } from './socket.js';
import { resolveStatic, securityHeaders, sendFile } from './static.js';

const log = createLogger('serve');

export const WS_PATH = '/api';

export interface ServeOptions {
  core: Core;
  host?: string;
  port?: number;
  token?: string;
  /** Folder of the built renderer (dist/renderer). */
  staticDir: string;
  /** Messages per second one connection may send before it is cut off (default 2,000). */
  rateLimit?: number;
  /** Requests one connection may have waiting for an answer (default 256). */
  maxInFlight?: number;
  /** WebSockets open at once (default 64); more are closed with 1013. */
  maxConnections?: number;
  /** How often sockets are pinged; one that missed the previous ping is closed (default 30 s). */
  pingIntervalMs?: number;
  /** Serve HTTPS and WSS with this certificate and key (PEM); required for a non-loopback host. */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

export interface RunningServer {
  url: string;
  /** The URL with the token in its fragment (`#token=…`: never sent to any server), to open in a browser. */
  openUrl: string;
  host: string;
  port: number;
  token: string;
  clients(): number;
  close(): Promise<void>;
}

/** An HTTPS server; a key and certificate that do not load are the person's input, reported as such. */
function tlsServer(tls: NonNullable<ServeOptions['tls']>, onRequest: (req: IncomingMessage, res: ServerResponse) => void): Server {
  try {
    return createTlsServer({ cert: tls.cert, key: tls.key }, onRequest) as unknown as Server;
  } catch (e) {
    throw new BerthError('INVALID_INPUT', `The TLS certificate and key could not be used: ${e instanceof Error ? e.message : String(e)}`, { field: 'tls' });
  }
}

function deny(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const host = checkBind(opts.host ?? '127.0.0.1', { tls: opts.tls !== undefined, ...(opts.port !== undefined ? { port: opts.port } : {}) });
  const scheme = opts.tls ? 'https:' : 'http:';
  if (opts.token !== undefined) checkToken(opts.token);
  const token = opts.token ?? newToken();
  addLogSecret(token);
  if (!isLoopback(host)) log.warn(`binding to ${host} over HTTPS: Berth will be reachable from other machines (the token still guards it)`);
  let allowed = new Set<string>();
  const sockets = new Map<WebSocket, AttachedSocket>();

  const onRequest = guardRequest((req: IncomingMessage, res: ServerResponse) => {
    if (!hostAllowed(req, allowed)) return deny(res, 403, 'Forbidden: unexpected Host header.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'Method not allowed.');
    const url = requestUrl(req);
    if (!url) return deny(res, 400, 'Bad request.');
    if (url.pathname === '/healthz') return deny(res, 200, 'ok');
    // The URL printed before the token moved to the fragment: on `/` only, redirect to `/#token=…` (nothing is set).
    if (url.pathname === '/' && url.searchParams.has('token')) {
      if (!tokenMatches(token, url.searchParams.get('token'))) return deny(res, 401, 'Unauthorized: this is not the token `berth serve` printed (was it restarted?). Open the URL it printed.');
      res.writeHead(302, { ...securityHeaders(), Location: `/#token=${token}` });
      res.end();
      return;
    }
    // The page, its scripts and styles hold no secrets: they are served without the token (Host check and CSP kept);
    // everything the window can do goes through /api, which needs it.
    const file = resolveStatic(opts.staticDir, url.pathname);
    if (!file) return deny(res, 404, 'Not found. (Is the renderer built? Run `npm run build`.)');
    sendFile(res, file);
  });
  const http: Server = opts.tls ? tlsServer(opts.tls, onRequest) : createServer(onRequest);

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: LIMITS.maxClientMessage,
    // Answer with the protocol name only; the offered `berth.token.…` is never echoed.
    handleProtocols: (offered) => (offered.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  http.on(
    'upgrade',
    guardUpgrade((req, socket, head) => {
      const reject = (code: number, text: string) => {
        socket.end(`HTTP/1.1 ${code} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      };
      if (requestUrl(req)?.pathname !== WS_PATH) return reject(404, 'Not Found');
      if (!hostAllowed(req, allowed)) return reject(403, 'Forbidden');
      if (!originAllowed(req, allowed, scheme)) return reject(403, 'Forbidden');
      // Checked before the handshake completes: without the token there is no socket, so no contract message either way.
      if (!tokenMatches(token, protocolToken(req))) return reject(401, 'Unauthorized');
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    }),
  );

  const limits = { rateLimit: opts.rateLimit ?? SOCKET_DEFAULTS.rateLimit, maxInFlight: opts.maxInFlight ?? SOCKET_DEFAULTS.maxInFlight };
  const maxConnections = opts.maxConnections ?? SOCKET_DEFAULTS.maxConnections;
  wss.on('connection', (ws: WebSocket) => {
    if (sockets.size >= maxConnections) {
      ws.close(1013, `too many connections (limit ${maxConnections})`);
      return;
    }
    const attached = attachSocket(ws, opts.core, limits);
    sockets.set(ws, attached);
    ws.on('close', () => {
      sockets.delete(ws);
      attached.dispose();
    });
  });
  // Dead peers (a laptop closed, a network gone) answer no ping: their sockets are closed, their streams end.
  const heartbeat = setInterval(() => {
    for (const [ws, attached] of sockets) {
      if (!attached.alive) {
        ws.terminate();
        continue;
      }
      attached.alive = false;
      ws.ping();
    }
  }, opts.pingIntervalMs ?? SOCKET_DEFAULTS.pingIntervalMs);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, host, () => resolve());
  });
  const bound = http.address() as AddressInfo;
  if (isWildcard(bound.address)) {
    // A name that resolved to every interface: the same refusal as a wildcard --host.
    await new Promise((r) => http.close(r));
    checkBind(bound.address, { tls: opts.tls !== undefined, port: bound.port });
  }
  const port = bound.port;
  allowed = allowedHostNames(host, port);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `${scheme}//${shownHost}:${port}/`;
  log.info(`serving on ${url}`);
  return {
    url,
    openUrl: `${url}#token=${token}`,
    host,
    port,
    token,
    clients: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        for (const s of sockets.keys()) s.terminate();
        wss.close();
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}
