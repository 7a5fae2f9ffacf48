// Benchmark 4: first render of the container list with 1,000 containers in Chromium, and frame times while scrolling it.
import type { Page } from 'playwright-core';
import { frameTimes, launchBrowser, listProbe, newProbedPage, whatPageShows } from './lib/browser.js';
import { withCore } from './lib/core.js';
import { cleanupBench, createMany } from './lib/docker.js';
import { ensureRenderer } from './lib/renderer.js';
import { figure, round, summarize } from './lib/stats.js';
import type { Bench } from './lib/types.js';

const SCROLLER = '[role="grid"][aria-label="Containers list"] .tbody';

async function listPainted(page: Page, timeoutMs = 60_000): Promise<{ found: number; painted: number }> {
  await page.waitForFunction(() => ((window as unknown as { __list?: { painted: number } }).__list?.painted ?? 0) > 0, undefined, { timeout: timeoutMs, polling: 20 });
  return page.evaluate(() => (window as unknown as { __list: { found: number; painted: number } }).__list);
}

/** The physical reference: the same browser laying out `n` plain, non-virtualised rows of six cells. */
async function plainRows(page: Page, n: number): Promise<number> {
  await page.setContent('<!doctype html><html><body style="margin:0;font:13px system-ui"><div id="t" style="height:800px;overflow:auto"></div></body></html>');
  return page.evaluate(
    (count) =>
      new Promise<number>((resolve) => {
        const t0 = performance.now();
        const host = document.getElementById('t')!;
        const frag = document.createDocumentFragment();
        for (let i = 0; i < count; i++) {
          const row = document.createElement('div');
          row.setAttribute('role', 'row');
          row.style.cssText = 'display:grid;grid-template-columns:1.4fr 1.2fr 130px 1.3fr 110px 330px;height:34px';
          for (const text of [`berth-bench-row-${i}`, 'berth-test/busybox:latest', 'Exited (0)', '', '2 minutes ago', 'Start Remove']) {
            const cell = document.createElement('div');
            cell.textContent = text;
            row.appendChild(cell);
          }
          frag.appendChild(row);
        }
        host.appendChild(frag);
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
      }),
    n,
  );
}

export const renderBench: Bench = {
  n: 4,
  name: '1,000-row container list',
  async run(opts) {
    const n = opts.quick ? 20 : 1000;
    const repeats = opts.quick ? 2 : 6;
    const stale = await ensureRenderer(opts);
    opts.log(`  creating ${n} stopped containers`);
    await createMany(n, 'row', { log: opts.log });
    try {
      const run = await withCore(opts, 'render', async (served, client) => {
        const t0 = Date.now();
        let total = 0;
        while ((total = (await client.containers.list({ all: true })).length) < n) {
          if (Date.now() - t0 > 30_000) throw new Error('the core never listed all the containers');
          await new Promise((r) => setTimeout(r, 100));
        }
        const browser = await launchBrowser();
        try {
          const nav: number[] = [];
          const dataToRows: number[] = [];
          const remount: number[] = [];
          const plain: number[] = [];
          let page: Page | undefined;
          for (let i = -1; i < repeats; i++) {
            await page?.context().close();
            page = await newProbedPage(browser);
            await page.addInitScript(listProbe, total);
            await page.goto(served.openUrl);
            const shown = page;
            const seen = await listPainted(page).catch(async (e: unknown) => {
              throw new Error(`the window never showed a "Containers list" grid with all ${total} rows: ${await whatPageShows(shown, e)}`);
            });
            const ws = await page.evaluate(() => window.__bench.ws);
            if (i < 0) continue; // warm-up: the browser's first start
            nav.push(seen.painted);
            if (!ws.listAt) throw new Error('no containers.list answer seen on the WebSocket');
            dataToRows.push(seen.painted - ws.listAt);
            // The same list mounted again from the store: away to Images and back.
            await page.evaluate(() => {
              window.location.hash = '#/images';
            });
            await page.getByRole('grid', { name: 'Images list' }).waitFor();
            const back = await page.evaluate(
              () =>
                new Promise<number>((resolve) => {
                  const t = performance.now();
                  const done = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t), 0));
                  const mo = new MutationObserver(() => {
                    if (document.querySelector('[role="grid"][aria-label="Containers list"] [role="row"][aria-label]')) {
                      mo.disconnect();
                      done();
                    }
                  });
                  mo.observe(document.body, { childList: true, subtree: true });
                  window.location.hash = '#/containers';
                }),
            );
            remount.push(back);
          }
          // Scrolling: frame intervals while the list scrolls 5 rows a frame (a fast fling), against the same browser
          // scrolling plain, non-virtualised rows the same way: the floor this machine's software rendering allows.
          const frames = opts.quick ? 40 : 300;
          const runs = opts.quick ? 1 : 3;
          const p95 = (xs: number[]) => summarize(xs).p95;
          await page!.waitForSelector(SCROLLER);
          const t0 = await page!.evaluate(() => performance.now());
          const scroll: number[][] = [];
          for (let i = 0; i < runs; i++) scroll.push(await frameTimes(page!, { frames, scrollSelector: SCROLLER, pxPerFrame: 170 }));
          const lt = (await page!.evaluate(() => window.__bench.longTasks)).filter((t) => t.start >= t0);
          for (let i = 0; i < repeats; i++) plain.push(await plainRows(page!, n));
          const plainScroll: number[][] = [];
          for (let i = 0; i < runs; i++) plainScroll.push(await frameTimes(page!, { frames, scrollSelector: '#t', pxPerFrame: 170 }));
          return {
            nav,
            dataToRows,
            remount,
            plain,
            total,
            scrollP95: scroll.map(p95),
            plainP95: plainScroll.map(p95),
            scrollOver33: scroll.flat().filter((x) => x > 33.4).length / runs,
            plainOver33: plainScroll.flat().filter((x) => x > 33.4).length / runs,
            frames,
            longestScrollTask: Math.max(0, ...lt.map((t) => t.duration)),
          };
        } finally {
          await browser.close();
        }
      });
      const v = run.value;
      return {
        status: 'ran',
        figures: [
          figure({
            id: '4.render',
            title: `first render of ${v.total} containers: list data arrived -> rows painted`,
            unit: 'ms',
            better: 'lower',
            berth: summarize(v.dataToRows),
            reference: { label: `${n} plain DOM rows laid out by the same browser`, summary: summarize(v.plain) },
            absTarget: { max: 200, text: '<= 200 ms' },
            extra: {
              'navigation start -> rows painted (page load, bundle, WebSocket, list, render)': summarize(v.nav),
              'list mounted again from the store (Images -> Containers)': summarize(v.remount),
            },
            notes: ["'List data arrived' is the WebSocket message answering containers.list, timed in the page when it arrives (before it is parsed)."],
          }),
          figure({
            id: '4.scroll',
            title: 'p95 frame interval while scrolling the list 170 px a frame',
            unit: 'ms',
            better: 'lower',
            berth: summarize(v.scrollP95),
            reference: { label: `${n} plain DOM rows scrolled the same way in the same browser`, summary: summarize(v.plainP95) },
            extra: {
              [`frames over 33 ms per ${v.frames} frames (Berth)`]: round(v.scrollOver33, 1),
              [`frames over 33 ms per ${v.frames} frames (plain rows)`]: round(v.plainOver33, 1),
              'longest main-thread task while scrolling (ms)': v.longestScrollTask,
            },
            notes: ['Headless Chromium with --disable-gpu rasterises in software on the shared cores, so the plain-rows reference is the floor here, not 16.7 ms.'],
          }),
        ],
        ...(run.profile ? { profile: run.profile } : {}),
        ...(stale ? { notes: [stale] } : {}),
      };
    } finally {
      await cleanupBench();
    }
  },
};
