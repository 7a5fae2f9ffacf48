import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Duplex } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { bindSourcesOfCreate, unsharedBind, unsharedMessage } from '../../../app/shares.js';
import { EngineProxy, type CreatePolicy } from './engine-proxy.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-engproxy-'));
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let seq = 0;
const sockPath = (name: string): string => path.join(dir, `${name}-${seq++}.sock`);

interface Seen {
  method: string;
  url: string;
  body: Buffer;
  headers?: http.IncomingHttpHeaders;
}

/** A stand-in dockerd made with Node's http server: records requests, streams on demand, hijacks on Upgrade. */
async function fakeEngine() {
  const seen: Seen[] = [];
  let release: () => void = () => undefined;
  const released = new Promise<void>((r) => (release = r));
  const load = { bytes: 0, hash: crypto.createHash('sha256') };
  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    if (url === '/v1.43/load') {
      req.on('data', (c: Buffer) => {
        load.bytes += c.length;
        load.hash.update(c);
      });
      req.on('end', () => res.end(JSON.stringify({ bytes: load.bytes, sha: load.hash.digest('hex') })));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url, body: Buffer.concat(chunks), headers: req.headers });
      if (url.startsWith('/v1.43/events')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"status":"first"}\n');
        void released.then(() => res.end('{"status":"last"}\n'));
      } else if (/\/containers\/create/.test(url)) {
        res.writeHead(201, { 'Content-Type': 'application/json', 'Api-Version': '1.43' });
        res.end('{"Id":"c0ffee","Warnings":[]}\n');
      } else {
        res.writeHead(200, { 'Content-Type': 'text/plain', 'Api-Version': '1.43' });
        res.end(req.method === 'HEAD' ? undefined : `OK ${req.method} ${url}`);
      }
    });
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', body: Buffer.alloc(0) });
    socket.write('HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n');
    socket.on('data', (d: Buffer) => socket.write(d.toString().toUpperCase()));
    socket.on('end', () => setTimeout(() => socket.end('after-eof'), 50));
  });
  const upstream = sockPath('engine');
  await new Promise<void>((r) => server.listen(upstream, () => r()));
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });
  return { seen, release, load, path: upstream };
}

async function startProxy(open: () => Promise<Duplex>, policy?: CreatePolicy, bodyLimit?: number): Promise<EngineProxy> {
  const p = new EngineProxy(sockPath('proxy'), open, 'in the VM', { createPolicy: policy, bodyLimit });
  await p.listen();
  cleanups.push(() => p.close());
  return p;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function request(socketPath: string, opts: http.RequestOptions, body?: string | Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, ...opts }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Raw bytes in, raw bytes out on one connection; resolves when the proxy ends it. */
function rawRoundTrip(socketPath: string, payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.createConnection({ path: socketPath, allowHalfOpen: true });
    let out = '';
    c.on('data', (d: Buffer) => (out += d.toString()));
    c.on('end', () => {
      c.end();
      resolve(out);
    });
    c.on('error', reject);
    c.end(payload);
  });
}

function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms))]);
}

const shares = ['/tmp', '/home/ana'];
const policy: CreatePolicy = (b) => {
  const u = unsharedBind(bindSourcesOfCreate(b), shares);
  return u ? { status: 400, message: u.message } : undefined;
};

/** Like an ssh2 channel: a plain Duplex, none of net.Socket's ref/unref/setKeepAlive/setTimeout. */
function channelLike(sock: net.Socket): Duplex {
  const d = new Duplex({
    allowHalfOpen: true,
    read: () => void sock.resume(),
    write: (c: Buffer, _e, cb) => void sock.write(c, cb),
    final: (cb) => {
      sock.end();
      cb();
    },
    destroy: (e, cb) => {
      sock.destroy();
      cb(e);
    },
  });
  sock.on('data', (c: Buffer) => {
    if (!d.push(c)) sock.pause();
  });
  sock.on('end', () => d.push(null));
  sock.on('close', () => d.destroy());
  return d;
}

describe('EngineProxy', () => {
  it('serves a 0600 socket in a 0700 dir and passes requests and answers through unchanged', async () => {
    const engine = await fakeEngine();
    const p = await startProxy(async () => net.createConnection(engine.path));
    expect(fs.statSync(p.socketPath).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(p.socketPath)).mode & 0o777).toBe(0o700);
    const a = await request(p.socketPath, { path: '/v1.43/containers/json?all=1' });
    expect(a).toMatchObject({ status: 200, headers: { 'api-version': '1.43', 'content-type': 'text/plain' } });
    expect(a.body.toString()).toBe('OK GET /v1.43/containers/json?all=1');
    const head = await request(p.socketPath, { method: 'HEAD', path: '/_ping' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    // A client that half-closes after its request (nc, socat) still gets the whole answer.
    const raw = await rawRoundTrip(p.socketPath, 'GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n');
    expect(raw).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(raw).toContain('\r\nOK GET /_ping\r\n');
  });

  it('keeps a client connection alive across requests', async () => {
    const engine = await fakeEngine();
    const p = await startProxy(async () => net.createConnection(engine.path));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(() => agent.destroy());
    for (const n of [1, 2, 3]) expect((await request(p.socketPath, { agent, path: `/v1.43/info?n=${n}` })).body.toString()).toBe(`OK GET /v1.43/info?n=${n}`);
    expect(p.served).toBe(1);
    expect(engine.seen.map((s) => s.url)).toEqual(['/v1.43/info?n=1', '/v1.43/info?n=2', '/v1.43/info?n=3']);
  });

  it('tells a listener each answer\'s status (the VM trims its disk after removes), and a throwing listener changes nothing', async () => {
    const engine = await fakeEngine();
    const heard: string[] = [];
    const p = new EngineProxy(sockPath('proxy'), async () => net.createConnection(engine.path), 'in the VM', {
      onAnswer: (m, u, s) => {
        heard.push(`${m} ${u} ${s}`);
        throw new Error('listener bug');
      },
    });
    await p.listen();
    cleanups.push(() => p.close());
    const a = await request(p.socketPath, { method: 'DELETE', path: '/v1.43/containers/abc?v=1' });
    expect(a.body.toString()).toBe('OK DELETE /v1.43/containers/abc?v=1');
    expect(heard).toEqual(['DELETE /v1.43/containers/abc?v=1 200']);
    // A streamed answer is heard when it ends, not when its head arrives (a wait for removal ends once the container is gone).
    const streamed = request(p.socketPath, { path: '/v1.43/events?since=0' });
    await new Promise((r) => setTimeout(r, 200));
    expect(heard).toHaveLength(1);
    engine.release();
    expect((await streamed).body.toString()).toContain('"last"');
    expect(heard.at(-1)).toBe('GET /v1.43/events?since=0 200');
  });

  it('refuses a create that binds an unshared folder in dockerd\'s error shape, and the connection stays usable', async () => {
    const engine = await fakeEngine();
    const p = await startProxy(async () => net.createConnection(engine.path), policy);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(() => agent.destroy());
    const body = JSON.stringify({ Image: 'busybox', HostConfig: { Binds: ['/tmp/ok:/ok', '/srv/data:/data:ro'] } });
    const headers = { 'Content-Type': 'application/json' };
    for (const url of ['/v1.43/containers/create?name=web', '/containers/create']) {
      const a = await request(p.socketPath, { agent, method: 'POST', path: url, headers }, body);
      expect(a.status).toBe(400);
      expect(a.headers['content-type']).toBe('application/json');
      expect(a.body.toString()).toBe(`{"message":"${unsharedMessage('/srv/data')}"}\n`);
    }
    const mounts = JSON.stringify({ Image: 'busybox', HostConfig: { Mounts: [{ Type: 'bind', Source: '/srv/data', Target: '/d' }] } });
    expect((await request(p.socketPath, { agent, method: 'POST', path: '/v1.41/containers/create', headers }, mounts)).status).toBe(400);
    expect(engine.seen).toEqual([]);
    expect((await request(p.socketPath, { agent, path: '/v1.43/version' })).status).toBe(200);
    expect(p.served).toBe(1);
  });

  it('passes an allowed create on with the identical body, and a non-JSON or oversized one unread', async () => {
    const engine = await fakeEngine();
    const judged: unknown[] = [];
    const p = await startProxy(async () => net.createConnection(engine.path), (b) => (judged.push(b), policy(b)), 1024);
    const body = Buffer.from(`{ "Image": "busybox",\n  "HostConfig": {"Binds": ["/home/ana/site:/www", "named:/v"]}, "Labels": {"é": "ü"} }`);
    const a = await request(p.socketPath, { method: 'POST', path: '/v1.43/containers/create?name=x', headers: { 'Content-Type': 'application/json' } }, body);
    expect(a.status).toBe(201);
    expect(a.body.toString()).toBe('{"Id":"c0ffee","Warnings":[]}\n');
    expect(engine.seen[0]?.url).toBe('/v1.43/containers/create?name=x');
    expect(engine.seen[0]?.body.equals(body)).toBe(true);
    expect(judged).toEqual([JSON.parse(body.toString())]);
    const notJson = await request(p.socketPath, { method: 'POST', path: '/containers/create' }, '{"Image": "busybox", HostConfig: /srv/data');
    expect(notJson.status).toBe(201);
    expect(engine.seen[1]?.body.toString()).toBe('{"Image": "busybox", HostConfig: /srv/data');
    const big = Buffer.from(JSON.stringify({ Image: 'busybox', Env: ['X='.padEnd(5000, 'x')], HostConfig: { Binds: ['/srv/data:/d'] } }));
    expect((await request(p.socketPath, { method: 'POST', path: '/containers/create' }, big)).status).toBe(201);
    expect(engine.seen[2]?.body.equals(big)).toBe(true);
    expect(judged).toHaveLength(1);
  });

  it('sends the engine the body a policy rewrote, with its own length, however the client framed it', async () => {
    const engine = await fakeEngine();
    const p = await startProxy(async () => net.createConnection(engine.path), (b) => ({ body: { ...(b as object), Rewritten: 'é' } }));
    const sent = Buffer.from('{"Image":"busybox","HostConfig":{"Binds":["C:\\\\src:/app"]}}');
    const a = await request(p.socketPath, { method: 'POST', path: '/v1.43/containers/create', headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } }, sent);
    expect(a.status).toBe(201);
    const got = engine.seen[0];
    expect(JSON.parse(got?.body.toString() ?? '')).toEqual({ Image: 'busybox', HostConfig: { Binds: ['C:\\src:/app'] }, Rewritten: 'é' });
    expect(got?.headers?.['content-length']).toBe(String(got?.body.length));
    expect(got?.headers?.['transfer-encoding']).toBeUndefined();
  });

  it('opens fresh engine streams after the link changed, instead of reusing pooled ones that may never answer', async () => {
    const engine = await fakeEngine();
    const opened: { stream: Duplex; dead: boolean }[] = [];
    /** A stream to the engine that, once "dead", swallows what is written: an SSH channel on a dropped link. */
    const open = async () => {
      const conn = net.createConnection(engine.path);
      const entry = { stream: undefined as unknown as Duplex, dead: false };
      entry.stream = new Duplex({
        write(chunk, _enc, cb) {
          if (!entry.dead) conn.write(chunk);
          cb();
        },
        read() {},
        final(cb) {
          conn.end();
          cb();
        },
        destroy(err, cb) {
          conn.destroy();
          cb(err);
        },
      });
      conn.on('data', (d: Buffer) => entry.stream.push(d));
      conn.on('end', () => entry.stream.push(null));
      opened.push(entry);
      return entry.stream;
    };
    const p = await startProxy(open);
    const agent = new http.Agent({ keepAlive: false });
    expect((await request(p.socketPath, { agent, path: '/_ping' })).status).toBe(200);
    expect(opened).toHaveLength(1);
    for (const o of opened) o.dead = true;
    p.linkChanged();
    const t0 = Date.now();
    expect((await within(3_000, 'the ping after the link changed', request(p.socketPath, { agent, path: '/_ping' }))).status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(2_500);
    expect(opened).toHaveLength(2);
    expect(opened[0]?.stream.destroyed).toBe(true);
  });

  it('sends a GET again on a fresh stream when a pooled one had closed, but never a POST (it may have reached the engine)', async () => {
    // An engine that drops a connection, unanswered, at its second request: a pooled stream whose far end had gone.
    const served = new Map<net.Socket, number>();
    let connections = 0;
    const server = http.createServer((req, res) => {
      const n = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, n);
      if (n === 2) return void req.socket.destroy();
      req.resume();
      req.on('end', () => res.end(`answer ${req.method}`));
    });
    server.on('connection', () => connections++);
    const upstream = sockPath('engine');
    await new Promise<void>((r) => server.listen(upstream, () => r()));
    cleanups.push(() => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    });
    const p = await startProxy(async () => net.createConnection(upstream));
    const agent = new http.Agent({ keepAlive: false });
    expect((await request(p.socketPath, { agent, path: '/v1.43/containers/json' })).body.toString()).toBe('answer GET');
    const again = await request(p.socketPath, { agent, path: '/v1.43/containers/json' });
    expect(again).toMatchObject({ status: 200 });
    expect(again.body.toString()).toBe('answer GET');
    expect(connections).toBe(2);
    // The fresh stream is pooled now; its second request is a POST, which is not sent twice.
    const post = await request(p.socketPath, { agent, method: 'POST', path: '/v1.43/containers/c0ffee/stop' }, '');
    expect(post.status).toBe(502);
    expect(connections).toBe(2);
  });

  it('leaves no dropped stream in the pool even when it stays open until its far end confirms (an SSH channel to a paused guest)', async () => {
    const engine = await fakeEngine();
    let opened = 0;
    const open = async (): Promise<Duplex> => {
      opened++;
      const conn = net.createConnection(engine.path);
      // As ssh2's Channel: destroy() asks the far end to close; no `destroyed` flag, no 'close' until the guest answers.
      let dead = false;
      const stream = new Duplex({
        write(chunk, _enc, cb) {
          if (!dead) conn.write(chunk);
          cb();
        },
        read() {},
      });
      conn.on('data', (d: Buffer) => stream.push(d));
      Object.defineProperty(stream, 'destroy', { value: () => ((dead = true), stream) });
      return stream;
    };
    const p = await startProxy(open);
    const agent = new http.Agent({ keepAlive: false });
    expect((await request(p.socketPath, { agent, path: '/_ping' })).status).toBe(200);
    p.linkChanged();
    expect((await within(3_000, 'the ping after the drop', request(p.socketPath, { agent, path: '/_ping' }))).status).toBe(200);
    expect(opened).toBe(2);
  });

  it('streams an answer as it comes (events, logs -f), chunked', async () => {
    const engine = await fakeEngine();
    const p = await startProxy(async () => net.createConnection(engine.path));
    const got = await within(10_000, 'the streamed answer', new Promise<{ te: string | undefined; pieces: string[] }>((resolve, reject) => {
      const req = http.get({ socketPath: p.socketPath, path: '/v1.43/events?since=0' }, (res) => {
        const pieces: string[] = [];
        res.on('data', (d: Buffer) => {
          pieces.push(d.toString());
          // The engine sends the rest only once the first piece has reached the client.
          if (pieces.length === 1) engine.release();
        });
        res.on('end', () => resolve({ te: res.headers['transfer-encoding'], pieces }));
      });
      req.on('error', reject);
    }));
    expect(got.te).toBe('chunked');
    expect(got.pieces[0]).toBe('{"status":"first"}\n');
    expect(got.pieces.join('')).toBe('{"status":"first"}\n{"status":"last"}\n');
  });

  it('streams a 64 MiB chunked request body without holding it', async () => {
    const engine = await fakeEngine();
    const p = await startProxy(async () => net.createConnection(engine.path));
    const chunk = Buffer.alloc(1 << 20);
    for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31) % 251;
    const expected = crypto.createHash('sha256');
    let sent = 0;
    let maxInFlight = 0;
    const answer = new Promise<Answer>((resolve, reject) => {
      const req = http.request({ socketPath: p.socketPath, method: 'POST', path: '/v1.43/load', headers: { 'Content-Type': 'application/x-tar' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      void (async () => {
        for (let i = 0; i < 64; i++) {
          expected.update(chunk);
          sent += chunk.length;
          if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
          maxInFlight = Math.max(maxInFlight, sent - engine.load.bytes);
        }
        req.end();
      })();
    });
    const a = await within(60_000, 'the upload', answer);
    expect(JSON.parse(a.body.toString())).toEqual({ bytes: 64 << 20, sha: expected.digest('hex') });
    // What is between the client and the engine at any time: socket buffers, not the body.
    expect(maxInFlight).toBeLessThan(8 << 20);
  });

  it('hijacks an Upgrade: tcp attach: raw both ways, and the output still arrives after the client half-closes', async () => {
    const engine = await fakeEngine();
    const p = await startProxy(async () => net.createConnection(engine.path));
    const out = await within(10_000, 'the hijacked exchange', new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request({
        socketPath: p.socketPath,
        method: 'POST',
        path: '/v1.43/containers/c0ffee/attach?stream=1&stdin=1&stdout=1',
        headers: { Connection: 'Upgrade', Upgrade: 'tcp' },
      });
      req.on('upgrade', (res: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
        let text = head.toString();
        socket.on('data', (d: Buffer) => (text += d.toString()));
        socket.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        socket.write('hello ');
        setTimeout(() => socket.end('world'), 20);
      });
      req.on('error', reject);
      req.end();
    }));
    expect(out).toEqual({ status: 101, text: 'HELLO WORLDafter-eof' });
    expect(engine.seen).toEqual([{ method: 'POST', url: '/v1.43/containers/c0ffee/attach?stream=1&stdin=1&stdout=1', body: Buffer.alloc(0) }]);
  });

  it('hijacks an exec start without Upgrade (older clients): the body goes on, then raw both ways with half-close', async () => {
    // dockerd answers 200 and then the connection is raw; Node's http server cannot play that part, so this engine is a raw socket.
    let head = '';
    const engine = net.createServer({ allowHalfOpen: true }, (c) => {
      let buf = Buffer.alloc(0);
      let hijacked = false;
      c.on('data', (d: Buffer) => {
        if (hijacked) return void c.write(d.toString().toUpperCase());
        buf = Buffer.concat([buf, d]);
        const end = buf.indexOf('\r\n\r\n');
        const len = Number(/content-length: (\d+)/i.exec(buf.toString())?.[1] ?? 0);
        if (end < 0 || buf.length < end + 4 + len) return;
        head = buf.toString();
        hijacked = true;
        c.write('HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n');
      });
      c.on('end', () => setTimeout(() => c.end('bye'), 50));
    });
    const upstream = sockPath('raw-engine');
    await new Promise<void>((r) => engine.listen(upstream, () => r()));
    cleanups.push(() => void engine.close());
    const p = await startProxy(async () => net.createConnection({ path: upstream, allowHalfOpen: true }));
    const body = '{"Detach":false,"Tty":false}';
    const text = await within(10_000, 'the hijacked exec', new Promise<string>((resolve, reject) => {
      const c = net.createConnection({ path: p.socketPath, allowHalfOpen: true });
      let out = '';
      let wrote = false;
      c.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\r\n\r\n') && !wrote) {
          wrote = true;
          c.write('ping');
          setTimeout(() => c.end(), 20);
        }
      });
      c.on('end', () => resolve(out));
      c.on('error', reject);
      c.write(`POST /v1.41/exec/abc/start HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    }));
    expect(text).toBe('HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\nPINGbye');
    expect(head).toBe(`POST /v1.41/exec/abc/start HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  });

  it('works over streams that are not sockets (SSH channels), reusing them across connections', async () => {
    const engine = await fakeEngine();
    let opened = 0;
    const p = await startProxy(async () => {
      opened++;
      const d = channelLike(net.createConnection({ path: engine.path, allowHalfOpen: true }));
      expect('setKeepAlive' in d).toBe(false);
      return d;
    });
    for (let i = 0; i < 5; i++) expect((await request(p.socketPath, { agent: false, path: `/v1.43/_ping?i=${i}` })).status).toBe(200);
    expect(p.served).toBe(5);
    expect(opened).toBe(1);
    const out = await within(10_000, 'the hijack over a channel', new Promise<string>((resolve, reject) => {
      const req = http.request({ socketPath: p.socketPath, method: 'POST', path: '/exec/x/start', headers: { Connection: 'Upgrade', Upgrade: 'tcp' } });
      req.on('upgrade', (_res: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
        let text = head.toString();
        socket.on('data', (d: Buffer) => (text += d.toString()));
        socket.on('end', () => resolve(text));
        socket.end('abc');
      });
      req.on('error', reject);
      req.end();
    }));
    expect(out).toBe('ABCafter-eof');
  });

  it('answers 502 with a reason when the engine cannot be reached, on plain and upgraded requests', async () => {
    const p = await startProxy(() => Promise.reject(new Error('VM is stopped')));
    const a = await request(p.socketPath, { path: '/_ping' });
    expect(a.status).toBe(502);
    expect(a.headers['content-type']).toBe('application/json');
    expect(JSON.parse(a.body.toString())).toEqual({ message: 'Berth: the engine in the VM is unreachable: VM is stopped' });
    const up = await request(p.socketPath, { method: 'POST', path: '/containers/x/attach', headers: { Connection: 'Upgrade', Upgrade: 'tcp' } });
    expect(up.status).toBe(502);
    expect(up.body.toString()).toContain('VM is stopped');
    const raw = await rawRoundTrip(p.socketPath, 'GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(raw).toMatch(/^HTTP\/1\.1 502 /);
  });

  it('close() ends open connections, streaming ones included, and removes the socket', async () => {
    const engine = await fakeEngine();
    const p = await startProxy(async () => net.createConnection(engine.path));
    const ended = new Promise<string>((resolve) => {
      const req = http.get({ socketPath: p.socketPath, path: '/v1.43/events' }, (res) => {
        res.once('data', () => void p.close());
        res.on('close', () => resolve('closed'));
      });
      req.on('error', () => resolve('closed'));
    });
    expect(await within(10_000, 'the end of the stream', ended)).toBe('closed');
    expect(fs.existsSync(p.socketPath)).toBe(false);
  });

  it('replaces a stale socket file but refuses to steal a live one or clobber a regular file', async () => {
    const exported = sockPath('stale');
    const fail = () => Promise.reject(new Error('x'));
    const first = new EngineProxy(exported, fail);
    await first.listen();
    await expect(new EngineProxy(exported, fail).listen()).rejects.toMatchObject({ code: 'CONFLICT' });
    await first.close();
    const crashed = net.createServer();
    await new Promise<void>((r) => crashed.listen(exported, () => r()));
    (crashed as unknown as { _handle: { close(): void } })._handle.close();
    const second = new EngineProxy(exported, fail);
    await second.listen();
    cleanups.push(() => second.close());
    const file = path.join(dir, 'regular');
    fs.writeFileSync(file, 'x');
    await expect(new EngineProxy(file, fail).listen()).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
