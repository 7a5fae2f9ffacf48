// Test helpers that stop and start the real dockerd (fault tests only), and a loopback socket proxy.
import { execFileSync, spawnSync } from 'node:child_process';
import { createConnection, createServer, type Server } from 'node:net';

export function dockerdPid(): number | undefined {
  const r = spawnSync('pidof', ['dockerd'], { encoding: 'utf8' });
  const pid = Number(r.stdout.trim().split(/\s+/)[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export async function stopDockerd(timeoutMs = 30_000): Promise<void> {
  const pid = dockerdPid();
  if (!pid) return;
  process.kill(pid, 'SIGTERM');
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (!dockerdPid()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('dockerd did not stop');
}

/** Starts dockerd the way the test command does (idempotent). */
export function startDockerd(): void {
  execFileSync('bash', ['scripts/setup-env.sh'], { stdio: 'ignore', timeout: 120_000 });
}

/** A unix socket at `path` that forwards to `target` (the engine appears where there was none). */
export function socketProxy(path: string, target = '/var/run/docker.sock'): Promise<Server> {
  const server = createServer({ allowHalfOpen: true }, (client) => {
    const upstream = createConnection(target);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve(server));
  });
}
