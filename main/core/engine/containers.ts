// The `containers` group of the contract: list, inspect, run/create, lifecycle, top, diff, commit (commit.ts), export, publish, logs, stats, stats snapshots.
import { createWriteStream } from 'node:fs';
import { chmod, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Api } from '../../../app/api.js';
import { BerthError, invalidInput } from '../../../app/errors.js';
import type { Change, ContainerSummary } from '../../../app/model.js';
import type { CoreContext } from '../context.js';
import type { Handlers } from '../handlers.js';
import { markLent } from '../terminals/lent.js';
import { jsonObject } from './link/answers.js';
import { commitContainer } from './commit.js';
import { engineCall, mapEngineError } from './link/errors.js';
import { openLogs } from './logs.js';
import { PublishRegistry } from './publish.js';
import { Runner, startError } from './run.js';
import { validateName } from './run-spec.js';
import { openStats } from './stats.js';
import { readOnce, StatsSnapshots } from './stats-snapshot.js';
import { containerSummaries } from './link/summaries.js';

const OK = { ok: true as const };
const CHANGE_KINDS: Record<number, Change['kind']> = { 0: 'modified', 1: 'added', 2: 'deleted' };

/** The engine's diff rows as the contract's changes (Kind 0/1/2). */
export function toChanges(rows: unknown): Change[] {
  // No changes come back as JSON null, which the modem hands over as raw bytes.
  if (!Array.isArray(rows)) return [];
  return (rows as { Path: string; Kind: number }[]).map((r) => ({ path: r.Path, kind: CHANGE_KINDS[r.Kind] ?? 'modified' }));
}

/** Newest first, like `docker ps`. */
function byCreated(a: ContainerSummary, b: ContainerSummary): number {
  return b.created - a.created || a.name.localeCompare(b.name);
}

/** Treats the engine's 304 (already started / already stopped) as success. */
async function idempotent(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 304) return;
    throw e;
  }
}

/**
 * Streams `source` to `path` (0600), via a temporary file so a failed export leaves nothing behind. The temporary
 * file is created exclusively ('wx') in a fresh private folder (mkdtemp, 0700, random name) beside the target, so
 * nobody can plant a symlink at its name and make the export write through it; the finished file is renamed over
 * `path` (a rename replaces a symlink there, never follows it).
 */
export async function writeExport(source: Readable, path: string): Promise<number> {
  if (!isAbsolute(path)) throw invalidInput('path', `Export path "${path}" must be absolute.`);
  const dir = await stat(dirname(path)).catch(() => undefined);
  if (!dir?.isDirectory()) throw invalidInput('path', `Folder ${dirname(path)} does not exist.`);
  let scratch: string;
  try {
    scratch = await mkdtemp(join(dirname(path), `.${basename(path)}.berth-`));
  } catch (e) {
    throw writeError(e, path);
  }
  const tmp = join(scratch, 'export.part');
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  try {
    await pipeline(source, count, createWriteStream(tmp, { mode: 0o600, flags: 'wx' }));
    await chmod(tmp, 0o600);
    await rename(tmp, path);
  } catch (e) {
    throw writeError(e, path);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return bytes;
}

function writeError(e: unknown, path: string): Error {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'EACCES' || err.code === 'EPERM') return new BerthError('PERMISSION_DENIED', `Cannot write ${path}: permission denied.`, { field: 'path', detail: err.message });
  if (err.code === 'ENOSPC') return new BerthError('INTERNAL', `The disk holding ${path} is full.`, { field: 'path', detail: err.message });
  return mapEngineError(e);
}

export function createContainerHandlers(ctx: CoreContext): Handlers<Api>['containers'] {
  const d = () => ctx.docker;
  const c = (id: string) => ctx.docker.getContainer(id);
  const what = (id: string) => ({ what: `Container ${id}` });
  const runner = new Runner(ctx);
  const published = new PublishRegistry(ctx);
  const snapshots = new StatsSnapshots(readOnce(ctx));

  return {
    list: async ({ all }) => {
      if (ctx.conn.getStatus().state === 'up' && ctx.model.containers.size > 0) {
        return [...ctx.model.containers.values()].filter((s) => all || s.state === 'running' || s.state === 'paused' || s.state === 'restarting').sort(byCreated);
      }
      const rows = await engineCall(() => d().listContainers({ all }));
      return containerSummaries(rows).sort(byCreated);
    },
    inspect: ({ id }) => engineCall(async () => jsonObject(await c(id).inspect(), `container ${id}`), what(id)),
    run: (spec) => runner.run(spec),
    create: (spec) => runner.create(spec),
    start: async ({ id }) => {
      try {
        await idempotent(() => c(id).start());
      } catch (e) {
        throw startError(e, `Container ${id}`);
      }
      return OK;
    },
    stop: ({ id, timeout }) => engineCall(() => idempotent(() => c(id).stop(timeout === undefined ? {} : { t: timeout })), what(id)).then(() => OK),
    restart: ({ id, timeout }) =>
      engineCall(() => c(id).restart(timeout === undefined ? {} : { t: timeout }), what(id))
        .catch((e: unknown) => {
          throw startError(e, `Container ${id}`);
        })
        .then(() => OK),
    kill: ({ id, signal }) => engineCall(() => c(id).kill(signal ? { signal } : {}), what(id)).then(() => OK),
    pause: ({ id }) => engineCall(() => c(id).pause(), what(id)).then(() => OK),
    unpause: ({ id }) => engineCall(() => c(id).unpause(), what(id)).then(() => OK),
    rename: async ({ id, name }) => {
      validateName(name);
      await engineCall(() => c(id).rename({ name: name.replace(/^\//, '') }), { what: name, field: 'name' });
      return OK;
    },
    remove: async ({ id, force, volumes }) => {
      try {
        await c(id).remove({ force, v: volumes });
      } catch (err) {
        const e = mapEngineError(err, what(id));
        if (e.code === 'CONFLICT' && /running|stop the container/i.test(e.detail ?? '')) {
          throw new BerthError('CONFLICT', `Container ${id} is running — stop it first, or remove it with force.`, { detail: e.detail ?? e.message });
        }
        throw e;
      }
      return OK;
    },
    top: async ({ id, psArgs }) => {
      const r = await engineCall(() => c(id).top(psArgs ? { ps_args: psArgs } : {}), what(id));
      return { titles: r.Titles ?? [], processes: r.Processes ?? [] };
    },
    diff: ({ id }) => engineCall(async () => markLent(toChanges(await c(id).changes())), what(id)),
    commit: (input) => commitContainer(ctx, input),
    export: async ({ id, path }) => {
      if (!isAbsolute(path)) throw invalidInput('path', `Export path "${path}" must be absolute.`);
      const source = await engineCall(() => c(id).export() as Promise<Readable>, what(id));
      const bytes = await writeExport(source, path);
      return { path, bytes };
    },
    publish: (input) => published.publish(input),
    published: ({ id }) => published.publishedOf(id),
    unpublish: async (input) => (await published.unpublish(input), { ok: true as const }),
    logs: (input, sink) => openLogs(ctx, input, sink),
    stats: (input, sink) => openStats(ctx, input, sink),
    statsSnapshot: ({ ids }) => snapshots.snapshot(ids),
  };
}
