import net from 'node:net';
import ssh2 from 'ssh2';
import type { Connection } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateKeyPair, publicKeyBlob } from './keys.js';
import { backoffDelay } from '../../../app/backoff.js';
import { connectOnce, RECONNECT_BACKOFF, SshSession, type SshTarget } from './ssh.js';

/** An in-process sshd: exec echoes the command, shells report their window size, streamlocal/tcpip echo bytes. */
function fakeSshd(hostKey: string, clientPub: string): { server: ssh2.Server; conns: Set<Connection> } {
  const allowed = publicKeyBlob(clientPub);
  const conns = new Set<Connection>();
  const server = new ssh2.Server({ hostKeys: [hostKey] }, (client) => {
    conns.add(client);
    client.on('close', () => conns.delete(client));
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (ctx.method === 'publickey' && Buffer.from(ctx.key.data).equals(allowed)) ctx.accept();
      else ctx.reject(['publickey']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        let size = '';
        session.on('pty', (ok, _r, info) => { size = `${info.cols}x${info.rows}`; ok?.(); });
        session.on('window-change', (ok, _r, info) => { size = `${info.cols}x${info.rows}`; ok?.(); });
        session.on('exec', (ok, _r, info) => {
          const ch = ok();
          ch.write(`ran: ${info.command}`);
          ch.stderr.write('warn');
          ch.exit(3);
          ch.end();
        });
        session.on('shell', (ok) => {
          const ch = ok();
          ch.on('data', (d: Buffer) => {
            if (d.toString() === 'size\n') ch.write(`size=${size}\n`);
            if (d.toString() === 'exit\n') { ch.exit(0); ch.end(); }
          });
        });
      });
      const echo = (accept: () => ssh2.ServerChannel, tag: string): void => {
        const ch = accept();
        ch.on('data', (d: Buffer) => ch.write(`${tag}:${d.toString()}`));
        ch.on('end', () => ch.end());
      };
      client.on('openssh.streamlocal', (accept, _r, info) => echo(accept, info.socketPath));
      client.on('tcpip', (accept, _r, info) => echo(accept, `${info.destIP}:${info.destPort}`));
    });
  });
  return { server, conns };
}

describe('SshSession against an in-process sshd', () => {
  const host = generateKeyPair('host');
  const client = generateKeyPair('client');
  const { server, conns } = fakeSshd(host.private, client.public);
  let target: SshTarget;

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    target = { host: '127.0.0.1', port, username: 'root', privateKey: client.private, hostKeyBlob: publicKeyBlob(host.public) };
  });
  afterAll(() => void server.close());

  it('runs commands and returns output, stderr and exit code', async () => {
    const s = new SshSession(target);
    await s.waitForLogin(Date.now() + 5000);
    expect(await s.exec('docker version')).toEqual({ code: 3, signal: undefined, stdout: 'ran: docker version', stderr: 'warn' });
    s.close();
  });

  it('opens a shell with a pty of the given size and resizes it', async () => {
    const s = new SshSession(target);
    await s.waitForLogin(Date.now() + 5000);
    const sh = await s.shell({ cols: 120, rows: 40 });
    const out: string[] = [];
    sh.onData((d) => out.push(d.toString()));
    const exited = new Promise<number | null>((r) => sh.onExit(r));
    const next = async (): Promise<string> => {
      const n = out.length;
      for (let i = 0; i < 500 && out.length === n; i++) await new Promise((r) => setTimeout(r, 10));
      return out.at(-1) ?? '';
    };
    sh.write('size\n');
    expect(await next()).toBe('size=120x40\n');
    sh.resize(200, 50);
    await new Promise((r) => setTimeout(r, 50));
    sh.write('size\n');
    expect(await next()).toBe('size=200x50\n');
    sh.write('exit\n');
    expect(await exited).toBe(0);
    s.close();
  });

  it('forwards to a unix socket and to host:port in the guest', async () => {
    const s = new SshSession(target);
    await s.waitForLogin(Date.now() + 5000);
    const read = (d: NodeJS.ReadWriteStream, msg: string): Promise<string> =>
      new Promise((r) => { d.once('data', (b: Buffer) => r(b.toString())); d.write(msg); });
    const u = await s.openUnix('/var/run/docker.sock');
    expect(await read(u, 'ping')).toBe('/var/run/docker.sock:ping');
    u.destroy();
    const t = await s.openTcp('172.17.0.2', 8080);
    expect(await read(t, 'hi')).toBe('172.17.0.2:8080:hi');
    t.destroy();
    s.close();
  });

  it('reconnects by itself after the connection drops', async () => {
    const s = new SshSession(target);
    await s.waitForLogin(Date.now() + 5000);
    const events: boolean[] = [];
    s.onConnection((up) => events.push(up));
    for (const c of conns) c.end();
    // The drop is seen first (a fixed 100 ms wait let a stalled worker exec on the dying connection), then exec reconnects.
    await expect.poll(() => events[0], { timeout: 5_000, interval: 10 }).toBe(false);
    expect((await s.exec('after')).stdout).toBe('ran: after');
    expect(events).toEqual([false, true]);
    expect(s.reconnects).toBe(1);
    s.close();
  });

  it('turns Nagle off on its socket, so small requests are not held for the peer\'s delayed ACK', async () => {
    const spy = vi.spyOn(net.Socket.prototype, 'setNoDelay');
    try {
      const c = await connectOnce(target, 3000);
      const sock = (c as unknown as { _sock: net.Socket })._sock;
      expect(spy.mock.contexts.some((ctx, i) => ctx === sock && spy.mock.calls[i]?.[0] === true)).toBe(true);
      c.end();
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses a guest presenting another host key, fatally (no retry loop)', async () => {
    const other = generateKeyPair('other');
    const t = { ...target, hostKeyBlob: publicKeyBlob(other.public) };
    await expect(connectOnce(t, 3000)).rejects.toMatchObject({ code: 'VM_ERROR', fatal: true });
    const s = new SshSession(t);
    const t0 = Date.now();
    await expect(s.waitForLogin(Date.now() + 10_000)).rejects.toThrow(/host key other than the pinned/);
    // Fatal at the first refusal: a retry loop would go on to the 10 s deadline.
    expect(Date.now() - t0).toBeLessThan(8000);
  });

  it('backs off from 100 ms to at most 3 s', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((a) => backoffDelay(a, RECONNECT_BACKOFF))).toEqual([100, 200, 400, 800, 1600, 3000, 3000]);
  });
});
