// Logs, stats and publish on the real engine: chatty containers stream, samples arrive, a running container's port is published.
import { createSocket } from 'node:dgram';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BerthError } from '../../../app/errors.js';
import type { LogLine, StatsSample } from '../../../app/model.js';
import { RunSpec, type RunSpecInput } from '../../../app/runspec.js';
import type { Core } from '../api.js';
import { BUSYBOX, TEST_LABEL, cleanupTestObjects, startCore } from '../testing/engine.js';
import { createContainerHandlers } from './containers.js';
import { FakeSink, waitFor } from './containers-testkit.js';
import { LOG_BATCH } from './logs.js';

let core: Core;
let h: ReturnType<typeof createContainerHandlers>;

beforeAll(async () => {
  core = await startCore();
  h = createContainerHandlers(core.ctx);
});

afterAll(async () => {
  await cleanupTestObjects(core.ctx.docker);
  core.dispose();
});

const spec = (s: Partial<RunSpecInput>) => RunSpec.parse({ image: BUSYBOX, command: ['sleep', '3600'], ...s, labels: { [TEST_LABEL]: '1' } });
const sh = (script: string, s: Partial<RunSpecInput> = {}) => h.run(spec({ command: ['sh', '-c', script], ...s }));
const waitExit = (id: string) => core.ctx.docker.getContainer(id).wait();

async function logs(input: { id: string } & Record<string, unknown>, sink = new FakeSink<LogLine[], { lines: number }>()) {
  await h.logs({ follow: false, timestamps: false, ...input }, sink);
  const result = await sink.done;
  return { sink, result, lines: sink.chunks.flat() };
}

describe('logs', () => {
  it('streams a chatty container in batches, stdout and stderr apart', async () => {
    const r = await sh('seq 1 3000; echo oops >&2');
    await waitExit(r.id);
    const { sink, result, lines } = await logs({ id: r.id });
    expect(result.lines).toBe(3001);
    expect(lines).toHaveLength(3001);
    // The engine copies stdout and stderr separately, so only the order within one stream is kept.
    const out = lines.filter((l) => l.stream === 'stdout');
    expect(out.map((l) => l.text)).toEqual(Array.from({ length: 3000 }, (_, i) => String(i + 1)));
    expect(lines.find((l) => l.stream === 'stderr')).toEqual({ stream: 'stderr', text: 'oops' });
    expect(sink.chunks.length).toBeGreaterThanOrEqual(Math.ceil(3001 / LOG_BATCH.maxItems));
    expect(Math.max(...sink.chunks.map((c) => c.length))).toBeLessThanOrEqual(LOG_BATCH.maxItems);
  });

  it('passes a 90,000-character line intact, with and without timestamps', async () => {
    const r = await sh("head -c 90000 /dev/zero | tr '\\0' a; echo; echo after");
    await waitExit(r.id);
    const plain = await logs({ id: r.id });
    expect(plain.lines.map((l) => l.text.length)).toEqual([90_000, 5]);
    expect(plain.lines[0]?.text).toBe('a'.repeat(90_000));
    const stamped = await logs({ id: r.id, timestamps: true });
    expect(stamped.lines.map((l) => l.text.length)).toEqual([90_000, 5]);
    expect(stamped.lines[0]?.ts).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
  });

  it('tail, since, and a TTY container (raw stream)', async () => {
    const r = await sh('seq 1 100');
    await waitExit(r.id);
    expect((await logs({ id: r.id, tail: 5 })).lines.map((l) => l.text)).toEqual(['96', '97', '98', '99', '100']);
    expect((await logs({ id: r.id, since: Math.floor(Date.now() / 1000) + 60 })).lines).toEqual([]);
    const t = await sh('echo hello tty; echo second', { tty: true });
    await waitExit(t.id);
    expect((await logs({ id: t.id, timestamps: true })).lines.map((l) => [l.text, typeof l.ts])).toEqual([['hello tty', 'string'], ['second', 'string']]);
  });

  it('follow mode streams while the container runs and ends when it stops', async () => {
    const r = await sh('for i in 1 2 3 4 5; do echo tick $i; sleep 0.2; done');
    const sink = new FakeSink<LogLine[], { lines: number }>();
    await h.logs({ id: r.id, follow: true, timestamps: false }, sink);
    await waitFor(() => sink.chunks.flat().length >= 2, 5_000, 'first lines');
    expect(sink.result).toBeUndefined();
    expect(await sink.done).toEqual({ lines: 5 });
    expect(sink.chunks.flat().map((l) => l.text)).toEqual(['tick 1', 'tick 2', 'tick 3', 'tick 4', 'tick 5']);
  });

  it('pauses the engine stream while the consumer is behind, and loses nothing', async () => {
    const r = await sh('seq 1 50000');
    await waitExit(r.id);
    const sink = new FakeSink<LogLine[], { lines: number }>();
    sink.accept = false;
    await h.logs({ id: r.id, follow: false, timestamps: false }, sink);
    await waitFor(() => sink.chunks.length > 0, 5_000, 'first batch');
    await new Promise((res) => setTimeout(res, 300));
    const held = sink.chunks.flat().length;
    expect(held).toBeLessThan(50_000);
    expect(sink.result).toBeUndefined();
    expect(sink.drainWaiters).toBe(1);
    sink.drain();
    expect(await sink.done).toEqual({ lines: 50_000 });
    const all = sink.chunks.flat();
    expect(all).toHaveLength(50_000);
    expect(all[49_999]?.text).toBe('50000');
  });

  it('UNSUPPORTED for a log driver that keeps nothing', async () => {
    const r = await sh('echo hi', { log: { driver: 'none', options: {} } });
    await expect(h.logs({ id: r.id, follow: false, timestamps: false }, new FakeSink())).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('NOT_FOUND for a missing container, and closing stops a follow stream', async () => {
    await expect(h.logs({ id: 'berth-no-such-container', follow: true, timestamps: false }, new FakeSink())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const r = await sh('while true; do echo x; sleep 0.05; done');
    const sink = new FakeSink<LogLine[], { lines: number }>();
    const ctl = await h.logs({ id: r.id, follow: true, timestamps: false }, sink);
    await waitFor(() => sink.chunks.length > 0, 5_000, 'lines');
    sink.close();
    ctl.close();
    const n = sink.chunks.length;
    await new Promise((res) => setTimeout(res, 300));
    expect(sink.chunks.length).toBe(n);
  });
});

describe('stats', () => {
  it('samples arrive with docker-stats arithmetic and stop when the consumer closes', async () => {
    const r = await sh('while :; do :; done', { memory: 64 * 1024 * 1024 });
    const sink = new FakeSink<StatsSample, void>();
    const ctl = await h.stats({ id: r.id }, sink);
    await waitFor(() => sink.chunks.length >= 2, 15_000, 'two samples');
    const s = sink.chunks[sink.chunks.length - 1] as StatsSample;
    expect(s.memLimit).toBe(64 * 1024 * 1024);
    expect(s.memUsage).toBeGreaterThan(0);
    expect(s.pids).toBeGreaterThanOrEqual(1);
    expect(s.cpuPercent).toBeGreaterThan(10);
    expect(s.netRx).toBeGreaterThanOrEqual(0);
    sink.close();
    ctl.close();
    const n = sink.chunks.length;
    await new Promise((res) => setTimeout(res, 1500));
    expect(sink.chunks.length).toBe(n);
  });

  it('a container that is not running gives one sample and ends', async () => {
    const r = await h.create(spec({}));
    const sink = new FakeSink<StatsSample, void>();
    await h.stats({ id: r.id }, sink);
    await sink.done;
    expect(sink.chunks.length).toBeLessThanOrEqual(1);
  });

  it('ends when the container stops', async () => {
    const r = await sh('sleep 3600');
    const sink = new FakeSink<StatsSample, void>();
    await h.stats({ id: r.id }, sink);
    await waitFor(() => sink.chunks.length >= 1, 15_000, 'a sample');
    await h.kill({ id: r.id });
    await sink.done;
  });
});

describe('publish', () => {
  const udpNoPorts = async (id: string) => {
    const exec = await core.ctx.docker.getContainer(id).exec({ Cmd: ['cat', '/proc/net/snmp'], AttachStdout: true });
    const text = await new Promise<string>((resolve) => {
      void exec.start({}).then((s: NodeJS.ReadableStream) => {
        let t = '';
        s.on('data', (d: Buffer) => (t += d.toString('latin1')));
        s.on('end', () => resolve(t));
      });
    });
    const rows = text.split('\n').filter((l) => l.startsWith('Udp:'));
    const names = (rows[0] ?? '').split(/\s+/);
    const values = (rows[1] ?? '').split(/\s+/);
    return Number(values[names.indexOf('NoPorts')]);
  };

  it('publishes a port of a running container; the forwarder closes when it stops', async () => {
    const r = await h.run(spec({ command: ['httpd', '-f', '-p', '80', '-h', '/www'] }));
    expect(r.ports).toEqual([]);
    const p = await h.publish({ id: r.id, containerPort: 80, protocol: 'tcp' });
    expect(p.hostIp).toBe('127.0.0.1');
    const body = await waitFor(async () => (await fetch(`http://127.0.0.1:${p.hostPort}/`, { signal: AbortSignal.timeout(2000) }).then((x) => x.text()).catch(() => '')), 10_000, 'http');
    expect(body).toContain('hello from berth');
    expect(await h.publish({ id: r.id, containerPort: 80, protocol: 'tcp' })).toEqual(p);
    await h.stop({ id: r.id, timeout: 0 });
    await waitFor(async () => fetch(`http://127.0.0.1:${p.hostPort}/`, { signal: AbortSignal.timeout(2000) }).then(() => false, (e: Error) => e.name !== 'TimeoutError'), 5_000, 'forwarder closed');
  });

  it('lists what it published and stops one forward on request (NOT_FOUND for another port)', async () => {
    const r = await h.run(spec({ command: ['httpd', '-f', '-p', '80', '-h', '/www'] }));
    const tcp = await h.publish({ id: r.id, containerPort: 80, protocol: 'tcp' });
    const udp = await h.publish({ id: r.id, containerPort: 53, protocol: 'udp' });
    expect(await h.published({ id: r.name })).toEqual(
      expect.arrayContaining([
        { hostIp: '127.0.0.1', hostPort: tcp.hostPort, containerPort: 80, protocol: 'tcp' },
        { hostIp: '127.0.0.1', hostPort: udp.hostPort, containerPort: 53, protocol: 'udp' },
      ]),
    );
    await expect(h.unpublish({ id: r.id, hostPort: udp.hostPort, protocol: 'tcp' })).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'hostPort' });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${tcp.hostPort}/`, { signal: AbortSignal.timeout(2000) }).then((x) => x.ok).catch(() => false)) || undefined, 10_000, 'http');
    expect(await h.unpublish({ id: r.id, hostPort: tcp.hostPort, protocol: 'tcp' })).toEqual({ ok: true });
    await waitFor(async () => fetch(`http://127.0.0.1:${tcp.hostPort}/`, { signal: AbortSignal.timeout(2000) }).then(() => undefined, (e: Error) => e.name !== 'TimeoutError' || undefined), 5_000, 'forward closed');
    expect(await h.published({ id: r.id })).toEqual([{ hostIp: '127.0.0.1', hostPort: udp.hostPort, containerPort: 53, protocol: 'udp' }]);
    await h.remove({ id: r.id, force: true, volumes: true });
  });

  it('forwards UDP datagrams into the container', async () => {
    const r = await sh('sleep 3600');
    const before = await udpNoPorts(r.id);
    const p = await h.publish({ id: r.id, containerPort: 9999, protocol: 'udp' });
    const client = createSocket('udp4');
    client.send('ping', p.hostPort, '127.0.0.1');
    // Nothing listens on 9999 in the container, so its kernel counts the datagram as NoPorts: it arrived.
    await waitFor(async () => (await udpNoPorts(r.id)) > before, 5_000, 'datagram in the container');
    client.close();
    await h.remove({ id: r.id, force: true, volumes: true });
  });

  it('PORT_IN_USE for a held host port; CONFLICT for a stopped container', async () => {
    const holder = createServer();
    await new Promise<void>((res) => holder.listen(0, '127.0.0.1', () => res()));
    const port = (holder.address() as AddressInfo).port;
    const r = await sh('sleep 3600');
    try {
      const e = (await h.publish({ id: r.id, containerPort: 80, protocol: 'tcp', hostPort: port }).catch((x: unknown) => x)) as BerthError;
      expect(e.code).toBe('PORT_IN_USE');
      expect(e.message).toContain(String(port));
    } finally {
      holder.close();
    }
    await h.stop({ id: r.id, timeout: 0 });
    await expect(h.publish({ id: r.id, containerPort: 80, protocol: 'tcp' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
