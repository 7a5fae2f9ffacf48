// Benchmark 1: the container list of 500 containers — Berth core's containers.list over the WebSocket vs `docker ps -a`.
import { BENCH_LABEL, cleanupBench, createMany, docker, dockerCliCount, RUN_ID } from './lib/docker.js';
import { withCore } from './lib/core.js';
import { figure, summarize, timed } from './lib/stats.js';
import type { Bench, BenchOptions, BenchResult } from './lib/types.js';

export const listBench: Bench = {
  n: 1,
  name: 'Container list',
  async run(opts) {
    const local = await localList(opts);
    // The same list on the Berth VM, through its exported socket against a blind pipe, when the VM suite is on.
    if (process.env.BERTH_VM_TESTS === '1') local.figures.push(await (await import('./vm-socket.js')).vmListFigure(opts));
    return local;
  },
};

async function localList(opts: BenchOptions): Promise<Omit<BenchResult, 'n' | 'name' | 'seconds'>> {
  const n = opts.quick ? 20 : 500;
  const repeats = opts.quick ? 3 : 15;
  opts.log(`  creating ${n} stopped containers`);
  await createMany(n, 'list', { log: opts.log });
  try {
    const run = await withCore(opts, 'list', async (_s, client) => {
      // The core's model fills from a full list once the engine is up; wait until it holds ours.
      const t0 = Date.now();
      while ((await client.containers.list({ all: true })).filter((c) => c.labels[BENCH_LABEL] === RUN_ID).length < n) {
        if (Date.now() - t0 > 30_000) throw new Error('the core never listed all the containers');
        await new Promise((r) => setTimeout(r, 100));
      }
      const berth: number[] = [];
      const cli: number[] = [];
      const api: number[] = [];
      let rows = 0;
      let cliRows = 0;
      for (let i = -2; i < repeats; i++) {
        const b = await timed(() => client.containers.list({ all: true }));
        const c = await dockerCliCount(['ps', '-a', '--no-trunc', '--format', '{{json .}}']);
        const a = await timed(() => docker.listContainers({ all: true }));
        if (i < 0) continue; // warm-up
        berth.push(b.ms);
        cli.push(c.ms);
        api.push(a.ms);
        rows = b.value.length;
        cliRows = c.lines;
      }
      return { berth, cli, api, rows, cliRows };
    });
    const v = run.value;
    return {
      status: 'ran',
      figures: [
        figure({
          id: '1.list',
          title: `containers.list of ${v.rows} containers (client over WebSocket)`,
          unit: 'ms',
          better: 'lower',
          berth: summarize(v.berth),
          reference: { label: "`docker ps -a --format '{{json .}}'`", summary: summarize(v.cli) },
          ratioTarget: { max: 0.5, text: '<= 0.5x the CLI' },
          extra: { 'engine API GET /containers/json (dockerode, in-process)': summarize(v.api), 'rows (Berth)': v.rows, 'rows (CLI)': v.cliRows },
          notes: ['Berth answers from the model its event stream keeps, so no engine round-trip is in its figure; the CLI pays process start-up and the engine list.'],
        }),
      ],
      ...(run.profile ? { profile: run.profile } : {}),
    };
  } finally {
    await cleanupBench();
  }
}
