// Serves the guest's docker.sock on the host (a 0600 unix socket in a 0700 dir, or a named pipe), one SSH stream per connection.
import type net from 'node:net';
import type { Duplex } from 'node:stream';
import { SocketServer } from './socket-server.js';
import { createLogger } from '../log.js';

const log = createLogger('vm.socket');

export type StreamOpener = () => Promise<Duplex>;

/** Joins two half-closable streams: each side's end is passed on, the reply still flows back (docker CLI needs this). */
export function splice(a: net.Socket, b: Duplex): void {
  let done = false;
  const destroy = (): void => {
    if (done) return;
    done = true;
    a.destroy();
    b.destroy();
  };
  a.on('error', destroy);
  b.on('error', destroy);
  a.on('close', () => { if (!b.writableEnded) b.end(); setTimeout(destroy, 0); });
  b.on('close', destroy);
  a.pipe(b);
  b.pipe(a);
}

export class SocketProxy {
  private readonly server: SocketServer;

  /** `where` names the engine in logs and in the error the client gets ("in the VM", "on ssh: ana@box"). */
  constructor(readonly socketPath: string, private readonly open: StreamOpener, private readonly where = 'in the VM') {
    this.server = new SocketServer(socketPath, { allowHalfOpen: true, pauseOnConnect: true }, (sock) => this.accept(sock));
  }

  /** Connections served so far (diagnostics, tests). */
  get served(): number {
    return this.server.served;
  }

  listen(): Promise<void> {
    return this.server.listen();
  }

  private accept(sock: net.Socket): void {
    this.open().then(
      (remote) => {
        if (sock.destroyed) {
          remote.destroy();
          return;
        }
        splice(sock, remote);
        sock.resume();
      },
      (e: unknown) => {
        log.warn(`could not reach the engine ${this.where}`, { error: String(e) });
        // Answer like an HTTP server would, so the docker CLI prints something useful rather than EOF.
        const msg = e instanceof Error ? e.message : String(e);
        const body = JSON.stringify({ message: `Berth: the engine ${this.where} is unreachable: ${msg}` });
        sock.end(`HTTP/1.1 502 Bad Gateway\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      },
    );
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
