// Benchmark 9: idle — CPU seconds the core uses over 60 s with 50 containers running and a client (then a window) connected, and its RSS.
import { spawn } from 'node:child_process';
import { launchBrowser, newProbedPage } from './lib/browser.js';
import { withCore } from './lib/core.js';
import { cleanupBench, createMany, docker } from './lib/docker.js';
import { ensureRenderer } from './lib/renderer.js';
import { cpuSeconds, dockerdPid, rssMiB } from './lib/serve.js';
import { figure, one } from './lib/stats.js';
import type { Bench } from './lib/types.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU seconds of a process that may go away (dockerd restarted by other work): NaN then. */
function cpuOrNaN(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    return cpuSeconds(pid);
  } catch {
    return NaN;
  }
}

interface Sliced {
  /** CPU seconds over the whole period. */
  total: number;
  /** CPU seconds over the period at the rate of the 5 s slices in which the engine reported no event (NaN if none). */
  quiet: number;
  quietSlices: number;
  slices: number;
  /** CPU seconds of each slice, with its engine events. */
  each: string;
}

/**
 * CPU of `pid` over `seconds`, in 5 s slices, with the engine events counted per slice: other work on
 * this machine's engine makes events that the core rightly answers, so "idle" is also given as the
 * rate in the slices without any.
 */
async function cpuSliced(pid: number, seconds: number, events: () => number): Promise<Sliced> {
  const slice = Math.min(5, seconds);
  const n = Math.max(1, Math.round(seconds / slice));
  let total = 0;
  let quiet = 0;
  let quietSlices = 0;
  const each: string[] = [];
  for (let i = 0; i < n; i++) {
    const e0 = events();
    const c = await cpuOver(pid, slice);
    total += c;
    each.push(`${c.toFixed(2)}${events() > e0 ? `(${events() - e0}ev)` : ''}`);
    if (events() === e0) {
      quiet += c;
      quietSlices++;
    }
  }
  return { total, quiet: quietSlices ? (quiet / quietSlices) * n : NaN, quietSlices, slices: n, each: each.join(' ') };
}

/** CPU seconds used by `pid` over `seconds`. */
async function cpuOver(pid: number, seconds: number): Promise<number> {
  const c0 = cpuSeconds(pid);
  await sleep(seconds * 1000);
  return cpuSeconds(pid) - c0;
}

/** A Node process under tsx doing nothing, measured over the same kind of window. */
async function idleNode(root: string, seconds: number): Promise<{ cpu: number; rss: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/idle-child.ts'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      child.once('exit', (c) => reject(new Error(`idle child exited ${c}`)));
    });
    await sleep(3000);
    const cpu = await cpuOver(child.pid!, seconds);
    return { cpu, rss: rssMiB(child.pid!) };
  } finally {
    child.kill();
  }
}

export const idleBench: Bench = {
  n: 9,
  name: 'Idle',
  async run(opts) {
    const n = opts.quick ? 5 : 50;
    const seconds = opts.quick ? 5 : 60;
    const stale = await ensureRenderer(opts);
    opts.log(`  starting ${n} containers`);
    await createMany(n, 'idle', { cmd: ['sleep', '3600'], start: true, log: opts.log });
    try {
      const run = await withCore(opts, 'idle', async (served, client) => {
        // What a window subscribes to.
        let events = 0;
        let statusChanges = 0;
        const offs = [
          client.containers.changed(() => undefined),
          client.images.changed(() => undefined),
          client.volumes.changed(() => undefined),
          client.networks.changed(() => undefined),
          client.engine.changed(() => statusChanges++),
          client.engine.events(() => events++),
        ];
        await client.containers.list({ all: true });
        // Let start-up settle before counting: ~20 s after start the core spends ~0.3 s once (V8 collecting its start-up heap).
        await sleep(opts.quick ? 1000 : 30_000);
        const dockerd = dockerdPid();
        const d0 = cpuOrNaN(dockerd);
        events = 0;
        statusChanges = 0;
        const sliced = await cpuSliced(served.pid, seconds, () => events);
        const clientStatus = statusChanges;
        const dockerdCpu = cpuOrNaN(dockerd) - d0;
        const clientEvents = events;
        const rss = rssMiB(served.pid);
        // The same with the real window open on the containers page.
        const browser = await launchBrowser();
        let windowSliced: Sliced = { total: NaN, quiet: NaN, quietSlices: 0, slices: 0, each: '' };
        let windowRss = NaN;
        let windowEvents = 0;
        let windowDockerd = NaN;
        let sent: Record<string, number> = {};
        let received = 0;
        let statsStreams = 0;
        try {
          const page = await newProbedPage(browser);
          await page.goto(served.openUrl);
          await page.getByRole('grid', { name: 'Containers list' }).waitFor({ timeout: 30_000 });
          await sleep(opts.quick ? 1000 : 30_000);
          events = 0;
          const dockerd2 = dockerdPid();
          const w0 = cpuOrNaN(dockerd2);
          const r0 = await page.evaluate(() => window.__bench.ws.messages);
          statsStreams = (await page.evaluate(() => window.__bench.sent))['open:containers.stats'] ?? 0;
          await page.evaluate(() => {
            window.__bench.sent = {};
          });
          windowSliced = await cpuSliced(served.pid, seconds, () => events);
          windowDockerd = cpuOrNaN(dockerd2) - w0;
          windowEvents = events;
          windowRss = rssMiB(served.pid);
          sent = await page.evaluate(() => window.__bench.sent);
          received = (await page.evaluate(() => window.__bench.ws.messages)) - r0;
        } finally {
          await browser.close();
        }
        for (const off of offs) off();
        return { sliced, rss, dockerdCpu, clientEvents, windowSliced, windowRss, windowEvents, windowDockerd, sent, received, statsStreams, clientStatus };
      });
      const v = run.value;
      /** The figure: the event-free rate when the period had quiet slices, else the whole period. */
      const idleOf = (x: Sliced) => (x.quietSlices >= Math.min(2, x.slices) ? x.quiet : x.total);
      const slicing = (x: Sliced, events: number) => ({
        'CPU over the whole period, events included (s)': x.total,
        [`event-free 5 s slices (of ${x.slices}) (count)`]: x.quietSlices,
        'CPU seconds of each 5 s slice (engine events)': x.each,
        ...(events > 0 && Number.isFinite(x.quiet) ? { 'CPU per engine event, estimated (ms)': Math.max(0, ((x.total - x.quiet) / events) * 1000) } : {}),
      });
      const ref = await idleNode(opts.root, seconds);
      const running = (await docker.listContainers()).length;
      // The Berth VM's own idle cost (awake, asleep) and memory given back, when the VM suite is on.
      const vmFigures = process.env.BERTH_VM_TESTS === '1' ? await (await import('./vm-costs.js')).idleFigures(opts) : [];
      return {
        status: 'ran',
        figures: [
          figure({
            id: '9.cpu',
            title: `core CPU over ${seconds} s idle, ${running} containers running, a client subscribed`,
            unit: 's',
            better: 'lower',
            berth: one(idleOf(v.sliced)),
            reference: { label: 'a Node process under the same loader doing nothing', summary: one(ref.cpu) },
            absTarget: { max: seconds * 0.005, text: `~0 (<= ${(seconds * 0.005).toFixed(2)} s: 0.5% of a core)` },
            notes: ['Both 9.cpu figures are the CPU rate of the 5 s slices in which the engine reported no event, over 60 s (when at least two slices were quiet); engine events come from other work on this shared engine, and the core rightly answers them.'],
            extra: {
              ...slicing(v.sliced, v.clientEvents),
              'engine events in the period (other work on the machine) (count)': v.clientEvents,
              'dockerd CPU over the same period (s)': v.dockerdCpu,
              'engine status changes in the period (reconnects) (count)': v.clientStatus,
            },
          }),
          figure({
            id: '9.cpu-window',
            title: `core CPU over ${seconds} s idle, ${running} containers running, the window open on the containers list`,
            unit: 's',
            better: 'lower',
            berth: one(idleOf(v.windowSliced)),
            reference: { label: 'a Node process under the same loader doing nothing', summary: one(ref.cpu) },
            absTarget: { max: seconds * 0.005, text: `~0 (<= ${(seconds * 0.005).toFixed(2)} s: 0.5% of a core)` },
            extra: {
              ...slicing(v.windowSliced, v.windowEvents),
              'dockerd CPU over the same period (s)': v.windowDockerd,
              'engine events in the period (count)': v.windowEvents,
              'containers.stats streams the window opened (count)': v.statsStreams,
              'containers.statsSnapshot requests in the period (one for all rows on screen) (count)': v.sent['req:containers.statsSnapshot'] ?? 0,
              'messages the window received in the period (count)': v.received,
              'messages the window sent in the period': Object.entries(v.sent).map(([k, n]) => `${k} ${n}`).join(', ') || 'none',
            },
          }),
          figure({
            id: '9.rss',
            title: 'core RSS when idle',
            unit: 'MiB',
            better: 'lower',
            berth: one(v.rss),
            reference: { label: 'the idle Node process', summary: one(ref.rss) },
            extra: { 'with the window connected (MiB)': v.windowRss },
            notes: ['Both run under the tsx loader, which itself holds some memory; the difference is the core.'],
          }),
          ...vmFigures,
        ],
        ...(run.profile ? { profile: run.profile } : {}),
        ...(stale ? { notes: [stale] } : {}),
      };
    } finally {
      await cleanupBench();
    }
  },
};
