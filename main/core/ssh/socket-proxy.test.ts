import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SocketProxy } from './socket-proxy.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-sockproxy-'));
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A stand-in engine: reads the whole request until the client half-closes, then replies (as dockerd does for a POST body). */
function fakeEngine(sockPath: string): Promise<net.Server> {
  const s = net.createServer({ allowHalfOpen: true }, (c) => {
    let req = '';
    c.on('data', (d) => (req += d.toString()));
    c.on('end', () => c.end(`got ${req.length} bytes: ${req}`));
  });
  return new Promise((r) => s.listen(sockPath, () => r(s)));
}

function roundTrip(sockPath: string, payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.createConnection({ path: sockPath, allowHalfOpen: true });
    let out = '';
    c.on('data', (d) => (out += d.toString()));
    c.on('end', () => resolve(out));
    c.on('error', reject);
    c.end(payload);
  });
}

describe('SocketProxy', () => {
  it('serves a 0600 socket in a 0700 dir and keeps half-open connections alive for the reply', async () => {
    const engineSock = path.join(dir, 'engine.sock');
    const engine = await fakeEngine(engineSock);
    cleanups.push(() => void engine.close());
    const exported = path.join(dir, 'run', 'docker.sock');
    const p = new SocketProxy(exported, async () => net.createConnection({ path: engineSock, allowHalfOpen: true }));
    await p.listen();
    cleanups.push(() => p.close());
    expect(fs.statSync(exported).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(exported)).mode & 0o777).toBe(0o700);
    expect(await roundTrip(exported, 'GET /_ping')).toBe('got 10 bytes: GET /_ping');
    const many = await Promise.all(Array.from({ length: 20 }, (_, i) => roundTrip(exported, `req-${i}`)));
    expect(many[19]).toBe('got 6 bytes: req-19');
    expect(p.served).toBe(21);
  });

  it('answers 502 with a reason when the engine cannot be reached', async () => {
    const exported = path.join(dir, 'down.sock');
    const p = new SocketProxy(exported, () => Promise.reject(new Error('VM is stopped')));
    await p.listen();
    cleanups.push(() => p.close());
    const reply = await roundTrip(exported, 'GET /_ping HTTP/1.1\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 502 /);
    expect(reply).toContain('VM is stopped');
  });

  it('replaces a stale socket file but refuses to steal a live one or clobber a regular file', async () => {
    const exported = path.join(dir, 'stale.sock');
    const first = new SocketProxy(exported, () => Promise.reject(new Error('x')));
    await first.listen();
    await expect(new SocketProxy(exported, () => Promise.reject(new Error('x'))).listen()).rejects.toMatchObject({ code: 'CONFLICT' });
    await first.close();
    // Leave a stale socket behind (a crashed process): bind a server and drop it without unlinking.
    const crashed = net.createServer();
    await new Promise<void>((r) => crashed.listen(exported, () => r()));
    const fd = (crashed as unknown as { _handle: { close(): void } })._handle;
    fd.close();
    const second = new SocketProxy(exported, () => Promise.reject(new Error('x')));
    await second.listen();
    cleanups.push(() => second.close());
    const file = path.join(dir, 'regular');
    fs.writeFileSync(file, 'x');
    await expect(new SocketProxy(file, () => Promise.reject(new Error('x'))).listen()).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
