// Benchmark 2: create + start of a small container — Berth's containers.run over the WebSocket vs `docker run -d`.
import { withCore } from './lib/core.js';
import { BENCH_LABEL, BENCH_TAG, benchName, BUSYBOX, docker, dockerCli, RUN_ID } from './lib/docker.js';
import { figure, summarize, timed } from './lib/stats.js';
import type { Bench } from './lib/types.js';

export const createBench: Bench = {
  n: 2,
  name: 'Create + start',
  async run(opts) {
    const repeats = opts.quick ? 2 : 12;
    const run = await withCore(opts, 'create', async (_s, client) => {
      const berth: number[] = [];
      const cli: number[] = [];
      const api: number[] = [];
      const inspect: number[] = [];
      const remove = (id: string) => docker.getContainer(id).remove({ force: true }).catch(() => undefined);
      for (let i = -1; i < repeats; i++) {
        const b = await timed(() => client.containers.run({ image: BUSYBOX, name: benchName('run-b'), command: ['sleep', '300'], labels: { [BENCH_LABEL]: RUN_ID } }));
        await remove(b.value.id);
        const c = await timed(() => dockerCli(['run', '-d', '--label', BENCH_TAG, '--name', benchName('run-c'), BUSYBOX, 'sleep', '300']));
        const ins = await timed(() => docker.getContainer(c.value.trim()).inspect().catch(() => undefined));
        const a = await timed(async () => {
          const ct = await docker.createContainer({ Image: BUSYBOX, name: benchName('run-a'), Cmd: ['sleep', '300'], Labels: { [BENCH_LABEL]: RUN_ID } });
          await ct.start();
          return ct.id;
        });
        await remove(a.value);
        await remove(c.value.trim());
        if (i < 0) continue; // warm-up
        berth.push(b.ms);
        cli.push(c.ms);
        api.push(a.ms);
        inspect.push(ins.ms);
      }
      return { berth, cli, api, inspect };
    });
    const v = run.value;
    return {
      status: 'ran',
      figures: [
        figure({
          id: '2.run',
          title: 'containers.run (create + start) of busybox `sleep 300`',
          unit: 'ms',
          better: 'lower',
          berth: summarize(v.berth),
          reference: { label: '`docker run -d`', summary: summarize(v.cli) },
          ratioTarget: { max: 1.0, text: '<= 1.0x' },
          extra: { 'engine API create + start (dockerode, in-process)': summarize(v.api), 'one engine inspect of a running container': summarize(v.inspect) },
          notes: ['Berth inspects the container before and after start (for its name and bound ports): two engine round-trips more than create + start; the CLI pays its process start-up instead.'],
        }),
      ],
      ...(run.profile ? { profile: run.profile } : {}),
    };
  },
};
