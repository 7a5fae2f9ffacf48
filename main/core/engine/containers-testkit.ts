// Test helpers for stream handlers: a fake Sink with switchable backpressure, and polling until a condition holds.
import type { Sink } from '../handlers.js';

export class FakeSink<C, R> implements Sink<C, R> {
  readonly chunks: C[] = [];
  /** What `push` answers; set false to simulate a window that is behind. */
  accept = true;
  drainWaiters = 0;
  result: R | undefined;
  error: unknown;
  readonly done: Promise<R>;
  private readonly abort = new AbortController();
  private drains: (() => void)[] = [];
  private settle!: { resolve: (r: R) => void; reject: (e: unknown) => void };

  constructor() {
    this.done = new Promise<R>((resolve, reject) => (this.settle = { resolve, reject }));
    this.done.catch(() => undefined);
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  push(chunk: C): boolean {
    this.chunks.push(chunk);
    return this.accept;
  }

  onDrain(cb: () => void): void {
    this.drainWaiters++;
    this.drains.push(cb);
  }

  /** The consumer caught up: resume the source. */
  drain(): void {
    this.accept = true;
    for (const cb of this.drains.splice(0)) cb();
  }

  end(result: R): void {
    this.result = result;
    this.settle.resolve(result);
  }

  fail(err: unknown): void {
    this.error = err;
    this.settle.reject(err);
  }

  /** The consumer closed the stream. */
  close(): void {
    this.abort.abort();
  }
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
