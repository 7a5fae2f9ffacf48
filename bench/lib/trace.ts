// Main-thread tasks of a page from a Chromium trace, with wall and thread CPU time each, between two User Timing marks.
import type { Browser, Page } from 'playwright-core';

/** Categories enough for top-level tasks (with thread time), thread names and performance.mark(). */
const CATEGORIES = ['toplevel', 'blink.user_timing', '__metadata'];

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

export interface Task {
  wallMs: number;
  cpuMs: number;
}

/**
 * The renderer main thread's outermost tasks from the `from` mark to the `to` mark (performance.mark in the page).
 * On shared cores a task's wall time includes time the OS gave the CPU to other processes; its thread CPU time is
 * what the page itself spent.
 */
export function mainThreadTasks(events: TraceEvent[], from: string, to: string): Task[] {
  const start = events.find((e) => e.name === from);
  const end = events.find((e) => e.name === to);
  if (!start) return [];
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === start.pid);
  const tid = main?.tid ?? start.tid;
  const stop = end?.ts ?? Infinity;
  const mine = events.filter((e) => e.ph === 'X' && e.pid === start.pid && e.tid === tid && e.ts >= start.ts && e.ts <= stop).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const tasks: Task[] = [];
  let until = -1;
  for (const e of mine) {
    if (e.ts < until) continue;
    until = e.ts + (e.dur ?? 0);
    tasks.push({ wallMs: (e.dur ?? 0) / 1000, cpuMs: (e.tdur ?? e.dur ?? 0) / 1000 });
  }
  return tasks;
}

/** Traces `page` while `body` runs; resolves with its result and the main-thread tasks between the marks. */
export async function traceTasks<T>(browser: Browser, page: Page, marks: { from: string; to: string }, body: () => Promise<T>): Promise<{ value: T; tasks: Task[] }> {
  await browser.startTracing(page, { categories: CATEGORIES });
  let value: T;
  try {
    value = await body();
  } catch (e) {
    await browser.stopTracing().catch(() => undefined);
    throw e;
  }
  const parsed = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  return { value, tasks: mainThreadTasks(events, marks.from, marks.to) };
}
