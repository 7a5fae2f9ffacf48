// Benchmark 5: logs — 1,000,000 lines (~100 MB) through Berth's containers.logs vs `docker logs`, and the window's longest block while following them.
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newProbedPage, startPageProfile } from './lib/browser.js';
import { withCore, type Client } from './lib/core.js';
import { BENCH_TAG, benchName, BUSYBOX, cleanupBench, docker, dockerCli, dockerCliCount } from './lib/docker.js';
import { ensureRenderer } from './lib/renderer.js';
import { figure, summarize } from './lib/stats.js';
import { traceTasks, type Task } from './lib/trace.js';
import type { Bench } from './lib/types.js';

/** A stopped container whose log holds `lines` lines of 100 bytes (99 characters and a newline). */
async function logContainer(lines: number): Promise<string> {
  const name = benchName('logs');
  const prog = `BEGIN{p=sprintf("%090d",0); gsub(/0/,"x",p); for(i=0;i<${lines};i++) printf "%08d %s\\n", i, p}`;
  const id = (
    await dockerCli(['run', '-d', '--label', BENCH_TAG, '--name', name, '--log-driver', 'json-file', '--log-opt', 'max-size=2g', '--log-opt', 'max-file=1', BUSYBOX, 'awk', prog])
  ).trim();
  await dockerCli(['wait', id], { timeoutMs: 600_000 });
  return id;
}

/** Reads the whole log through the core; resolves with time, lines and characters. */
function readThroughBerth(client: Client, id: string, timestamps: boolean): Promise<{ ms: number; lines: number; chars: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let lines = 0;
    let chars = 0;
    client.containers.logs(
      { id, follow: false, timestamps },
      {
        onData: (batch) => {
          lines += batch.length;
          for (const l of batch) chars += l.text.length + 1;
        },
        onEnd: (_r, err) => (err ? reject(new Error(err.message)) : resolve({ ms: performance.now() - t0, lines, chars })),
      },
    );
  });
}

/** Opens the container's logs tab and waits until the window counts all lines; resolves with when that was (page time). */
async function openAndCount(page: Page, url: string, id: string, lines: number): Promise<number> {
  // The printed URL's fragment is the token alone (#token=…): open it, then go to the logs route in the same page.
  await page.goto(url);
  await page.waitForFunction(() => window.location.hash === '' || window.location.hash === '#/', undefined, { timeout: 60_000 });
  await page.evaluate((route) => {
    window.location.hash = route;
  }, `#/containers/${id}/logs`);
  await page.waitForFunction(
    (n) => {
      const el = document.querySelector('[aria-label="Log line count"]');
      const m = /^([\d,.\s\u00a0\u202f]+)\s*lines/.exec(el?.textContent ?? '');
      return m ? Number(m[1]!.replace(/\D/g, '')) >= n : false;
    },
    lines,
    { timeout: 600_000, polling: 50 },
  );
  return page.evaluate(() => {
    performance.mark('berth-bench:done');
    return performance.now();
  });
}

/** The same under a Chromium trace: each main-thread task's wall and CPU time while the window follows. */
async function tracedFollow(browser: Browser, url: string, id: string, lines: number): Promise<Task[]> {
  const page = await newProbedPage(browser);
  const r = await traceTasks(browser, page, { from: 'berth-bench:first-data', to: 'berth-bench:done' }, () => openAndCount(page, url, id, lines));
  await page.context().close();
  return r.tasks;
}

/** Opens the container's logs tab; resolves once the window counts all lines, with its main-thread blocks. */
async function followInWindow(page: Page, url: string, id: string, lines: number, profile?: { scratch: string; log(m: string): void }) {
  const prof = profile ? await startPageProfile(page, profile.scratch, 'logs') : undefined;
  const doneAt = await openAndCount(page, url, id, lines);
  if (prof) {
    const h = await prof.stop();
    profile?.log(`  window profile (${h.busyMs} ms busy): ${h.top.slice(0, 8).map((t) => `${t.fn} ${t.pct}%`).join(' | ')}`);
  }
  const st = await page.evaluate(() => ({ ws: window.__bench.ws, longTasks: window.__bench.longTasks, loafs: window.__bench.loafs, heap: (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0 }));
  const during = st.longTasks.filter((t) => t.start + t.duration >= st.ws.firstDataAt);
  const loafDuring = st.loafs.filter((t) => t.start + t.duration >= st.ws.firstDataAt);
  return {
    seconds: (doneAt - st.ws.firstDataAt) / 1000,
    longest: Math.max(0, ...during.map((t) => t.duration)),
    over50: during.filter((t) => t.duration > 50).length,
    blockedMs: during.reduce((a, t) => a + t.duration, 0),
    loafBlocking: Math.max(0, ...loafDuring.map((t) => t.blocking)),
    heapMiB: st.heap / 2 ** 20,
  };
}

export const logsBench: Bench = {
  n: 5,
  name: 'Logs',
  async run(opts) {
    const lines = opts.quick ? 10_000 : 1_000_000;
    const repeats = opts.quick ? 2 : 3;
    const stale = await ensureRenderer(opts);
    opts.log(`  writing ${lines.toLocaleString('en-US')} log lines`);
    const id = await logContainer(lines);
    const small = await logContainer(20);
    try {
      const run = await withCore(opts, 'logs', async (served, client) => {
        const berth: number[] = [];
        const cli: number[] = [];
        const berthTs: number[] = [];
        const cliTs: number[] = [];
        let mb = 0;
        for (let i = 0; i < repeats; i++) {
          const b = await readThroughBerth(client, id, false);
          const c = await dockerCliCount(['logs', id]);
          if (b.lines !== lines || c.lines !== lines) throw new Error(`lines read: Berth ${b.lines}, CLI ${c.lines}, written ${lines}`);
          mb = c.bytes / 1e6;
          berth.push(c.bytes / 1e6 / (b.ms / 1000));
          cli.push(c.bytes / 1e6 / (c.ms / 1000));
          const bt = await readThroughBerth(client, id, true);
          const ct = await dockerCliCount(['logs', '-t', id]);
          berthTs.push(c.bytes / 1e6 / (bt.ms / 1000));
          cliTs.push(c.bytes / 1e6 / (ct.ms / 1000));
        }
        const browser = await launchBrowser();
        try {
          const base = await followInWindow(await newProbedPage(browser), served.openUrl, small, 20);
          const win = [];
          for (let i = 0; i < (opts.quick ? 1 : 2); i++) win.push(await followInWindow(await newProbedPage(browser), served.openUrl, id, lines, opts.profile && i === 0 ? opts : undefined));
          const traced = await tracedFollow(browser, served.openUrl, id, lines);
          return { berth, cli, berthTs, cliTs, mb, base, win, traced };
        } finally {
          await browser.close();
        }
      });
      const v = run.value;
      const w = v.win;
      return {
        status: 'ran',
        figures: [
          figure({
            id: '5.logs',
            title: `${lines.toLocaleString('en-US')} log lines (${v.mb.toFixed(0)} MB) read through containers.logs`,
            unit: 'MB/s',
            better: 'higher',
            berth: summarize(v.berth),
            reference: { label: '`docker logs` (stdout piped to a reader)', summary: summarize(v.cli) },
            ratioTarget: { min: 0.8, text: ">= 0.8x the CLI's throughput" },
            extra: { 'with timestamps: Berth': summarize(v.berthTs), 'with timestamps: `docker logs -t`': summarize(v.cliTs) },
            notes: ['Throughput is the log text (the CLI\'s byte count) over the time from opening the stream to its end.'],
          }),
          figure({
            id: '5.block',
            title: `longest main-thread task in the window while it follows the ${lines.toLocaleString('en-US')} lines`,
            unit: 'ms',
            better: 'lower',
            berth: summarize(w.map((x) => x.longest)),
            reference: { label: 'same tab on a 20-line log', summary: summarize([v.base.longest]) },
            absTarget: { max: 50, text: 'no block over 50 ms', on: 'max' },
            extra: {
              'long tasks over 50 ms (count)': summarize(w.map((x) => x.over50)),
              'main thread blocked in long tasks (ms)': summarize(w.map((x) => x.blockedMs)),
              'longest blocking time of an animation frame (LoAF, ms)': summarize(w.map((x) => x.loafBlocking)),
              'window: first log chunk -> all lines counted (s)': summarize(w.map((x) => x.seconds)),
              'window throughput (lines/s)': summarize(w.map((x) => lines / x.seconds)),
              'window JS heap after (MiB)': summarize(w.map((x) => x.heapMiB)),
              'traced run: longest task, wall (ms)': Math.max(0, ...v.traced.map((t) => t.wallMs)),
              'traced run: longest task, main-thread CPU (ms)': Math.max(0, ...v.traced.map((t) => t.cpuMs)),
              'traced run: tasks over 50 ms wall / over 50 ms CPU': `${v.traced.filter((t) => t.wallMs > 50).length} / ${v.traced.filter((t) => t.cpuMs > 50).length}`,
              'traced run: main-thread CPU while following (s)': v.traced.reduce((a, t) => a + t.cpuMs, 0) / 1000,
            },
            notes: [
              'Long tasks come from a PerformanceObserver installed before the page loads; those ending after the first log chunk arrived count.',
              "A third run under a Chromium trace gives each main-thread task's thread CPU time beside its wall time: on shared cores a task's wall time also counts time the OS gave the CPU to other work (a GC task's CPU time leaves out its helper threads).",
            ],
          }),
        ],
        ...(run.profile ? { profile: run.profile } : {}),
        ...(stale ? { notes: [stale] } : {}),
      };
    } finally {
      await docker.getContainer(id).remove({ force: true }).catch(() => undefined);
      await cleanupBench();
    }
  },
};
