// Benchmark 3: event to window — a container started with the docker CLI, until its row shows Running in Chromium via berth serve.
import { launchBrowser, newProbedPage, rowSeen, watchRow, whatPageShows } from './lib/browser.js';
import { withCore } from './lib/core.js';
import { ensureRenderer } from './lib/renderer.js';
import { BENCH_TAG, benchName, BUSYBOX, docker, dockerCli } from './lib/docker.js';
import { figure, summarize } from './lib/stats.js';
import type { Bench } from './lib/types.js';

/** Engine 'start' events by container name, with the engine's own timestamp (ms since the epoch). */
async function startEvents(): Promise<{ times: Map<string, number>; close(): void }> {
  const times = new Map<string, number>();
  const stream = (await docker.getEvents({ filters: JSON.stringify({ type: ['container'], event: ['start'], label: [BENCH_TAG] }) })) as NodeJS.ReadableStream & { destroy(): void };
  let buf = '';
  stream.on('data', (b: Buffer) => {
    buf += b.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      try {
        const e = JSON.parse(line) as { Actor?: { Attributes?: { name?: string } }; timeNano?: number };
        const name = e.Actor?.Attributes?.name;
        if (name && e.timeNano) times.set(name, e.timeNano / 1e6);
      } catch {
        /* a partial or foreign line */
      }
    }
  });
  return { times, close: () => stream.destroy() };
}

export const eventBench: Bench = {
  n: 3,
  name: 'Event to window',
  async run(opts) {
    const repeats = opts.quick ? 2 : 12;
    const stale = await ensureRenderer(opts);
    const run = await withCore(opts, 'event', async (served, client) => {
      const browser = await launchBrowser();
      const events = await startEvents();
      try {
        const page = await newProbedPage(browser);
        await page.goto(served.openUrl);
        const grid = page.getByRole('grid', { name: 'Containers list' });
        await grid.waitFor({ timeout: 30_000 }).catch(async (e: unknown) => {
          throw new Error(`the window shows no grid named "Containers list": ${await whatPageShows(page, e)}`);
        });
        // The core delta reaching a plain WebSocket client: the same path minus the window.
        const deltaAt = new Map<string, number>();
        const off = client.containers.changed((d) => {
          for (const c of d.upsert) if (c.state === 'running' && !deltaAt.has(c.name)) deltaAt.set(c.name, Date.now());
        });
        const window: number[] = [];
        const core: number[] = [];
        const fromCli: number[] = [];
        for (let i = -1; i < repeats; i++) {
          const name = benchName('evt');
          await watchRow(page, name, 'Running');
          await dockerCli(['run', '-d', '--label', BENCH_TAG, '--name', name, BUSYBOX, 'sleep', '300']);
          const cliExit = Date.now();
          const seen = await rowSeen(page, name);
          const ev = events.times.get(name);
          const d = deltaAt.get(name);
          if (ev === undefined || d === undefined) throw new Error(`no start event or delta seen for ${name}`);
          if (i >= 0) {
            window.push(seen.painted - ev);
            core.push(d - ev);
            fromCli.push(seen.painted - cliExit);
          }
          await docker.getContainer(name).remove({ force: true }).catch(() => undefined);
        }
        off();
        return { window, core, fromCli };
      } finally {
        events.close();
        await browser.close();
      }
    });
    const v = run.value;
    return {
      status: 'ran',
      figures: [
        figure({
          id: '3.event',
          title: "engine 'start' event -> row painted as Running in the window",
          unit: 'ms',
          better: 'lower',
          berth: summarize(v.window),
          reference: { label: 'same event -> core delta at a WebSocket client', summary: summarize(v.core) },
          absTarget: { max: 100, text: '<= 100 ms' },
          extra: { '`docker run -d` returned -> row painted': summarize(v.fromCli) },
          notes: ["Times are wall-clock against the engine's own event timestamp (timeNano); the row counts once its state cell says Running and the frame after has been produced."],
        }),
      ],
      ...(run.profile ? { profile: run.profile } : {}),
      ...(stale ? { notes: [stale] } : {}),
    };
  },
};
