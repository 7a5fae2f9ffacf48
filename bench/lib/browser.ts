// Debian Chromium driven by Playwright, with in-page probes: long tasks, WebSocket arrivals, rows appearing, frame times.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { hotFunctions, type HotFunction } from './profile.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export async function launchBrowser(): Promise<Browser> {
  // Chromium is installed by scripts/setup-env.sh: its absence is a failure of the run, not a figure switched off.
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or bash scripts/setup-env.sh)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** For a failure message: why waiting failed, and the start of the text the page shows (an error banner, a blank page). */
export async function whatPageShows(page: Page, cause: unknown): Promise<string> {
  const why = (cause instanceof Error ? cause.message : String(cause)).split('\n')[0];
  const text = await page
    .locator('body')
    .innerText({ timeout: 2_000 })
    .then((t) => JSON.stringify(t.replace(/\s+/g, ' ').trim().slice(0, 240)))
    .catch(() => '(the page could not be read)');
  return `${why}; the page showed ${text}`;
}

/** What the probe keeps in the page (window.__bench). */
export interface ProbeState {
  longTasks: { start: number; duration: number }[];
  loafs: { start: number; duration: number; blocking: number }[];
  ws: { messages: number; bytes: number; largest: number; largestAt: number; lastAt: number; listAt: number; listBytes: number; firstDataAt: number; lastDataAt: number };
  rows: Record<string, { found: number; painted: number; foundPerf: number; paintedPerf: number }>;
  /** Messages the window sent, by kind and channel (`open:containers.stats`, `req:containers.list`, …). */
  sent: Record<string, number>;
}

declare global {
  interface Window {
    __bench: ProbeState;
  }
}

/** Installed before any page script: long tasks, long animation frames, and WebSocket message arrivals. */
function probe(): void {
  const st: ProbeState = { longTasks: [], loafs: [], ws: { messages: 0, bytes: 0, largest: 0, largestAt: 0, lastAt: 0, listAt: 0, listBytes: 0, firstDataAt: 0, lastDataAt: 0 }, rows: {}, sent: {} };
  window.__bench = st;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) st.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    /* longtask entries not supported */
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) st.loafs.push({ start: e.startTime, duration: e.duration, blocking: (e as unknown as { blockingDuration: number }).blockingDuration ?? 0 });
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {
    /* LoAF not supported */
  }
  const Native = window.WebSocket;
  class Probed extends Native {
    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      if (typeof data === 'string' && data.length < 4096) {
        const m = /^\{"t":"(\w+)"(?:,"(?:id|sid)":\d+)?(?:,"ch":"([\w.]+)")?/.exec(data);
        if (m) {
          const k = `${m[1]}${m[2] ? `:${m[2]}` : ''}`;
          st.sent[k] = (st.sent[k] ?? 0) + 1;
        }
      }
      super.send(data);
    }
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (ev: MessageEvent) => {
        const size = typeof ev.data === 'string' ? ev.data.length : 0;
        const now = performance.now();
        st.ws.messages++;
        st.ws.bytes += size;
        st.ws.lastAt = now;
        if (typeof ev.data === 'string' && ev.data.startsWith('{"t":"data"')) {
          if (!st.ws.firstDataAt) performance.mark('berth-bench:first-data');
          st.ws.firstDataAt ||= now;
          st.ws.lastDataAt = now;
        }
        // The answer to containers.list: a response whose rows carry container-only fields.
        if (typeof ev.data === 'string' && ev.data.startsWith('{"t":"res"') && ev.data.includes('"imageId"') && ev.data.includes('"networks"')) {
          st.ws.listAt = now;
          st.ws.listBytes = size;
        }
        if (size > st.ws.largest) {
          st.ws.largest = size;
          st.ws.largestAt = now;
        }
      });
    }
  }
  window.WebSocket = Probed as typeof WebSocket;
}

/** tsx compiles with keepNames, so functions handed to a page call esbuild's __name helper: give the page one. */
const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((f) => f);';

/** For documents made without the init scripts (page.setContent). */
export async function shimPage(page: Page): Promise<void> {
  await page.evaluate(NAME_SHIM);
}

export async function newProbedPage(browser: Browser, viewport = { width: 1440, height: 900 }): Promise<Page> {
  const ctx = await browser.newContext({ viewport });
  const page = await ctx.newPage();
  await page.addInitScript(NAME_SHIM);
  await page.addInitScript(probe);
  return page;
}

/**
 * Starts watching for the containers-list row named `name` (whose state cell shows `state`, when given); the page
 * records when it is in the DOM, and when the frame that draws it has been produced.
 */
export async function watchRow(page: Page, name: string, state?: string): Promise<void> {
  await page.evaluate(
    ({ n, word }) => {
      const sel = `[role="grid"][aria-label="Containers list"] [role="row"][aria-label="${CSS.escape(n)}"]`;
      const check = () => {
        const el = document.querySelector(sel);
        if (!el || el.getBoundingClientRect().height === 0) return false;
        if (word && !(el.querySelectorAll('[role="gridcell"]')[2]?.textContent ?? '').includes(word)) return false;
        const rec = { found: Date.now(), foundPerf: performance.now(), painted: 0, paintedPerf: 0 };
        window.__bench.rows[n] = rec;
        requestAnimationFrame(() => {
          // rAF runs just before the frame that draws the row; a task queued from it runs after that frame.
          setTimeout(() => {
            rec.painted = Date.now();
            rec.paintedPerf = performance.now();
          }, 0);
        });
        return true;
      };
      if (check()) return;
      const mo = new MutationObserver(() => {
        if (check()) mo.disconnect();
      });
      mo.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    },
    { n: name, word: state },
  );
}

/** Resolves with the row's timings once `watchRow` saw it painted. */
export async function rowSeen(page: Page, name: string, timeoutMs = 30_000): Promise<ProbeState['rows'][string]> {
  await page.waitForFunction((n) => (window.__bench.rows[n]?.painted ?? 0) > 0, name, { timeout: timeoutMs, polling: 10 });
  return page.evaluate((n) => window.__bench.rows[n]!, name);
}

/** Frame intervals (ms) from requestAnimationFrame while `step` runs each frame, for `frames` frames. */
export async function frameTimes(page: Page, opts: { frames: number; scrollSelector?: string; pxPerFrame?: number }): Promise<number[]> {
  await shimPage(page);
  return page.evaluate(
    ({ frames, scrollSelector, pxPerFrame }) =>
      new Promise<number[]>((resolve) => {
        const el = scrollSelector ? document.querySelector<HTMLElement>(scrollSelector) : null;
        const out: number[] = [];
        let last = 0;
        let dir = 1;
        const tick = (t: number) => {
          if (last) out.push(t - last);
          last = t;
          if (el && pxPerFrame) {
            if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) dir = -1;
            else if (el.scrollTop <= 0) dir = 1;
            el.scrollTop += dir * pxPerFrame;
          }
          if (out.length >= frames) resolve(out);
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    opts,
  );
}

/**
 * Installed before any page script: records (performance.now(), from navigation start) when the containers grid
 * first reports at least `minRows` rows (aria-rowcount) with data rows drawn, and the frame after.
 */
export function listProbe(minRows: number): void {
  const rec = { found: 0, painted: 0 };
  (window as unknown as { __list: typeof rec }).__list = rec;
  const check = () => {
    const grid = document.querySelector('[role="grid"][aria-label="Containers list"]');
    if (!grid || Number(grid.getAttribute('aria-rowcount') ?? 0) < minRows) return false;
    if (!grid.querySelector('[role="row"][aria-label]')) return false;
    rec.found = performance.now();
    requestAnimationFrame(() => {
      setTimeout(() => {
        rec.painted = performance.now();
      }, 0);
    });
    return true;
  };
  const mo = new MutationObserver(() => {
    if (check()) mo.disconnect();
  });
  mo.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-rowcount'] });
}

/** Starts the page's V8 CPU profiler (CDP); the returned stop() writes the profile and summarises its hottest functions. */
export async function startPageProfile(page: Page, scratch: string, tag: string): Promise<{ stop(): Promise<{ busyMs: number; top: HotFunction[] }> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = await cdp.send('Profiler.stop');
      const file = join(scratch, `window-${tag}-${Date.now()}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      await cdp.detach();
      return hotFunctions(file, '', 15);
    },
  };
}
