// The WSL2 VmBackend (Windows only): imports rootfs.tar as a distro, starts sshd+dockerd in it, reaches it over SSH.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { BerthError } from '../../../../app/errors.js';
import type { VmSettings } from '../../../../app/vm.js';
import type { VmBackend } from '../backend.js';
import { GuestBackend } from '../guest-backend.js';
import { findImage, verifyImage } from '../image.js';
import { ensureKeys } from '../keys.js';
import { createLogger } from '../../log.js';
import { ensurePrivateDir, vmPaths, type VmPaths } from '../paths.js';
import { execCmd, importCmd, listCmd, parseWslList, saysNoDistributions, terminateCmd, unregisterCmd, decodeWslOutput, type WslCommand } from './commands.js';

const log = createLogger('vm.wsl');

export interface WslRunResult {
  code: number;
  stdout: Buffer;
  stderr: Buffer;
}

export type WslRunner = (cmd: WslCommand, stdin?: string | Buffer) => Promise<WslRunResult>;

export const execFileRunner: WslRunner = (cmd, stdin) =>
  new Promise((resolve) => {
    const child = execFile(cmd.file, cmd.args, { encoding: 'buffer', windowsHide: true, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
    if (stdin !== undefined) child.stdin?.end(stdin);
    else child.stdin?.end();
  });

export interface WslBackendOptions {
  distro?: string;
  home?: string;
  imageDir?: string;
  /** Loopback port of the distro's sshd (WSL2 forwards the distro's localhost listeners to Windows). */
  sshPort?: number;
  runner?: WslRunner;
  engineTimeoutMs?: number;
}

export class WslBackend extends GuestBackend implements VmBackend {
  readonly kind = 'wsl' as const;
  readonly ports = undefined;
  readonly paths: VmPaths;
  private readonly distro: string;
  private readonly run: WslRunner;
  private readonly sshPort: number;
  private readonly consoleLines: string[] = [];

  constructor(private readonly opts: WslBackendOptions = {}) {
    super('wsl');
    this.distro = opts.distro ?? 'berth';
    this.paths = vmPaths(this.distro, opts.home);
    this.run = opts.runner ?? execFileRunner;
    this.sshPort = opts.sshPort ?? 22_622;
  }

  private async wsl(cmd: WslCommand, what: string, stdin?: string | Buffer): Promise<string> {
    const r = await this.run(cmd, stdin);
    const out = decodeWslOutput(r.stdout);
    const err = decodeWslOutput(r.stderr);
    for (const l of `${out}${err}`.split('\n').filter(Boolean)) this.note(l);
    if (r.code !== 0) throw new BerthError('VM_ERROR', `WSL could not ${what}: ${(err || out).trim().split('\n').pop() ?? `exit code ${r.code}`}`, { detail: `${cmd.file} ${cmd.args.join(' ')}` });
    return out;
  }

  private note(line: string): void {
    this.consoleLines.push(line);
    if (this.consoleLines.length > 500) this.consoleLines.splice(0, this.consoleLines.length - 500);
  }

  async init(): Promise<void> {
    const r = await this.run(listCmd());
    const text = decodeWslOutput(r.stdout);
    if (r.code !== 0 && !saysNoDistributions(text)) {
      throw new BerthError('UNSUPPORTED', 'WSL2 is not available: install it with `wsl --install` (Windows 10 2004+ or Windows 11) and restart.', { detail: text });
    }
    const d = parseWslList(text).find((x) => x.name === this.distro);
    if (d && this.tracker.get().state === 'absent') {
      this.tracker.set('creating');
      this.tracker.set('stopped');
    }
  }

  consoleTail(lines: number): string[] {
    return this.consoleLines.slice(-lines);
  }

  async create(_settings: VmSettings): Promise<void> {
    if (this.tracker.get().state !== 'absent') return;
    this.tracker.set('creating');
    try {
      await ensurePrivateDir(this.paths.dir);
      await ensureKeys(this.paths);
      const img = await findImage(this.opts.imageDir);
      await verifyImage(img, { withTar: true, withRootDisk: false });
      await this.wsl(importCmd(this.distro, path.join(this.paths.dir, 'wsl'), img.rootfsTar), 'import the Berth distribution');
      this.tracker.set('stopped', { imageVersion: img.manifest.version });
    } catch (e) {
      this.tracker.fail(e, this.consoleTail(20));
      throw e;
    }
  }

  async start(settings: VmSettings): Promise<void> {
    if (this.tracker.get().state === 'absent') await this.create(settings);
    const st = this.tracker.get().state;
    if (st === 'running' || st === 'starting') return;
    // CPUs and memory of WSL2 are machine-wide (%UserProfile%\.wslconfig); Berth does not change them.
    this.tracker.set('starting', { running: settings, accel: 'wsl', accelNote: 'CPU and memory limits come from .wslconfig' });
    try {
      this.tracker.beginStage('boot');
      const keys = await ensureKeys(this.paths);
      const sh = (script: string, stdin?: string): Promise<string> => this.wsl(execCmd(this.distro, ['/bin/sh', '-c', script]), 'run a command in the Berth distribution', stdin);
      await sh('mkdir -p /etc/berth && chmod 700 /etc/berth && cat > /etc/berth/authorized_keys && chmod 600 /etc/berth/authorized_keys', `${keys.clientPublic}\n`);
      await sh('umask 077 && rm -f /etc/ssh/ssh_host_* && cat > /etc/ssh/ssh_host_ed25519_key', keys.hostPrivate);
      await sh(`echo ${this.sshPort} > /etc/berth/ssh-port && /usr/local/sbin/berth-wsl-boot`);
      this.tracker.beginStage('network');
      await this.linkGuest({ port: this.sshPort, keys, loginMs: 30_000, engineMs: this.opts.engineTimeoutMs ?? 60_000 });
      this.tracker.set('running');
    } catch (e) {
      const f = this.tracker.fail(e, this.consoleTail(20));
      this.ssh?.close();
      this.ssh = undefined;
      throw BerthError.fromWire(f);
    }
  }

  async stop(): Promise<void> {
    const st = this.tracker.get().state;
    if (st === 'absent' || st === 'stopped') return;
    this.tracker.set('stopping');
    await this.ssh?.exec('/usr/local/sbin/berth-shutdown --no-poweroff', { timeoutMs: 30_000 }).catch(() => undefined);
    this.ssh?.close();
    this.ssh = undefined;
    await this.wsl(terminateCmd(this.distro), 'stop the Berth distribution').catch((e: unknown) => log.warn('terminate failed', { error: String(e) }));
    this.tracker.set('stopped');
  }

  async restart(settings: VmSettings): Promise<void> {
    await this.stop();
    await this.start(settings);
  }

  async delete(): Promise<void> {
    await this.stop();
    if (this.tracker.get().state === 'absent') return;
    await this.wsl(unregisterCmd(this.distro), 'remove the Berth distribution');
    await fs.rm(this.paths.dir, { recursive: true, force: true });
    this.tracker.set('absent');
  }
}
