// WSL2's memory-reclaim setting for the window: reads and sets `[experimental] autoMemoryReclaim` in
// %UserProfile%\.wslconfig (wslconfig.ts keeps the rest of the file byte for byte) and restarts WSL when asked.
//
// WSL reads the file only when its VM starts, so a change applies after `wsl --shutdown`, which stops every
// distribution on the machine, not only Berth's. Berth never runs it on its own: restartWsl() is the person's button.
// %UserProfile% is os.homedir() on Windows (Node takes USERPROFILE, else the profile folder of the account), the
// folder WSL reads the file from. Writes go to a temporary file beside it, then a rename: a crash never leaves a
// half-written file, and a file another program holds open or marks read-only gives a clear error, not a silent miss.
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BerthError } from '../../../../app/errors.js';
import type { VmStatus, WslMemoryReclaim } from '../../../../app/vm.js';
import { createLogger } from '../../log.js';
import { execFileRunner, type WslRunner } from './backend.js';
import { decodeWslOutput, shutdownCmd } from './commands.js';
import { checkReclaimMode, readReclaim, writeReclaim, type ReclaimReading } from './wslconfig.js';

const log = createLogger('vm.wsl.memory');

/** The file operations used, replaceable in tests (a locked file, a race). */
export interface WslConfigFs {
  readFile(file: string): Promise<Buffer>;
  writeFile(file: string, data: Buffer, opts: { flag: 'wx' }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(file: string, opts: { force: true }): Promise<void>;
  realpath(file: string): Promise<string>;
}

/** What restartWsl needs of the VM manager: the Berth VM is stopped before WSL shuts down and started again after. */
export interface WslVmControl {
  status(): VmStatus;
  stop(opts: { shutdown: boolean }): Promise<void>;
  start(): Promise<void>;
}

export interface WslMemoryOptions {
  vm: WslVmControl;
  platform?: NodeJS.Platform;
  /** Defaults to `%UserProfile%\.wslconfig`. */
  configPath?: string;
  runner?: WslRunner;
  fs?: WslConfigFs;
}

const nodeFs: WslConfigFs = {
  readFile: (f) => fsp.readFile(f),
  writeFile: (f, d, o) => fsp.writeFile(f, d, o),
  rename: (a, b) => fsp.rename(a, b),
  rm: (f, o) => fsp.rm(f, o),
  realpath: (f) => fsp.realpath(f),
};

const codeOf = (e: unknown): string | undefined => (e as { code?: unknown } | null)?.code as string | undefined;

function fileError(e: unknown, what: string, file: string): BerthError {
  const code = codeOf(e);
  if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') {
    return new BerthError('PERMISSION_DENIED', `Berth could not ${what} ${file}: another program has it open, or it is read-only (${code}). Close it there or clear its read-only mark, then try again.`, { detail: String(e) });
  }
  return new BerthError('VM_ERROR', `Berth could not ${what} ${file}: ${e instanceof Error ? e.message : String(e)}`);
}

/** One word per reading, to tell whether the file still says what WSL started with. */
const stateOf = (r: ReclaimReading): string => r.mode ?? (r.unknownValue !== undefined ? `unknown:${r.unknownValue}` : 'default');

export class WslMemorySetting {
  readonly file: string;
  private readonly fs: WslConfigFs;
  private readonly run: WslRunner;
  /** The reading when Berth first read the file or last restarted WSL: taken to be what the running WSL uses. */
  private inForce: string | undefined;

  constructor(private readonly opts: WslMemoryOptions) {
    this.file = opts.configPath ?? path.join(os.homedir(), '.wslconfig');
    this.fs = opts.fs ?? nodeFs;
    this.run = opts.runner ?? execFileRunner;
  }

  /** UNSUPPORTED unless this is Windows and the Berth VM is the WSL2 one (the window hides the control then). */
  private check(): void {
    if ((this.opts.platform ?? process.platform) !== 'win32' || this.opts.vm.status().backend !== 'wsl') {
      throw new BerthError('UNSUPPORTED', 'Giving memory back through .wslconfig is a WSL2 setting; this Berth VM does not run under WSL2.');
    }
  }

  private async readBytes(): Promise<Buffer | undefined> {
    try {
      return await this.fs.readFile(this.file);
    } catch (e) {
      if (codeOf(e) === 'ENOENT') return undefined;
      throw fileError(e, 'read', this.file);
    }
  }

  private view(bytes: Buffer | undefined, reading: ReclaimReading): WslMemoryReclaim {
    const now = stateOf(reading);
    this.inForce ??= now;
    return {
      path: this.file,
      exists: bytes !== undefined,
      ...(reading.mode ? { mode: reading.mode } : {}),
      ...(reading.unknownValue !== undefined ? { unknownValue: reading.unknownValue } : {}),
      ignoredDuplicates: reading.ignoredDuplicates,
      restartNeeded: now !== this.inForce,
    };
  }

  async get(): Promise<WslMemoryReclaim> {
    this.check();
    const bytes = await this.readBytes();
    return this.view(bytes, readReclaim(bytes));
  }

  /** Sets the key (an unknown value is refused before anything is read or written); the file is created only now. */
  async set(mode: unknown): Promise<WslMemoryReclaim> {
    this.check();
    const value = checkReclaimMode(mode);
    const before = await this.readBytes();
    const reading = readReclaim(before);
    this.inForce ??= stateOf(reading);
    const { bytes, changed } = writeReclaim(before, value);
    if (!changed) return this.view(before, reading);
    await this.replace(before, bytes);
    log.info('set autoMemoryReclaim', { file: this.file, from: stateOf(reading), to: value });
    return this.view(bytes, readReclaim(bytes));
  }

  private async replace(before: Buffer | undefined, bytes: Buffer): Promise<void> {
    // A linked .wslconfig is edited where it points, so the link stays a link.
    const target = before === undefined ? this.file : await this.fs.realpath(this.file).catch(() => this.file);
    const tmp = path.join(path.dirname(target), `.wslconfig.berth-${process.pid}-${Date.now()}.tmp`);
    try {
      await this.fs.writeFile(tmp, bytes, { flag: 'wx' });
    } catch (e) {
      throw fileError(e, 'write beside', this.file);
    }
    try {
      const now = await this.readBytes();
      if ((now === undefined) !== (before === undefined) || (now && before && !now.equals(before))) {
        throw new BerthError('CONFLICT', `${this.file} changed while Berth was editing it; nothing was written. Try again.`);
      }
      await this.fs.rename(tmp, target).catch((e: unknown) => {
        throw fileError(e, 'replace', this.file);
      });
    } catch (e) {
      await this.fs.rm(tmp, { force: true }).catch(() => undefined);
      throw e;
    }
  }

  /**
   * `wsl --shutdown`, so WSL reads .wslconfig again: every distribution stops. The Berth VM is stopped first and, when
   * it was running, started again after (a new WSL VM with the new setting).
   */
  async restartWsl(): Promise<void> {
    this.check();
    const vm = this.opts.vm;
    const state = vm.status().state;
    if (state === 'starting' || state === 'stopping' || state === 'creating') {
      throw new BerthError('CONFLICT', `The Berth VM is ${state}; restart WSL once that is done.`);
    }
    const wasRunning = state === 'running';
    if (wasRunning) await vm.stop({ shutdown: true });
    const cmd = shutdownCmd();
    const r = await this.run(cmd);
    if (r.code !== 0) {
      const said = `${decodeWslOutput(r.stderr)}\n${decodeWslOutput(r.stdout)}`.trim().split('\n').pop();
      if (wasRunning) await vm.start().catch((e: unknown) => log.warn('could not start the VM again after a failed wsl --shutdown', { error: String(e) }));
      throw new BerthError('VM_ERROR', `WSL did not shut down: ${said || `exit code ${r.code}`}`, { detail: `${cmd.file} ${cmd.args.join(' ')}` });
    }
    log.info('wsl --shutdown done', { restartVm: wasRunning });
    this.inForce = stateOf(readReclaim(await this.readBytes().catch(() => undefined)));
    if (wasRunning) await vm.start();
  }
}
