// Last-resort handlers around `berth serve`'s request and upgrade listeners: no input may crash the server.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createLogger } from '../core/log.js';

const log = createLogger('serve');

/** What went wrong, in a few words: the error's name and the start of its message (the log redacts secrets). */
function what(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}`.replace(/[\r\n]+/g, ' ').slice(0, 160) : typeof e;
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;
type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** Runs `fn`; if it throws, logs the failure (never the request's headers) and answers 400, or cuts the response short. */
export function guardRequest(fn: RequestListener): RequestListener {
  return (req, res) => {
    try {
      fn(req, res);
    } catch (e) {
      log.error(`a request to berth serve failed and was answered 400 (${what(e)})`);
      try {
        if (res.headersSent) res.destroy();
        else {
          res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
          res.end('Bad request.');
        }
      } catch {
        res.destroy();
      }
    }
  };
}

/**
 * Runs `fn` on an upgrade request. The socket gets an error listener first (Node hands an upgrade's socket over
 * without one, so a peer's reset while it is being refused would otherwise be an uncaught error); if `fn` throws,
 * the failure is logged and the socket is answered 400 and closed.
 */
export function guardUpgrade(fn: UpgradeListener): UpgradeListener {
  return (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    try {
      fn(req, socket, head);
    } catch (e) {
      log.error(`a WebSocket upgrade to berth serve failed and was refused (${what(e)})`);
      try {
        if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        else socket.destroy();
      } catch {
        socket.destroy();
      }
    }
  };
}
