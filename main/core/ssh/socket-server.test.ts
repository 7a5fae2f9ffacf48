import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SocketServer } from './socket-server.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-sockserver-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function connect(socketPath: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const c = net.createConnection(socketPath, () => resolve(c));
    c.once('error', reject);
  });
}

describe('SocketServer', () => {
  it('is owner-only (0600 in a 0700 folder, a loose folder tightened), counts connections, and on close ends them and removes the socket', async () => {
    const loose = path.join(root, 'loose');
    fs.mkdirSync(loose, { mode: 0o755 });
    fs.chmodSync(loose, 0o755);
    const sockPath = path.join(loose, 'engine.sock');
    const accepted: net.Socket[] = [];
    const server = new SocketServer(sockPath, {}, (sock) => accepted.push(sock));
    await server.listen();
    await server.listen(); // once
    expect(fs.statSync(sockPath).mode & 0o777).toBe(0o600);
    expect(fs.statSync(loose).mode & 0o777).toBe(0o700);

    const client = await connect(sockPath);
    const ended = new Promise<void>((r) => client.once('close', () => r()));
    await expect.poll(() => accepted.length).toBe(1);
    expect(server.served).toBe(1);
    await server.close();
    await ended;
    expect(accepted[0]!.destroyed).toBe(true);
    expect(fs.existsSync(sockPath)).toBe(false);
  });

  it('takes over a stale socket, refuses a live one and a file that is not a socket', async () => {
    const sockPath = path.join(root, 'run', 'stale.sock');
    const live = new SocketServer(sockPath, {}, (s) => s.destroy());
    await live.listen();
    await expect(new SocketServer(sockPath, {}, () => undefined).listen()).rejects.toMatchObject({ code: 'CONFLICT' });
    // What a crashed process leaves: the socket file, with nobody listening.
    const crashed = net.createServer();
    await live.close();
    await new Promise<void>((r) => crashed.listen(sockPath, () => r()));
    (crashed as unknown as { _handle: { close(): void } })._handle.close();
    const next = new SocketServer(sockPath, {}, (s) => s.destroy());
    await next.listen();
    expect(fs.statSync(sockPath).mode & 0o777).toBe(0o600);
    await next.close();

    const file = path.join(root, 'run', 'not-a-socket');
    fs.writeFileSync(file, 'x');
    await expect(new SocketServer(file, {}, () => undefined).listen()).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
  });
});
