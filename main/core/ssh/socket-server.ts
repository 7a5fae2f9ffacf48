// A local engine socket's server: listens on a claimed 0600 path (socket-path.ts), counts and tracks its connections, and on close ends them and removes the path.
import fs from 'node:fs/promises';
import net from 'node:net';
import { isPipePath, listenOnSocket } from './socket-path.js';
import { createLogger } from '../log.js';

const log = createLogger('vm.socket');

export class SocketServer {
  private server: net.Server | undefined;
  private readonly conns = new Set<net.Socket>();
  /** Connections served so far (diagnostics, tests). */
  served = 0;

  /** `accept` gets each connection, already counted and tracked (close() destroys it). */
  constructor(
    readonly socketPath: string,
    private readonly options: net.ServerOpts,
    private readonly accept: (sock: net.Socket) => void,
  ) {}

  /** Claims the path (a stale socket removed, a live one or a file refused) and listens; 0600 in a 0700 folder. Once. */
  async listen(): Promise<void> {
    if (this.server) return;
    const server = net.createServer(this.options, (sock) => {
      this.conns.add(sock);
      this.served++;
      sock.once('close', () => this.conns.delete(sock));
      this.accept(sock);
    });
    await listenOnSocket(server, this.socketPath);
    server.on('error', (e) => log.error('engine socket server error', { error: String(e) }));
    this.server = server;
    log.info('serving the engine socket', { path: this.socketPath });
  }

  /** Ends every connection (at once, before the first await), stops listening and removes the socket file. */
  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    for (const c of this.conns) c.destroy();
    if (s) await new Promise<void>((r) => s.close(() => r()));
    if (!isPipePath(this.socketPath)) await fs.unlink(this.socketPath).catch(() => undefined);
  }
}
