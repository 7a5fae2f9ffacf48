// Finds and runs the QEMU binary: spawn with the console on stdout, keep stderr, report how and when it exited.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { nativeGuestArch, type GuestArch } from '../arch.js';
import { createLogger } from '../../log.js';
import type { ConsoleCapture } from './console.js';
import { locateQemu } from './find.js';

const log = createLogger('vm.qemu.process');

/** The QEMU system emulator for `arch` guests (default: this host's native one), or a typed error saying how to install it. */
export function findQemu(env: NodeJS.ProcessEnv = process.env, arch: GuestArch = nativeGuestArch()): string {
  return locateQemu({ arch, env }).path;
}

/** qboot boots a Linux kernel ~2 s faster than SeaBIOS; used when the distribution ships it. */
export function findQboot(qemuBinary: string): string | undefined {
  const candidates = [
    path.join(path.dirname(qemuBinary), '..', 'share', 'qemu', 'qboot.rom'),
    '/usr/share/qemu/qboot.rom',
    '/usr/local/share/qemu/qboot.rom',
    '/opt/homebrew/share/qemu/qboot.rom',
  ];
  return candidates.find((c) => fs.existsSync(c));
}

export interface QemuExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Last lines QEMU printed on stderr (its own errors, not the guest's). */
  stderr: string;
}

export class QemuProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<QemuExit>;
  private stderrTail = '';
  private exitInfo: QemuExit | undefined;

  constructor(binary: string, args: string[], consoleCapture: ConsoleCapture) {
    log.info('starting QEMU', { binary, args: args.join(' ') });
    this.child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    if (this.child.stdout) consoleCapture.attach(this.child.stdout);
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (d: string) => {
      this.stderrTail = (this.stderrTail + d).slice(-4096);
    });
    this.exited = new Promise((resolve) => {
      this.child.once('error', (e) => {
        this.stderrTail += `\n${e.message}`;
        this.exitInfo = { code: null, signal: null, stderr: this.stderrTail.trim() };
        resolve(this.exitInfo);
      });
      this.child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal, stderr: this.stderrTail.trim() };
        log.info('QEMU exited', { code, signal });
        resolve(this.exitInfo);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get exit(): QemuExit | undefined {
    return this.exitInfo;
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (!this.exitInfo) this.child.kill(signal);
  }
}

/** A person-readable account of an unexpected QEMU exit. */
export function describeExit(e: QemuExit): string {
  const how = e.signal ? `was killed by ${e.signal}` : `exited with code ${e.code}`;
  const why = e.stderr ? `: ${e.stderr.split('\n').filter(Boolean).slice(-3).join(' / ')}` : '';
  return `QEMU ${how}${why}`;
}

export function exitedWithin(proc: QemuProcess, ms: number): Promise<boolean> {
  return Promise.race([proc.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
}
