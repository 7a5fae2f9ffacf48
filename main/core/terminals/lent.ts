// The busybox Berth lends a shell-less container: a fresh copy at a random path per shell, taken out when the last such shell on that container closes.
import { BerthError } from '../../../app/errors.js';
import type { Change } from '../../../app/model.js';
import type { CoreContext } from '../context.js';
import { createLogger } from '../log.js';
import { quickExec } from './shell.js';

const log = createLogger('lent');

/** `/.berth-<16 hex>/busybox` (shell.ts newLentPath): the folder's name is random, so a container cannot plant or replace it in advance. */
const LENT = /^\/\.berth-[0-9a-f]{16}(?:\/busybox)?$/;

/** True for a path of a lent copy (its folder or the binary), as `docker diff` lists them. */
export function isLentPath(path: string): boolean {
  return LENT.test(path);
}

/** The folders of lent copies among a container's changes. */
export function lentDirs(changes: readonly Change[]): string[] {
  return changes.filter((c) => c.kind === 'added' && isLentPath(c.path) && !c.path.endsWith('/busybox')).map((c) => c.path);
}

/** Marks the lent copies' paths, so the window can leave them out of "your changes". */
export function markLent(changes: Change[]): Change[] {
  return changes.map((c) => (isLentPath(c.path) ? { ...c, lent: true } : c));
}

/** Runs `busybox rm -rf <dirs>` in the container with one of the copies (busybox may remove itself). */
export type RemoveLent = (containerId: string, binary: string, dirs: string[]) => Promise<void>;

interface Entry {
  open: number;
  dirs: Set<string>;
}

/** Per core: which lent copies each container holds, and how many Berth shells use them. */
export class LentBusyboxes {
  private readonly byContainer = new Map<string, Entry>();

  constructor(private readonly remove: RemoveLent, private readonly leftovers: (containerId: string) => Promise<string[]> = async () => []) {}

  /** A shell is about to use the copy in `dir`; the returned release (idempotent) is called when that shell is done. */
  reserve(containerId: string, dir: string): () => Promise<void> {
    const e = this.byContainer.get(containerId) ?? { open: 0, dirs: new Set<string>() };
    e.open++;
    e.dirs.add(dir);
    this.byContainer.set(containerId, e);
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      e.open--;
      if (e.open > 0) return;
      this.byContainer.delete(containerId);
      // Copies an earlier shell left behind (a core that stopped mid-session) go too, unless a new shell took one meanwhile.
      const extra = await this.leftovers(containerId).catch(() => []);
      const inUse = this.byContainer.get(containerId)?.dirs ?? new Set<string>();
      const dirs = [...new Set([...e.dirs, ...extra])].filter((d) => !inUse.has(d));
      if (dirs.length === 0) return;
      await this.removeWithAny(containerId, [...e.dirs, ...dirs], dirs).then(
        () => log.info(`took Berth's busybox out of ${containerId.slice(0, 12)} (${dirs.join(', ')})`),
        (err: unknown) => log.info(`could not take Berth's busybox out of ${containerId.slice(0, 12)} (is it still running?); it stays in its writable layer`, err),
      );
    };
  }

  /** Takes the copies in `dirs` out of a running container now (commit does, when no Berth shell uses them). */
  async takeOut(containerId: string, dirs: string[]): Promise<void> {
    if (dirs.length === 0) return;
    try {
      await this.removeWithAny(containerId, dirs, dirs);
    } catch (e) {
      throw new BerthError('CONFLICT', `Berth could not take its busybox out of the container (${dirs.join(', ')}): ${e instanceof Error ? e.message : String(e)}.`, { field: 'includeBerthBusybox' });
    }
    log.info(`took Berth's busybox out of ${containerId.slice(0, 12)} before a commit (${dirs.join(', ')})`);
  }

  /** Runs the removal with the first copy that works (the person may have deleted one of them). */
  private async removeWithAny(containerId: string, binaries: string[], dirs: string[]): Promise<void> {
    let last: unknown = new Error('no copy of busybox to run');
    for (const d of new Set(binaries)) {
      try {
        await this.remove(containerId, `${d}/busybox`, dirs);
        return;
      } catch (e) {
        last = e;
      }
    }
    throw last;
  }

  /** Berth shells open on the container that run a lent busybox. */
  openShells(containerId: string): number {
    return this.byContainer.get(containerId)?.open ?? 0;
  }
}

const perCore = new WeakMap<CoreContext, LentBusyboxes>();

/** The engine's diff rows of a container (JSON null when there are none). */
async function engineDiff(ctx: CoreContext, id: string): Promise<Change[]> {
  const rows: unknown = await ctx.docker.getContainer(id).changes();
  if (!Array.isArray(rows)) return [];
  return (rows as { Path: string; Kind: number }[]).map((r) => ({ path: r.Path, kind: r.Kind === 1 ? 'added' : r.Kind === 2 ? 'deleted' : 'modified' }));
}

/** The one registry of a core: terminals lend copies, containers.diff marks them and commit checks them. */
export function lentFor(ctx: CoreContext): LentBusyboxes {
  let l = perCore.get(ctx);
  if (!l) {
    l = new LentBusyboxes(
      async (id, binary, dirs) => {
        const r = await quickExec(ctx.docker.getContainer(id), [binary, 'rm', '-rf', ...dirs]);
        if (r.exitCode !== 0) throw new Error(`rm exited with ${r.exitCode}`);
      },
      async (id) => lentDirs(await engineDiff(ctx, id)),
    );
    perCore.set(ctx, l);
  }
  return l;
}
