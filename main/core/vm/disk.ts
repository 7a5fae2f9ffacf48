// Gives the data disk's freed blocks back to the host: fstrim in the guest over SSH after removals, prunes, daily and on request, measured on the host file.
import fs from 'node:fs/promises';
import { BerthError } from '../../../app/errors.js';
import type { VmDiskTrim, VmDiskUsage, VmTrimReason } from '../../../app/vm.js';
import { createLogger } from '../log.js';
import type { ExecResult } from '../ssh/ssh.js';

const log = createLogger('vm.disk');

/** Where berth-init mounts the data disk in the guest (ext4; /var/lib/docker and containerd are binds into it). */
export const DATA_MOUNT = '/mnt/berth-data';
const DAY_MS = 24 * 60 * 60 * 1000;
/** A `docker system prune` is several requests: trim once, this long after the last one. */
const SETTLE_MS = 3000;
const TRIM_TIMEOUT_MS = 10 * 60_000;

/** The engine requests that free space on the data disk (any API version prefix): removes, prunes, and waits for an auto-removal. */
const FREEING: readonly { method: string; path: RegExp }[] = [
  { method: 'DELETE', path: /^(?:\/v[\d.]+)?\/(?:containers|images|volumes)\/[^/?]+\/?(?:\?|$)/ },
  { method: 'POST', path: /^(?:\/v[\d.]+)?\/(?:containers|images|volumes|build)\/prune\/?(?:\?|$)/ },
  // `docker run --rm` waits for its container's removal: the wait's answer ends once the engine removed it.
  { method: 'POST', path: /^(?:\/v[\d.]+)?\/containers\/[^/?]+\/wait\?(?:[^#]*&)?condition=removed(?:&|$)/ },
];

/** Whether an answered engine request freed space on the data disk (a 2xx remove or prune). */
export function freesSpace(method: string | undefined, url: string | undefined, status: number | undefined): boolean {
  if (!method || !url || status === undefined || status < 200 || status > 299) return false;
  return FREEING.some((f) => f.method === method && f.path.test(url));
}

/** The bytes `fstrim -v` says it trimmed ("…: 1 GiB (1073741824 bytes) trimmed", or older "…: 1073741824 bytes were trimmed"). */
export function parseFstrim(stdout: string): number | undefined {
  const m = /\((\d+) bytes\) trimmed/.exec(stdout) ?? /: (\d+) bytes (?:were )?trimmed/.exec(stdout);
  return m ? Number(m[1]) : undefined;
}

/** Size and used bytes from the last line of `df -P -B1 <mount>` (Filesystem 1-blocks Used Available Capacity Mounted-on). */
export function parseDf(stdout: string): { sizeBytes: number; usedBytes: number } | undefined {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  const f = line.trim().split(/\s+/);
  const size = Number(f[1]);
  const used = Number(f[2]);
  return f.length >= 6 && Number.isFinite(size) && Number.isFinite(used) ? { sizeBytes: size, usedBytes: used } : undefined;
}

/** The commit of freed blocks (sync: ext4 frees them when the journal commits) and the trim, refusing when the disk is not mounted. */
export const TRIM_COMMAND = `mountpoint -q ${DATA_MOUNT} || { echo "the data disk is not mounted at ${DATA_MOUNT}" >&2; exit 3; }; sync -f ${DATA_MOUNT} && fstrim -v ${DATA_MOUNT}`;
export const DF_COMMAND = `df -P -B1 ${DATA_MOUNT} | tail -n 1`;

export interface DiskReclaimerOptions {
  /** The data disk file on the host. */
  file: string;
  /** A command in the guest as root (the VM's SSH exec). */
  exec: (command: string, opts: { timeoutMs: number }) => Promise<ExecResult>;
  /** Whether the VM is running (its SSH link is up). */
  running: () => boolean;
  /** Why this VM cannot trim (WSL2: Windows owns the disk file), or undefined. */
  unsupported?: string | undefined;
  /** Tests: the host file's stat, the clock and the timers. */
  stat?: (file: string) => Promise<{ size: number; blocks: number }>;
  now?: () => number;
  settleMs?: number;
  dailyMs?: number;
}

export class DiskReclaimer {
  private chain: Promise<unknown> = Promise.resolve();
  private settle: ReturnType<typeof setTimeout> | undefined;
  private daily: ReturnType<typeof setInterval> | undefined;
  private last: VmDiskTrim | undefined;
  private readonly stat: (file: string) => Promise<{ size: number; blocks: number }>;
  private readonly now: () => number;

  constructor(private readonly opts: DiskReclaimerOptions) {
    this.stat = opts.stat ?? ((f) => fs.stat(f));
    this.now = opts.now ?? Date.now;
  }

  /** The data disk on the host (allocated and apparent bytes) and, while the VM runs, its guest filesystem's use. */
  async usage(): Promise<VmDiskUsage> {
    const st = await this.stat(this.opts.file).catch((e: unknown) => {
      throw new BerthError('NOT_FOUND', `The VM's data disk ${this.opts.file} cannot be read: ${errText(e)}. Start the VM once to create it.`);
    });
    const u: VmDiskUsage = { file: this.opts.file, allocatedBytes: st.blocks * 512, apparentBytes: st.size };
    if (this.opts.running() && !this.opts.unsupported) {
      const r = await this.opts.exec(DF_COMMAND, { timeoutMs: 15_000 }).catch(() => undefined);
      const guest = r && r.code === 0 ? parseDf(r.stdout) : undefined;
      if (guest) u.guest = guest;
    }
    if (this.last) u.lastTrim = this.last;
    return u;
  }

  /** Trims now (after any trim in progress) and measures what the host's filesystem got back. */
  reclaim(reason: VmTrimReason = 'manual'): Promise<VmDiskTrim> {
    if (this.opts.unsupported) return Promise.reject(new BerthError('UNSUPPORTED', this.opts.unsupported));
    if (!this.opts.running()) return Promise.reject(new BerthError('VM_ERROR', 'The VM is not running; start it, then give space back.'));
    const next = this.chain.catch(() => undefined).then(() => this.trim(reason));
    this.chain = next;
    return next;
  }

  private async trim(reason: VmTrimReason): Promise<VmDiskTrim> {
    const t0 = this.now();
    const before = await this.allocated();
    const r = await this.opts.exec(TRIM_COMMAND, { timeoutMs: TRIM_TIMEOUT_MS });
    if (r.code !== 0) {
      const why = (r.stderr || r.stdout).trim() || `exit ${r.code ?? r.signal ?? '?'}`;
      throw new BerthError('VM_ERROR', `Could not give the data disk's free space back: ${why}`);
    }
    const after = await this.allocated();
    const trim: VmDiskTrim = {
      reason,
      at: this.now(),
      durationMs: this.now() - t0,
      allocatedBefore: before,
      allocatedAfter: after,
      returnedBytes: Math.max(0, before - after),
    };
    const trimmed = parseFstrim(r.stdout);
    if (trimmed !== undefined) trim.trimmedBytes = trimmed;
    this.last = trim;
    log.info('trimmed the data disk', { reason, returnedMiB: Math.round(trim.returnedBytes / 2 ** 20), allocatedMiB: Math.round(after / 2 ** 20), ms: trim.durationMs });
    return trim;
  }

  private async allocated(): Promise<number> {
    return (await this.stat(this.opts.file)).blocks * 512;
  }

  /** An engine request was answered: a remove or prune that freed space schedules one trim once things settle. */
  noteAnswer(method: string | undefined, url: string | undefined, status: number | undefined): void {
    if (!freesSpace(method, url, status) || this.opts.unsupported) return;
    if (this.settle) clearTimeout(this.settle);
    this.settle = setTimeout(() => {
      this.settle = undefined;
      this.background('removal');
    }, this.opts.settleMs ?? SETTLE_MS);
    this.settle.unref?.();
  }

  /** The daily trim while the VM runs (call when it comes up; `stop` when it goes down). */
  start(): void {
    if (this.daily || this.opts.unsupported) return;
    this.daily = setInterval(() => this.background('daily'), this.opts.dailyMs ?? DAY_MS);
    this.daily.unref?.();
  }

  stop(): void {
    if (this.daily) clearInterval(this.daily);
    if (this.settle) clearTimeout(this.settle);
    this.daily = undefined;
    this.settle = undefined;
  }

  /** Waits for the trims started so far (tests, shutdown). */
  async idle(): Promise<void> {
    await this.chain.catch(() => undefined);
  }

  private background(reason: VmTrimReason): void {
    if (!this.opts.running()) return;
    this.reclaim(reason).catch((e: unknown) => log.warn(`${reason} trim failed`, { error: errText(e) }));
  }
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
