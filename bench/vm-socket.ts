// Benches 1 and 6 through the Berth VM's exported engine socket: the HTTP-aware proxy against a blind byte pipe to the same guest dockerd, same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { figure, summarize } from './lib/stats.js';
import type { BenchOptions, Figure } from './lib/types.js';
import { withBenchVm } from './vm-costs.js';
import { cliEcho, engineEcho } from './terminal.js';
import { dockerCliCount } from './lib/docker.js';

/** The two ways to the guest's dockerd: `proxy` is the VM's socket as Berth exports it, `pipe` a SocketProxy (bytes as they are) beside it. */
interface Sockets {
  proxy: string;
  pipe: string;
  env(which: 'proxy' | 'pipe'): NodeJS.ProcessEnv;
}

/** Boots a guest, serves a blind byte pipe to its docker.sock beside the exported socket, runs `fn`, and removes both. */
async function withSockets<T>(opts: BenchOptions, fn: (s: Sockets, docker: (...args: string[]) => Promise<string>) => Promise<T>): Promise<T> {
  const { SocketProxy } = await import('../main/core/ssh/socket-proxy.js');
  return withBenchVm(opts, {}, async ({ vm, backend, docker }) => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-pipe-'));
    const pipe = new SocketProxy(join(dir, 'docker.sock'), () => backend.forward({ socketPath: '/var/run/docker.sock' }));
    await pipe.listen();
    const config = join(dir, 'docker-config');
    const env = (which: 'proxy' | 'pipe'): NodeJS.ProcessEnv => {
      const e: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: `unix://${which === 'proxy' ? vm.socketPath : pipe.socketPath}`, DOCKER_CONFIG: config };
      delete e['DOCKER_CONTEXT'];
      return e;
    };
    try {
      return await fn({ proxy: vm.socketPath, pipe: pipe.socketPath, env }, docker);
    } finally {
      await pipe.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

const ORDER = [['proxy', 'pipe'], ['pipe', 'proxy']] as const;
const PIPE = 'the same through a blind byte pipe (SocketProxy) to the same guest dockerd';
/** The proxy's cost, against the pipe in the same run: none measurable. */
const NO_COST = { max: 1.1, text: '<= ~1.1x the pipe (no measurable cost)' };
const NOTE = 'Both sockets reach the same guest dockerd over the same SSH link, in the same run, alternated (ABBA) so both see the same load; TCG, 2 shared cores.';

/** 1.vm-list: `docker ps -a` over `n` containers on the VM, through the proxy against through a blind pipe. */
export async function vmListFigure(opts: BenchOptions): Promise<Figure> {
  const n = opts.quick ? 20 : 150;
  const repeats = opts.quick ? 3 : 12;
  return withSockets(opts, async (s, docker) => {
    opts.log(`  VM: creating ${n} stopped containers`);
    const engine = new Docker({ socketPath: s.proxy });
    let next = 0;
    const worker = async () => {
      while (next < n) {
        next++;
        await engine.createContainer({ Image: 'berth-test/busybox', Cmd: ['true'], Labels: { 'berth.bench': 'vm-list' } });
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    const api = { proxy: new Docker({ socketPath: s.proxy }), pipe: new Docker({ socketPath: s.pipe }) };
    const ms = { proxy: [] as number[], pipe: [] as number[] };
    const apiMs = { proxy: [] as number[], pipe: [] as number[] };
    let rows = 0;
    for (let i = -1; i < repeats; i++) {
      for (const which of ORDER[i & 1]!) {
        const c = await dockerCliCount(['ps', '-a', '--no-trunc', '--format', '{{json .}}'], s.env(which));
        const t0 = performance.now();
        const listed = await api[which].listContainers({ all: true });
        const a = performance.now() - t0;
        if (i < 0) continue; // warm-up: the CLI's binary and the first stream to the guest
        ms[which].push(c.ms);
        apiMs[which].push(a);
        rows = Math.max(rows, c.lines, listed.length);
      }
    }
    const count = (await docker('ps', '-aq')).split('\n').filter(Boolean).length;
    opts.log(`  VM: docker ps -a over ${count} containers: proxy ${summarize(ms.proxy).median.toFixed(0)} ms, pipe ${summarize(ms.pipe).median.toFixed(0)} ms`);
    return figure({
      id: '1.vm-list',
      title: `\`docker ps -a\` of ${rows} containers on the Berth VM through its exported socket (HTTP-aware proxy; ${n} containers, kept modest under TCG)`,
      unit: 'ms',
      better: 'lower',
      berth: summarize(ms.proxy),
      reference: { label: PIPE, summary: summarize(ms.pipe) },
      ratioTarget: NO_COST,
      extra: {
        'GET /containers/json (dockerode) through the proxy (ms)': summarize(apiMs.proxy),
        'GET /containers/json (dockerode) through the pipe (ms)': summarize(apiMs.pipe),
      },
      notes: [NOTE],
    });
  });
}

/** 6.vm-echo and 6.vm-cat: `docker exec -it … cat` on the VM through the proxy against through a blind pipe. */
export async function vmTerminalFigures(opts: BenchOptions): Promise<Figure[]> {
  const keys = opts.quick ? 10 : 120;
  /** Blocks per socket, alternated ABBA: the load on this shared machine moves within seconds. */
  const blocks = opts.quick ? 2 : 6;
  const mb = opts.quick ? 1 : 16;
  const repeats = opts.quick ? 1 : 4;
  return withSockets(opts, async (s, docker) => {
    const id = await docker('run', '-d', 'berth-test/busybox', 'sleep', '3600');
    await docker('exec', id, 'sh', '-c', `yes 'the quick brown fox jumps over the lazy dog 0123456789' | head -c ${mb * 1024 * 1024} > /tmp/big`);
    const echo = { proxy: [] as number[], pipe: [] as number[] };
    const engine = { proxy: [] as number[], pipe: [] as number[] };
    const api = { proxy: new Docker({ socketPath: s.proxy }), pipe: new Docker({ socketPath: s.pipe }) };
    for (let i = 0; i < blocks; i++) {
      for (const which of ORDER[i & 1]!) {
        echo[which].push(...(await cliEcho(id, keys / blocks, s.env(which), 60_000)));
        engine[which].push(...(await engineEcho(id, keys / blocks, api[which], 60_000)));
      }
    }
    const cat = { proxy: [] as number[], pipe: [] as number[] };
    for (let i = 0; i < repeats; i++) {
      for (const which of ORDER[i & 1]!) {
        const c = await dockerCliCount(['exec', '-t', id, 'cat', '/tmp/big'], s.env(which));
        if (c.bytes < mb * 1024 * 1024) throw new Error(`cat through the ${which} gave ${c.bytes} of ${mb * 1024 * 1024} bytes`);
        cat[which].push((mb * 1.048576) / (c.ms / 1000));
      }
    }
    opts.log(`  VM: echo proxy ${summarize(echo.proxy).median.toFixed(1)} ms, pipe ${summarize(echo.pipe).median.toFixed(1)} ms; cat proxy ${summarize(cat.proxy).median.toFixed(1)} MB/s, pipe ${summarize(cat.pipe).median.toFixed(1)} MB/s`);
    return [
      figure({
        id: '6.vm-echo',
        title: 'keystroke echo round-trip, `docker exec -it … cat` in a pty on the Berth VM through its exported socket (HTTP-aware proxy)',
        unit: 'ms',
        better: 'lower',
        berth: summarize(echo.proxy),
        reference: { label: PIPE, summary: summarize(echo.pipe) },
        ratioTarget: NO_COST,
        extra: {
          'proxy p95 (ms)': summarize(echo.proxy).p95,
          'pipe p95 (ms)': summarize(echo.pipe).p95,
          'exec hijacked by dockerode through the proxy (ms)': summarize(engine.proxy),
          'exec hijacked by dockerode through the pipe (ms)': summarize(engine.pipe),
        },
        notes: [NOTE],
      }),
      figure({
        id: '6.vm-cat',
        title: `cat of ${mb} MB, \`docker exec -t\` on the Berth VM through its exported socket (HTTP-aware proxy; ${mb} MB under TCG)`,
        unit: 'MB/s',
        better: 'higher',
        berth: summarize(cat.proxy),
        reference: { label: PIPE, summary: summarize(cat.pipe) },
        ratioTarget: { min: 0.9, text: '>= ~0.9x the pipe (no measurable cost)' },
        notes: [NOTE],
      }),
    ];
  });
}
