// Serving an engine socket on the host: claim its path (private dir, stale socket removed, a live or foreign one refused), listen, 0600.
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { BerthError } from '../../../app/errors.js';
import { ensurePrivateDir } from '../settings/private-file.js';

/** A Windows named pipe (`\\.\pipe\…`), which has no file to claim or chmod. */
export function isPipePath(socketPath: string): boolean {
  return socketPath.startsWith('\\\\.\\pipe\\');
}

/** True when something accepts connections on the socket. */
export function isLive(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.createConnection(socketPath);
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}

/** Makes `server` listen on the socket path: refuses a path that is not a socket or is served by another process, removes a stale one, and leaves it 0600 in a 0700 folder. */
export async function listenOnSocket(server: net.Server, socketPath: string): Promise<void> {
  const pipe = isPipePath(socketPath);
  if (!pipe) {
    await ensurePrivateDir(path.dirname(socketPath));
    const st = await fs.lstat(socketPath).catch(() => undefined);
    if (st) {
      if (!st.isSocket()) throw new BerthError('CONFLICT', `${socketPath} exists and is not a socket; move it away so Berth can serve the engine there.`);
      if (await isLive(socketPath)) throw new BerthError('CONFLICT', `Another process already serves ${socketPath} (is a second Berth running?). Quit it and start the VM again.`);
      await fs.unlink(socketPath);
    }
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (!pipe) await fs.chmod(socketPath, 0o600);
}
