// Benchmark 6: terminal — keystroke echo round-trip through Berth's exec terminal vs `docker exec -it` in a pty, and `cat` of 50 MB with the core's memory sampled.
import type Docker from 'dockerode';
import { spawn as ptySpawn } from 'node-pty';
import { withCore, type Client } from './lib/core.js';
import { BENCH_TAG, benchName, BUSYBOX, docker, dockerCli, dockerCliCount } from './lib/docker.js';
import { cpuSeconds, rssMiB, sampleRss } from './lib/serve.js';
import { figure, summarize } from './lib/stats.js';
import type { Bench, BenchOptions, BenchResult } from './lib/types.js';

const KEYS = 'abcdefghijklmnopqrstuvwxyz';

/** What a terminal printed so far, and a wake-up for whoever waits on it (no busy polling: the machine is shared). */
export class Output {
  text = '';
  private waiter: (() => void) | undefined;
  add(s: string): void {
    this.text += s;
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }
  /** Resolves once `key` appears at or after `from`. */
  async waitFor(key: string, from: number, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.text.includes(key, from)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no echo of "${key}" within ${ms} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }
}

/** Types one key at a time and waits for its echo; returns each round-trip in ms. */
export async function echoLoop(n: number, write: (s: string) => void, output: Output): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = KEYS[i % KEYS.length]!;
    if (output.text.length > 100_000) output.text = '';
    const from = output.text.length;
    const t0 = performance.now();
    write(key);
    await output.waitFor(key, from, 10_000);
    out.push(performance.now() - t0);
    // 20-38 ms between keys: faster than anyone types (and key repeat), slower than one 16 ms output batch.
    await new Promise((r) => setTimeout(r, 20 + (i % 7) * 3));
  }
  return out;
}

/** Types `.` every 250 ms until it comes back: keys typed before the exec is attached are not delivered. */
export async function waitForEcho(write: (s: string) => void, output: Output, done: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  let next = 0;
  while (!output.text.includes('.')) {
    if (done()) throw new Error(`${what} ended before it echoed`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} to echo`);
    if (Date.now() >= next) {
      write('.');
      next = Date.now() + 250;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, 100));
}

async function berthEcho(client: Client, id: string, n: number): Promise<number[]> {
  const output = new Output();
  let ended = false;
  const h = client.terminals.exec({ id, cmd: ['cat'], tty: true, cols: 80, rows: 24 }, { onData: (s) => output.add(s), onEnd: () => (ended = true) });
  try {
    await waitForEcho((k) => h.write(k), output, () => ended, 'the exec terminal');
    return await echoLoop(n, (s) => h.write(s), output);
  } finally {
    h.close();
  }
}

/** `docker exec -it <id> cat` in a pty (with `env`, e.g. DOCKER_HOST of another engine socket), `n` keys echoed. */
export async function cliEcho(id: string, n: number, env: NodeJS.ProcessEnv = process.env, readyMs = 15_000): Promise<number[]> {
  const output = new Output();
  // READY comes from the container once the CLI has attached, and the CLI puts the pty in raw mode before it copies
  // output: a key typed earlier would be echoed by the host pty's own cooked mode, far faster than any round trip.
  const p = ptySpawn('docker', ['exec', '-it', id, 'sh', '-c', 'echo READY; exec cat'], { name: 'xterm-256color', cols: 80, rows: 24, env: env as Record<string, string> });
  p.onData((s) => output.add(s));
  try {
    let exited = false;
    p.onExit(() => (exited = true));
    await output.waitFor('READY', 0, readyMs);
    await waitForEcho((k) => p.write(k), output, () => exited, '`docker exec -it`', readyMs);
    return await echoLoop(n, (s) => p.write(s), output);
  } finally {
    p.kill();
  }
}

/** The engine's own floor for a Node client: an exec hijacked with dockerode in this process, no Berth in between. */
export async function engineEcho(id: string, n: number, engine: Docker = docker, readyMs = 15_000): Promise<number[]> {
  const exec = await engine.getContainer(id).exec({ Cmd: ['cat'], Tty: true, AttachStdin: true, AttachStdout: true, AttachStderr: true });
  const socket = (await exec.start({ hijack: true, stdin: true, Tty: true })) as unknown as NodeJS.ReadWriteStream & { destroy(): void };
  const output = new Output();
  let ended = false;
  socket.on('data', (b: Buffer) => output.add(b.toString()));
  socket.on('end', () => (ended = true));
  try {
    await waitForEcho((k) => socket.write(k), output, () => ended, 'the engine exec', readyMs);
    return await echoLoop(n, (k) => socket.write(k), output);
  } finally {
    socket.destroy();
  }
}

function berthCat(client: Client, id: string, pid: number): Promise<{ ms: number; chars: number; peak: number; base: number }> {
  return new Promise((resolve, reject) => {
    const base = rssMiB(pid);
    const rss = sampleRss(pid, 25);
    const t0 = performance.now();
    let chars = 0;
    client.terminals.exec(
      { id, cmd: ['cat', '/tmp/big'], tty: true, cols: 200, rows: 50 },
      {
        onData: (s) => (chars += s.length),
        onEnd: (_r, err) => {
          const ms = performance.now() - t0;
          const r = rss.stop();
          if (err) reject(new Error(err.message));
          else resolve({ ms, chars, peak: r.peak, base });
        },
      },
    );
  });
}

export const terminalBench: Bench = {
  n: 6,
  name: 'Terminal',
  async run(opts) {
    const local = await localTerminal(opts);
    // The CLI's echo and cat on the Berth VM, through its exported socket against a blind pipe, when the VM suite is on.
    if (process.env.BERTH_VM_TESTS === '1') local.figures.push(...(await (await import('./vm-socket.js')).vmTerminalFigures(opts)));
    return local;
  },
};

async function localTerminal(opts: BenchOptions): Promise<Omit<BenchResult, 'n' | 'name' | 'seconds'>> {
  const keys = opts.quick ? 15 : 150;
  const mb = opts.quick ? 1 : 50;
  const repeats = opts.quick ? 1 : 3;
  const name = benchName('term');
  await dockerCli(['run', '-d', '--label', BENCH_TAG, '--name', name, BUSYBOX, 'sleep', '3600']);
  try {
    await dockerCli(['exec', name, 'sh', '-c', `yes 'the quick brown fox jumps over the lazy dog 0123456789' | head -c ${mb * 1024 * 1024} > /tmp/big`]);
    const run = await withCore(opts, 'terminal', async (served, client) => {
      const berth: number[] = [];
      const cli: number[] = [];
      const engine: number[] = [];
      // Alternate in blocks so all see the same background load.
      for (let i = 0; i < 2; i++) {
        berth.push(...(await berthEcho(client, name, keys / 2)));
        cli.push(...(await cliEcho(name, keys / 2)));
        engine.push(...(await engineEcho(name, keys / 2)));
      }
      const cat: { mbps: number; peak: number; growth: number }[] = [];
      const catCli: number[] = [];
      const catCpu: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const cpu0 = cpuSeconds(served.pid);
        const b = await berthCat(client, name, served.pid);
        catCpu.push(cpuSeconds(served.pid) - cpu0);
        cat.push({ mbps: mb * 1.048576 / (b.ms / 1000), peak: b.peak, growth: b.peak - b.base });
        const c = await dockerCliCount(['exec', '-t', name, 'cat', '/tmp/big']);
        catCli.push(mb * 1.048576 / (c.ms / 1000));
      }
      return { berth, cli, engine, cat, catCli, catCpu };
    });
    const v = run.value;
    const growth = summarize(v.cat.map((c) => c.growth));
    return {
      status: 'ran',
      figures: [
        figure({
          id: '6.echo',
          title: 'keystroke echo round-trip through terminals.exec (cat in a TTY)',
          unit: 'ms',
          better: 'lower',
          berth: summarize(v.berth),
          reference: { label: '`docker exec -it … cat` in a pty (node-pty)', summary: summarize(v.cli) },
          ratioTarget: { max: 1.2, text: '<= 1.2x' },
          extra: {
            'engine exec hijacked by dockerode in the bench process (no Berth)': summarize(v.engine),
            'Berth p95 (ms)': summarize(v.berth).p95,
            'CLI p95 (ms)': summarize(v.cli).p95,
          },
        }),
        figure({
          id: '6.cat',
          title: `cat of ${mb} MB through terminals.exec (TTY)`,
          unit: 'MB/s',
          better: 'higher',
          berth: summarize(v.cat.map((c) => c.mbps)),
          reference: { label: '`docker exec -t … cat` piped to a reader', summary: summarize(v.catCli) },
          extra: {
            'core RSS growth during the transfer (MiB)': growth,
            'core RSS peak (MiB)': summarize(v.cat.map((c) => c.peak)),
            'core CPU per transfer (s)': summarize(v.catCpu),
          },
          notes: [`Memory is bounded when the core's RSS grows by much less than the ${mb} MB sent (sampled every 25 ms from /proc).`],
        }),
        figure({
          id: '6.mem',
          title: `core RSS growth while catting ${mb} MB`,
          unit: 'MiB',
          better: 'lower',
          berth: growth,
          absTarget: { max: mb / 2, text: `bounded: < ${mb / 2} MiB (half the data)`, on: 'max' },
        }),
      ],
      ...(run.profile ? { profile: run.profile } : {}),
    };
  } finally {
    await docker.getContainer(name).remove({ force: true }).catch(() => undefined);
  }
}
