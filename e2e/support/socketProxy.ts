// A unix-socket proxy in front of the real engine socket that a spec can cut and restore: the engine "goes away" for Berth only.
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class EngineSocketProxy {
  readonly dir = mkdtempSync(join(tmpdir(), 'berth-e2e-sock-'));
  readonly path = join(this.dir, 'docker.sock');
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly target = '/var/run/docker.sock') {}

  up(): Promise<void> {
    const server = createServer((client) => {
      const engine = createConnection(this.target);
      this.sockets.add(client).add(engine);
      const drop = () => {
        client.destroy();
        engine.destroy();
        this.sockets.delete(client);
        this.sockets.delete(engine);
      };
      client.on('error', drop).on('close', drop);
      engine.on('error', drop).on('close', drop);
      client.pipe(engine).pipe(client);
    });
    this.server = server;
    return new Promise((ok, fail) => server.once('error', fail).listen(this.path, () => ok()));
  }

  /** Closes the socket and every open connection through it (the event stream included). */
  down(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    for (const sock of this.sockets) sock.destroy();
    this.sockets.clear();
    return new Promise((ok) => (s ? s.close(() => ok()) : ok()));
  }

  async dispose(): Promise<void> {
    await this.down();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
