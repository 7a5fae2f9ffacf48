// A TCP listener on the host whose every connection becomes a stream into the guest (SSH forwardOut).
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { BerthError } from '../../../app/errors.js';
import { splice } from '../ssh/socket-proxy.js';
import { createLogger } from '../log.js';

const log = createLogger('vm.tunnel');

export class TunnelListener {
  private server: net.Server | undefined;
  private readonly conns = new Set<net.Socket>();

  constructor(readonly host: string, readonly port: number, private readonly open: () => Promise<Duplex>) {}

  async listen(): Promise<void> {
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (sock) => {
      this.conns.add(sock);
      sock.once('close', () => this.conns.delete(sock));
      this.open().then(
        (remote) => {
          if (sock.destroyed) return void remote.destroy();
          splice(sock, remote);
          sock.resume();
        },
        (e: unknown) => {
          log.warn('tunnel could not reach the guest', { port: this.port, error: String(e) });
          sock.destroy();
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) => {
        reject(
          e.code === 'EADDRINUSE'
            ? new BerthError('PORT_IN_USE', `Host port ${this.host}:${this.port} is taken by another program.`, { detail: e.message })
            : new BerthError('VM_ERROR', `Could not listen on ${this.host}:${this.port}: ${e.message}`),
        );
      });
      server.listen({ host: this.host, port: this.port, exclusive: true }, () => resolve());
    });
    server.on('error', (e) => log.warn('tunnel listener error', { port: this.port, error: String(e) }));
    this.server = server;
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    for (const c of this.conns) c.destroy();
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }
}
