// One WebSocket of `berth serve`: its contract session behind a rate limit, an in-flight request cap and a liveness flag for pings.
import type { WebSocket } from 'ws';
import type { ServerMessage } from '../../app/protocol.js';
import { api, type Core } from '../core/api.js';
import { createLogger } from '../core/log.js';
import { createDispatcher } from '../core/handlers.js';
import { serveSession } from '../core/session.js';

const log = createLogger('serve');

export const SOCKET_DEFAULTS = {
  /** Messages per second one connection may send before it is cut off (1008). */
  rateLimit: 2000,
  /** Requests one connection may have waiting for an answer; more are answered with an error at once. */
  maxInFlight: 256,
  /** WebSockets open at once; more are closed with 1013 (try again later). */
  maxConnections: 64,
  /** A socket is pinged this often and closed when it has not answered the previous ping. */
  pingIntervalMs: 30_000,
} as const;

export interface SocketLimits {
  rateLimit: number;
  maxInFlight: number;
}

export interface AttachedSocket {
  /** False once a ping went unanswered since the last check. */
  alive: boolean;
  dispose(): void;
}

/**
 * The id of a request message, without trusting the text to be well formed. Only a text that says `req` (or escapes a
 * character, which could spell it) can be a request, so other messages (acks, keystrokes) skip this second parse.
 */
export function requestId(text: string): number | undefined {
  if (!text.includes('req') && !text.includes('\\u')) return undefined;
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof m !== 'object' || m === null) return undefined;
  const { t, id } = m as { t?: unknown; id?: unknown };
  return t === 'req' && typeof id === 'number' ? id : undefined;
}

/** Serves the contract on `ws` and returns its liveness flag (set by pongs and messages) and its cleanup. */
export function attachSocket(ws: WebSocket, core: Core, limits: SocketLimits): AttachedSocket {
  const state: AttachedSocket = { alive: true, dispose: () => session.dispose() };
  // Every accepted request is answered exactly once (a result or an error): answers count the in-flight ones down.
  let inFlight = 0;
  const send = (msg: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };
  const peer = {
    send(msg: ServerMessage) {
      if (msg.t === 'res') inFlight = Math.max(0, inFlight - 1);
      send(msg);
    },
  };
  const session = serveSession(createDispatcher(api, core.handlers, { onEngine: (id) => core.onEngine(id) }), core.bus, peer);
  let windowStart = Date.now();
  let count = 0;
  ws.on('pong', () => (state.alive = true));
  ws.on('message', (data, isBinary) => {
    state.alive = true;
    const now = Date.now();
    if (now - windowStart >= 1000) {
      windowStart = now;
      count = 0;
    }
    if (++count > limits.rateLimit) {
      send({ t: 'fatal', err: { code: 'CONFLICT', message: `Too many requests (over ${limits.rateLimit} per second); the connection was closed.` } });
      ws.close(1008, 'rate limit');
      return;
    }
    if (isBinary) {
      send({ t: 'fatal', err: { code: 'INVALID_INPUT', message: 'Binary frames are not part of the protocol.' } });
      return;
    }
    const text = data.toString();
    const id = requestId(text);
    if (id !== undefined) {
      if (inFlight >= limits.maxInFlight) {
        send({ t: 'res', id, ok: false, err: { code: 'CONFLICT', message: `Too many requests waiting for an answer on this connection (limit ${limits.maxInFlight}); try again when some have finished.` } });
        return;
      }
      inFlight++;
    }
    session.handle(text);
  });
  ws.on('error', (e) => log.warn('websocket error', e.message));
  send({ t: 'hello', version: '1' });
  return state;
}
