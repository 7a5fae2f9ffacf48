// `berth serve`: the built renderer and the contract over WebSocket, on loopback; the token reaches only /api.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { LIMITS, type ServerMessage } from '../../app/protocol.js';
import { api, type Core } from '../core/api.js';
import { addLogSecret, createLogger } from '../core/log.js';
import { createSession } from '../core/session.js';
import { BerthError } from '../../app/errors.js';
import { hostAllowed, newToken, originAllowed, protocolToken, requestUrl, tokenMatches, WS_PROTOCOL } from './auth.js';
import { allowedHostNames, checkBind, isLoopback, isWildcard } from './bind.js';
import { guardRequest, guardUpgrade } from './guard.js';
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
  /** Requests per second one connection may make before it is cut off. */
  rateLimit?: number;
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
  const token = opts.token ?? newToken();
  addLogSecret(token);
  if (!isLoopback(host)) log.warn(`binding to ${host} over HTTPS: Berth will be reachable from other machines (the token still guards it)`);
  let allowed = new Set<string>();
  const sockets = new Set<WebSocket>();

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

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    const peer = {
      send(msg: ServerMessage) {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
      },
    };
    const session = createSession(api, opts.core.handlers, opts.core.bus, peer);
    const rate = opts.rateLimit ?? 2000;
    let windowStart = Date.now();
    let count = 0;
    ws.on('message', (data, isBinary) => {
      const now = Date.now();
      if (now - windowStart >= 1000) {
        windowStart = now;
        count = 0;
      }
      if (++count > rate) {
        peer.send({ t: 'fatal', err: { code: 'CONFLICT', message: `Too many requests (over ${rate} per second); the connection was closed.` } });
        ws.close(1008, 'rate limit');
        return;
      }
      if (isBinary) {
        peer.send({ t: 'fatal', err: { code: 'INVALID_INPUT', message: 'Binary frames are not part of the protocol.' } });
        return;
      }
      session.handle(data.toString());
    });
    ws.on('close', () => {
      sockets.delete(ws);
      session.dispose();
    });
    ws.on('error', (e) => log.warn('websocket error', e.message));
    peer.send({ t: 'hello', version: '1' });
  });

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
        for (const s of sockets) s.terminate();
        wss.close();
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}
