// File events for shared folders: a host watcher on the folders running containers bind, forwarded to a guest agent that
// re-applies each changed path's mode through the mount, so the guest kernel raises inotify events (and drops stale caches).
import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Duplex, Readable } from 'node:stream';
import watcher from '@parcel/watcher';
import { createLogger } from '../../log.js';

const log = createLogger('vm.share-events');

/**
 * The guest agent (perl is in Debian's base system): reads NUL-terminated "<octal mode> <path>" records and chmods each
 * path to the mode it already has. Through sshfs that is a SETSTAT the host applies without touching content or times
 * (SFTP v3 carries whole seconds only, so re-setting mtime would damage the host's timestamps); in the guest it is a
 * setattr, which raises IN_ATTRIB for watchers and refreshes the cached size and mtime. Symlinks are skipped (a chmod
 * would follow one to a guest file).
 */
export const GUEST_AGENT = `exec perl -0 -ne 'chop; my ($m, $p) = split / /, $_, 2; chmod(oct($m), $p) if defined $p && !-l $p && -e _;'`;

export interface ShareEventsDeps {
  /** The guest agent's stdin (an SSH exec channel running GUEST_AGENT). */
  channel(command: string): Promise<Duplex & { stderr: Readable }>;
  subscribe?: typeof watcher.subscribe;
  /** Coalescing window (ms). */
  flushMs?: number;
  /** Changed paths per window before a flood is forwarded as its folders instead. */
  maxBatch?: number;
}

type Signature = string;

export class ShareEvents {
  private readonly subs = new Map<string, Promise<watcher.AsyncSubscription | undefined>>();
  private pending = new Set<string>();
  private overflow = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private agent: Duplex | undefined;
  private starting: Promise<Duplex | undefined> | undefined;
  private busy = false;
  /** What was last forwarded per path: the echo of our own chmod (same content, mode) is not forwarded again. */
  private readonly sent = new Map<string, Signature>();
  /** Counters for tests, diagnostics and bench 10. */
  readonly stats = { events: 0, forwarded: 0, echoes: 0, floods: 0 };

  constructor(private readonly deps: ShareEventsDeps) {}

  /** Watches exactly these host folders (a file is watched through its folder); drops the others. */
  async watch(folders: readonly string[]): Promise<void> {
    const dirs = await Promise.all(
      folders.map(async (f) => {
        const p = path.resolve(f);
        const st = await fs.stat(p).catch(() => undefined);
        return st?.isDirectory() ? p : st ? path.dirname(p) : undefined;
      }),
    );
    const want = new Set(outermost(dirs.filter((d): d is string => d !== undefined)));
    for (const [dir, sub] of this.subs) {
      if (want.has(dir)) continue;
      this.subs.delete(dir);
      void sub.then((s) => s?.unsubscribe()).catch(() => undefined);
    }
    const subscribe = this.deps.subscribe ?? watcher.subscribe;
    for (const dir of want) {
      if (this.subs.has(dir)) continue;
      const sub = subscribe(dir, (err, events) => {
        if (err) log.warn('host watcher error', { dir, error: String(err) });
        // A created or deleted entry also changes its folder: watchers that list the folder get its event.
        else this.onHost(dir, events.flatMap((e) => (e.type === 'update' ? [e.path] : [e.path, path.dirname(e.path)])));
      }).catch((e: unknown) => {
        log.warn('cannot watch a shared folder', { dir, error: String(e) });
        return undefined;
      });
      this.subs.set(dir, sub);
    }
    await Promise.all(this.subs.values());
  }

  watching(): string[] {
    return [...this.subs.keys()];
  }

  private onHost(root: string, paths: string[]): void {
    if (!this.subs.has(root)) return;
    const max = this.deps.maxBatch ?? 512;
    for (const p of paths) {
      this.stats.events++;
      if (p.includes('\0')) continue;
      if (this.pending.size < max) this.pending.add(p);
      else this.overflow.add(topFolder(root, p));
    }
    this.timer ??= setTimeout(() => void this.flush(), this.deps.flushMs ?? 25);
  }

  /** Forwards what changed since the last window: each path, or in a flood each top folder it happened in. */
  private async flush(): Promise<void> {
    this.timer = undefined;
    if (this.busy) {
      this.timer = setTimeout(() => void this.flush(), this.deps.flushMs ?? 25);
      return;
    }
    this.busy = true;
    try {
      const flood = this.overflow.size > 0;
      const batch = flood ? [...this.overflow] : [...this.pending];
      if (flood) this.stats.floods++;
      this.pending = new Set();
      this.overflow = new Set();
      const records: string[] = [];
      for (const p of batch) {
        const st = await fs.lstat(p).catch(() => undefined);
        // A path gone by now (deleted, renamed) is represented by its folder.
        const target = st && (st.isFile() || st.isDirectory()) ? { p, st } : await parentOf(p);
        if (!target) continue;
        const sig = `${target.st.mtimeMs}:${target.st.size}:${target.st.mode}`;
        if (!flood && target.p === p && this.sent.get(p) === sig) {
          this.stats.echoes++;
          continue;
        }
        this.remember(target.p, sig);
        records.push(`${(target.st.mode & 0o7777).toString(8)} ${target.p}\0`);
      }
      if (records.length === 0) return;
      const agent = await this.ensureAgent();
      if (!agent) return;
      this.stats.forwarded += records.length;
      if (!agent.write(records.join(''))) await new Promise((r) => agent.once('drain', r));
    } finally {
      this.busy = false;
    }
  }

  private remember(p: string, sig: Signature): void {
    this.sent.delete(p);
    this.sent.set(p, sig);
    // Bounded: the oldest signatures go first.
    if (this.sent.size > 20_000) for (const k of [...this.sent.keys()].slice(0, 5_000)) this.sent.delete(k);
  }

  private ensureAgent(): Promise<Duplex | undefined> {
    if (this.agent && !this.agent.destroyed) return Promise.resolve(this.agent);
    this.starting ??= this.deps
      .channel(GUEST_AGENT)
      .then((ch) => {
        ch.stderr.on('data', (d: Buffer) => log.warn('guest file-event agent', { said: d.toString('utf8').trim().slice(0, 300) }));
        ch.on('error', () => undefined);
        ch.once('close', () => {
          if (this.agent === ch) this.agent = undefined;
        });
        this.agent = ch;
        return ch;
      })
      .catch((e: unknown) => {
        log.warn('cannot start the guest file-event agent', { error: String(e) });
        return undefined;
      })
      .finally(() => {
        this.starting = undefined;
      });
    return this.starting;
  }

  /** Stops watching and ends the agent (watch() starts again). */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = new Set();
    this.overflow = new Set();
    await this.watch([]);
    this.agent?.end();
    this.agent = undefined;
  }
}

/** Folders with none of the others above them. */
function outermost(dirs: string[]): string[] {
  const unique = [...new Set(dirs)];
  return unique.filter((d) => !unique.some((o) => o !== d && (o === '/' || d.startsWith(`${o}/`))));
}

/** The first folder under the watched root that a path is in (the root itself for its direct entries). */
function topFolder(root: string, p: string): string {
  const rel = path.relative(root, p);
  const first = rel.split(path.sep)[0];
  return !first || first === '..' || rel === first ? root : path.join(root, first);
}

async function parentOf(p: string): Promise<{ p: string; st: Stats } | undefined> {
  const dir = path.dirname(p);
  const st = await fs.lstat(dir).catch(() => undefined);
  return st?.isDirectory() ? { p: dir, st } : undefined;
}
