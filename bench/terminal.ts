// Benchmark 6: terminal — keystroke echo round-trip through Berth's exec terminal vs `docker exec -it` in a pty, and `cat` of 50 MB with the core's memory sampled.
import { spawn as ptySpawn } from 'node-pty';
import { withCore, type Client } from './lib/core.js';
import { BENCH_LABEL, benchName, BUSYBOX, docker, dockerCli, dockerCliCount } from './lib/docker.js';
import { rssMiB, sampleRss } from './lib/serve.js';
import { figure, summarize } from './lib/stats.js';
import type { Bench } from './lib/types.js';

const KEYS = 'abcdefghijklmnopqrstuvwxyz';

/** Types one key at a time into `write` and waits for its echo in what `onOutput` reports; returns each round-trip in ms. */
async function echoLoop(n: number, write: (s: string) => void, output: { text: string }): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = KEYS[i % KEYS.length]!;
    const from = output.text.length;
    const t0 = performance.now();
    write(key);
    const deadline = Date.now() + 10_000;
    while (!output.text.includes(key, from)) {
      if (Date.now() > deadline) throw new Error(`no echo of "${key}" within 10 s`);
      await new Promise<void>((r) => setImmediate(r));
    }
    out.push(performance.now() - t0);
    if (output.text.length > 100_000) output.text = '';
    await new Promise((r) => setTimeout(r, 5 + (i % 7)));
  }
  return out;
}

async function waitFor(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function berthEcho(client: Client, id: string, n: number): Promise<number[]> {
  const output = { text: '' };
  let ended = false;
  const h = client.terminals.exec({ id, cmd: ['cat'], tty: true, cols: 80, rows: 24 }, { onData: (s) => (output.text += s), onEnd: () => (ended = true) });
  try {
    // The exec is live once a typed key comes back.
    h.write('.');
    await waitFor(() => output.text.includes('.') || ended, 'the exec terminal to echo');
    if (ended) throw new Error('the exec terminal ended before it echoed');
    return await echoLoop(n, (s) => h.write(s), output);
  } finally {
    h.close();
  }
}

async function cliEcho(id: string, n: number): Promise<number[]> {
  const output = { text: '' };
  const p = ptySpawn('docker', ['exec', '-it', id, 'cat'], { name: 'xterm-256color', cols: 80, rows: 24, env: process.env as Record<string, string> });
  p.onData((s) => (output.text += s));
  try {
    p.write('.');
    await waitFor(() => output.text.includes('.'), '`docker exec -it` to echo');
    return await echoLoop(n, (s) => p.write(s), output);
  } finally {
    p.kill();
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
    const keys = opts.quick ? 15 : 150;
    const mb = opts.quick ? 1 : 50;
    const repeats = opts.quick ? 1 : 3;
    const name = benchName('term');
    await dockerCli(['run', '-d', '--label', `${BENCH_LABEL}=1`, '--name', name, BUSYBOX, 'sleep', '3600']);
    try {
      await dockerCli(['exec', name, 'sh', '-c', `yes 'the quick brown fox jumps over the lazy dog 0123456789' | head -c ${mb * 1024 * 1024} > /tmp/big`]);
      const run = await withCore(opts, 'terminal', async (served, client) => {
        const berth: number[] = [];
        const cli: number[] = [];
        // Alternate in blocks so both see the same background load.
        for (let i = 0; i < 2; i++) {
          berth.push(...(await berthEcho(client, name, keys / 2)));
          cli.push(...(await cliEcho(name, keys / 2)));
        }
        const cat: { mbps: number; peak: number; growth: number }[] = [];
        const catCli: number[] = [];
        for (let i = 0; i < repeats; i++) {
          const b = await berthCat(client, name, served.pid);
          cat.push({ mbps: mb * 1.048576 / (b.ms / 1000), peak: b.peak, growth: b.peak - b.base });
          const c = await dockerCliCount(['exec', '-t', name, 'cat', '/tmp/big']);
          catCli.push(mb * 1.048576 / (c.ms / 1000));
        }
        return { berth, cli, cat, catCli };
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
            extra: { 'Berth p95': summarize(v.berth).p95, 'CLI p95': summarize(v.cli).p95 },
          }),
          figure({
            id: '6.cat',
            title: `cat of ${mb} MB through terminals.exec (TTY)`,
            unit: 'MB/s',
            better: 'higher',
            berth: summarize(v.cat.map((c) => c.mbps)),
            reference: { label: '`docker exec -t … cat` piped to a reader', summary: summarize(v.catCli) },
            extra: { 'core RSS growth during the transfer (MiB)': growth, 'core RSS peak (MiB)': summarize(v.cat.map((c) => c.peak)) },
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
  },
};
