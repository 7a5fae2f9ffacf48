// Start-up waits that end early when QEMU dies: a console marker line, or any promise raced against the process exit.
import { BerthError } from '../../../../app/errors.js';
import type { ConsoleCapture } from './console.js';
import { describeExit, type QemuProcess } from './process.js';

/** Rejects with why QEMU exited if it exits before `p` settles. */
export function raceExit<T>(proc: QemuProcess | undefined, p: Promise<T>, stopping: () => boolean): Promise<T> {
  if (!proc) return p;
  return Promise.race([
    p,
    proc.exited.then((ex) => {
      throw new BerthError('VM_ERROR', stopping() ? 'The VM was stopped.' : describeExit(ex));
    }),
  ]);
}

export interface LineWait {
  console: ConsoleCapture;
  proc: QemuProcess | undefined;
  marker: string;
  timeoutMs: number;
  /** On timeout resolve false instead of failing (the caller has a fallback). */
  soft?: boolean;
  /** A line that means the stage failed; its text becomes the error. */
  failure?: RegExp;
  stopping: () => boolean;
}

export async function awaitLine(w: LineWait): Promise<boolean> {
  const waiter = w.console.waitFor((l) => l.includes(w.marker) || (w.failure?.test(l) ?? false), { includeSeen: true });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((r) => {
    timer = setTimeout(() => r('timeout'), w.timeoutMs);
  });
  try {
    const r = await raceExit(w.proc, Promise.race([waiter.promise, timeout]), w.stopping);
    if (r === 'timeout') {
      if (w.soft) return false;
      throw new BerthError('TIMEOUT', `The guest did not reach "${w.marker.replace('berth: ', '')}" within ${Math.round(w.timeoutMs / 1000)} s.`);
    }
    if (!r.includes(w.marker)) throw new BerthError('VM_ERROR', `The guest reported: ${r.replace(/^berth: /, '')}`);
    return true;
  } finally {
    clearTimeout(timer);
    waiter.cancel();
  }
}
