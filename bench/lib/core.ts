// Runs a benchmark body against a fresh `berth serve` child with a connected client; stops it and (with --profile) summarises its CPU profile.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hotFunctions, newestProfile, type HotFunction } from './profile.js';
import { clientOf, engineUp, startServe, type Served } from './serve.js';
import type { BenchOptions } from './types.js';

export type Client = Awaited<ReturnType<typeof clientOf>>['client'];

export interface CoreRun<T> {
  value: T;
  profile?: HotFunction[];
  profileBusyMs?: number;
}

let serial = 0;

export async function withCore<T>(opts: BenchOptions, tag: string, fn: (s: Served, client: Client) => Promise<T>, env?: Record<string, string>): Promise<CoreRun<T>> {
  const profDir = opts.profile ? join(opts.scratch, `prof-${tag}-${serial++}`) : undefined;
  if (profDir) mkdirSync(profDir, { recursive: true });
  const served = await startServe({ root: opts.root, ...(profDir ? { cpuProfDir: profDir } : {}), ...(env ? { env } : {}) });
  let run: CoreRun<T>;
  try {
    const conn = await clientOf(served);
    try {
      await engineUp(conn.client);
      run = { value: await fn(served, conn.client) };
    } finally {
      conn.transport.close();
    }
  } finally {
    await served.stop();
  }
  const file = profDir ? newestProfile(profDir) : undefined;
  if (file) {
    const h = hotFunctions(file, opts.root);
    run.profile = h.top;
    run.profileBusyMs = h.busyMs;
    opts.log(`  profile ${tag}: ${h.busyMs} ms busy; top: ${h.top.slice(0, 5).map((t) => `${t.fn} ${t.pct}%`).join(' | ')}`);
  }
  return run;
}
