// The engine proxy in front of the real dockerd, driven by the real docker CLI: refusals it prints, hijacks, streams, uploads.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindSourcesOfCreate, unsharedBind, unsharedMessage } from '../../../app/shares.js';
import { BUSYBOX, TEST_LABEL } from '../testing/engine.js';
import { EngineProxy } from './engine-proxy.js';

const ENGINE = '/var/run/docker.sock';
const PREFIX = 'berth-proxy-itest-';
const run = promisify(execFile);

/** The environment of a person's shell, less what would point the CLI elsewhere than `-H`. */
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_API_VERSION', 'DOCKER_BUILDKIT'].includes(k)),
);

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  /** ms since the start when stdout first had data, and when the command exited. */
  firstOutAt: number | undefined;
  exitAt: number;
}

let counter = 0;
const name = (what: string): string => `${PREFIX}${what}-${process.pid}-${counter++}`;

/** Runs the docker CLI (never blocking the event loop: the proxy lives in this process). */
function docker(host: string, args: string[], input?: string | Readable): Promise<Ran> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const p = spawn('docker', ['-H', `unix://${host}`, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let firstOutAt: number | undefined;
    p.stdout.on('data', (d: Buffer) => {
      firstOutAt ??= Date.now() - t0;
      stdout += d.toString();
    });
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr, firstOutAt, exitAt: Date.now() - t0 }));
    if (typeof input === 'string') p.stdin.end(input);
    else if (input) input.pipe(p.stdin);
    else p.stdin.end();
  });
}

describe('EngineProxy in front of the real dockerd, with the docker CLI', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-engine-proxy-'));
  const sock = path.join(dir, 'run', 'docker.sock');
  let proxy: EngineProxy;
  const via = (args: string[], input?: string | Readable): Promise<Ran> => docker(sock, args, input);
  const label = ['--label', `${TEST_LABEL}=1`];

  beforeAll(async () => {
    proxy = new EngineProxy(sock, async () => net.createConnection(ENGINE));
    proxy.setCreatePolicy((b) => {
      const u = unsharedBind(bindSourcesOfCreate(b), ['/tmp']);
      return u ? { status: 400, message: u.message } : undefined;
    });
    await proxy.listen();
  });

  afterAll(async () => {
    const { stdout } = await run('docker', ['-H', `unix://${ENGINE}`, 'ps', '-aq', '--filter', `name=${PREFIX}`], { env });
    const ids = stdout.split('\n').filter(Boolean);
    if (ids.length > 0) await run('docker', ['-H', `unix://${ENGINE}`, 'rm', '-f', ...ids], { env });
    await run('docker', ['-H', `unix://${ENGINE}`, 'rmi', '-f', `${PREFIX}img:${process.pid}`], { env }).catch(() => undefined);
    await proxy?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an unshared bind, -v and --mount alike, and the CLI prints the message', async () => {
    const message = unsharedMessage('/srv/data');
    expect(message).toBe('/srv/data is not shared with the Berth VM: add it under VM → File sharing');
    const a = name('refused');
    const v = await via(['run', '--rm', '--name', a, ...label, '-v', '/srv/data:/data', BUSYBOX, 'true']);
    expect(v.code).not.toBe(0);
    expect(v.stderr).toContain(`Error response from daemon: ${message}`);
    const m = await via(['run', '--rm', '--name', a, ...label, '--mount', 'type=bind,source=/srv/data,target=/d', BUSYBOX, 'true']);
    expect(m.code).not.toBe(0);
    expect(m.stderr).toContain(`Error response from daemon: ${message}`);
    expect((await via(['ps', '-aq', '--filter', `name=${a}`])).stdout).toBe('');
  });

  it('lets a shared bind through, and it works', async () => {
    const shared = fs.mkdtempSync(path.join('/tmp', `${PREFIX}x-`));
    fs.writeFileSync(path.join(shared, 'f'), 'from the host\n');
    try {
      const r = await via(['run', '--rm', '--name', name('shared'), ...label, '-v', `${shared}:/x`, BUSYBOX, 'cat', '/x/f']);
      expect(r).toMatchObject({ code: 0, stdout: 'from the host\n' });
    } finally {
      fs.rmSync(shared, { recursive: true, force: true });
    }
  });

  it('docker run -i: stdin goes in through the attach hijack, the output comes back after stdin ends', async () => {
    const input = Array.from({ length: 2000 }, (_, i) => `line ${i} through the proxy`).join('\n') + '\n';
    const r = await via(['run', '--rm', '-i', '--name', name('cat'), ...label, BUSYBOX, 'cat'], input);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(input);
  });

  it('docker exec -i echoes stdin back', async () => {
    const c = name('exec');
    expect((await via(['run', '-d', '--name', c, ...label, BUSYBOX, 'sleep', '300'])).code).toBe(0);
    const r = await via(['exec', '-i', c, 'cat'], 'hello exec\nsecond line\n');
    expect(r).toMatchObject({ code: 0, stdout: 'hello exec\nsecond line\n', stderr: '' });
    const t = await via(['exec', c, 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(t).toMatchObject({ code: 3, stdout: 'out\n', stderr: 'err\n' });
  });

  it('an exec start without Upgrade (older clients): dockerd answers 200 and the connection is raw both ways', async () => {
    const c = name('rawexec');
    expect((await via(['run', '-d', '--name', c, ...label, BUSYBOX, 'sleep', '300'])).code).toBe(0);
    const created = await new Promise<string>((resolve, reject) => {
      const body = JSON.stringify({ AttachStdin: true, AttachStdout: true, AttachStderr: true, Cmd: ['sh', '-c', 'cat; echo done >&2'] });
      const req = http.request({ socketPath: sock, method: 'POST', path: `/v1.41/containers/${c}/exec`, headers: { 'Content-Type': 'application/json' } }, (res) => {
        let out = '';
        res.on('data', (d: Buffer) => (out += d.toString()));
        res.on('end', () => resolve((JSON.parse(out) as { Id: string }).Id));
      });
      req.on('error', reject);
      req.end(body);
    });
    const raw = await new Promise<Buffer>((resolve, reject) => {
      const s = net.createConnection({ path: sock, allowHalfOpen: true });
      const chunks: Buffer[] = [];
      let sent = false;
      s.on('data', (d: Buffer) => {
        chunks.push(d);
        if (!sent && Buffer.concat(chunks).includes('\r\n\r\n')) {
          sent = true;
          s.end('stdin through a plain hijack\n'); // then half-closed: cat sees EOF, the output still comes back
        }
      });
      s.on('end', () => resolve(Buffer.concat(chunks)));
      s.on('error', reject);
      const body = '{"Detach":false,"Tty":false}';
      s.write(`POST /v1.41/exec/${created}/start HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    });
    const headEnd = raw.indexOf('\r\n\r\n');
    expect(raw.subarray(0, headEnd).toString()).toMatch(/^HTTP\/1\.1 200 OK\r\nContent-Type: application\/vnd\.docker\.raw-stream/);
    // The multiplexed stream: 8-byte frame headers (stream, 0, 0, 0, size) before each piece.
    const frames: Record<number, string> = { 1: '', 2: '' };
    for (let i = headEnd + 4; i + 8 <= raw.length; ) {
      const size = raw.readUInt32BE(i + 4);
      frames[raw[i] ?? 0] += raw.subarray(i + 8, i + 8 + size).toString();
      i += 8 + size;
    }
    expect(frames).toEqual({ 1: 'stdin through a plain hijack\n', 2: 'done\n' });
  });

  it('docker logs -f streams while the container runs', async () => {
    const c = name('logs');
    expect((await via(['run', '-d', '--name', c, ...label, BUSYBOX, 'sh', '-c', 'for i in 1 2 3 4 5 6; do echo line $i; sleep 0.4; done'])).code).toBe(0);
    const r = await via(['logs', '-f', c]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('line 1\nline 2\nline 3\nline 4\nline 5\nline 6\n');
    expect(r.firstOutAt).toBeDefined();
    expect(r.exitAt - (r.firstOutAt ?? r.exitAt)).toBeGreaterThan(1000);
  });

  it('docker events --since/--until streams events as they happen', async () => {
    const c = name('events');
    const now = Math.floor(Date.now() / 1000);
    const events = via(['events', '--since', String(now - 1), '--until', String(now + 6), '--filter', `container=${c}`, '--format', '{{.Action}}']);
    await new Promise((r) => setTimeout(r, 500));
    expect((await via(['run', '--rm', '--name', c, ...label, BUSYBOX, 'true'])).code).toBe(0);
    const r = await events;
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual(expect.arrayContaining(['create', 'start', 'die']));
    expect(r.exitAt - (r.firstOutAt ?? r.exitAt)).toBeGreaterThan(1000);
  });

  it('docker build sends the context and streams the output', async () => {
    const ctx = fs.mkdtempSync(path.join(dir, 'ctx-'));
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${BUSYBOX}\nCOPY hello.txt /hello.txt\nRUN echo built-through-proxy && cat /hello.txt\n`);
    fs.writeFileSync(path.join(ctx, 'hello.txt'), 'context arrived\n');
    const tag = `${PREFIX}img:${process.pid}`;
    const b = await via(['build', '--label', `${TEST_LABEL}=1`, '-t', tag, ctx]);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout + b.stderr).toContain('built-through-proxy');
    const r = await via(['run', '--rm', '--name', name('built'), ...label, tag, 'cat', '/hello.txt']);
    expect(r).toMatchObject({ code: 0, stdout: 'context arrived\n' });
  });

  it('docker save | docker load uploads an image archive', async () => {
    const save = spawn('docker', ['-H', `unix://${ENGINE}`, 'save', BUSYBOX], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    const r = await via(['load'], save.stdout);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Loaded image: ${BUSYBOX}`);
    expect(proxy.served).toBeGreaterThan(10);
  });
});
