// Accelerator probe: boots the guest kernel briefly under KVM/HVF and falls back to TCG when it fails or hangs.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { nativeGuestArch, type GuestArch } from '../arch.js';
import { createLogger } from '../../log.js';
import { consoleDevice, cpuArg, foreignGuestNote, hardwareAccelFor, machineArg, type QemuAccel, type QemuVersion } from './machine.js';

const log = createLogger('vm.accel');

export type { QemuAccel } from './machine.js';

export interface AccelChoice {
  accel: QemuAccel;
  /** Why the fast accelerator is not in use, when it is not. */
  note?: string;
  probeMs?: number;
}

/** The hardware accelerator worth trying for `guest` (default: the host's native one) here, or undefined when there is none. */
export async function candidateAccel(platform: NodeJS.Platform = process.platform, guest?: GuestArch, hostArch: string = process.arch): Promise<QemuAccel | undefined> {
  const want = guest ?? nativeGuestArch(hostArch);
  let kvm = false;
  if (platform === 'linux' && hardwareAccelFor({ platform, arch: hostArch }, want, true) === 'kvm') {
    kvm = await fs.access('/dev/kvm', fs.constants.R_OK | fs.constants.W_OK).then(() => true, () => false);
  }
  return hardwareAccelFor({ platform, arch: hostArch }, want, kvm);
}

/** Arguments for the probe: the real kernel, no disks, panics at once when it finds no root. */
export function probeArgs(accel: QemuAccel, kernel: string, bios?: string, arch: GuestArch = 'x86_64', version?: QemuVersion): string[] {
  const tty = consoleDevice(arch);
  // earlycon finds the PL011 from the device tree on virt; x86 names its UART.
  const early = arch === 'aarch64' ? 'earlycon' : `earlyprintk=serial,${tty}`;
  return [
    '-accel', accel, '-machine', machineArg(arch, accel, version), '-cpu', cpuArg(arch, accel, version), '-smp', '1', '-m', '256M',
    '-nodefaults', '-no-user-config', '-display', 'none', '-no-reboot',
    ...(bios && arch === 'x86_64' ? ['-bios', bios] : []),
    '-kernel', kernel, '-append', `console=${tty} ${early} loglevel=8 panic=-1`,
    '-serial', 'stdio',
  ];
}

/**
 * Runs QEMU with `accel` until the kernel prints its banner (success) or `timeoutMs` passes (a hang:
 * on some hosts KVM opens fine and then never runs the guest), and kills it either way.
 */
export function probeAccel(qemu: string, accel: QemuAccel, kernel: string, timeoutMs: number, bios?: string, arch: GuestArch = 'x86_64', version?: QemuVersion): Promise<{ ok: boolean; reason: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    let stderr = '';
    let seen = '';
    const child = spawn(qemu, probeArgs(accel, kernel, bios, arch, version), { stdio: ['ignore', 'pipe', 'pipe'] });
    const finish = (ok: boolean, reason: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      resolve({ ok, reason, ms: Date.now() - t0 });
    };
    const timer = setTimeout(() => finish(false, `the guest kernel did not start within ${timeoutMs / 1000} s`), timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      seen = (seen + d).slice(-4096);
      if (seen.includes('Linux version')) finish(true, 'kernel started');
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => { stderr = (stderr + d).slice(-2048); });
    child.on('error', (e) => finish(false, `QEMU could not run: ${e.message}`));
    child.on('exit', (code, signal) => finish(false, `QEMU exited (${signal ?? `code ${code}`}): ${stderr.trim().split('\n').pop() ?? ''}`));
  });
}

export interface ChooseAccelOptions {
  qemu: string;
  kernel: string;
  bios?: string;
  timeoutMs?: number;
  platform?: NodeJS.Platform;
  /** The guest's architecture (default: the host's native one) and the host's (default: this process's). */
  arch?: GuestArch;
  hostArch?: string;
  qemuVersion?: QemuVersion;
  /** Forces an accelerator (BERTH_VM_ACCEL), skipping the probe. */
  forced?: QemuAccel;
  /** Remembers probe results across runs (a hanging KVM costs the probe's timeout on every start otherwise). */
  cacheFile?: string;
  /** How long a remembered result holds; default a day, so a fixed /dev/kvm is picked up again. */
  cacheTtlMs?: number;
}

const cache = new Map<string, AccelChoice>();

interface Remembered extends AccelChoice { at: number }

async function readRemembered(file: string): Promise<Record<string, Remembered>> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, Remembered>;
  } catch {
    return {};
  }
}

/** Picks the accelerator, probing once per QEMU binary and kernel for the life of the process. */
export async function chooseAccel(o: ChooseAccelOptions): Promise<AccelChoice> {
  if (o.forced) return { accel: o.forced, note: o.forced === 'tcg' ? 'forced by BERTH_VM_ACCEL=tcg' : undefined } as AccelChoice;
  const platform = o.platform ?? process.platform;
  const hostArch = o.hostArch ?? process.arch;
  const arch = o.arch ?? nativeGuestArch(hostArch);
  const fast = await candidateAccel(platform, arch, hostArch);
  if (!fast) {
    const note = foreignGuestNote({ platform, arch: hostArch }, arch) ?? (platform === 'linux' ? 'no usable /dev/kvm (is the user in the kvm group?)' : 'no hardware accelerator on this platform');
    return { accel: 'tcg', note };
  }
  const mtime = await fs.stat(o.qemu).then((s) => s.mtimeMs, () => 0);
  const key = `${o.qemu}@${mtime} ${o.kernel} ${fast}`;
  const hit = cache.get(key);
  if (hit) return hit;
  if (o.cacheFile) {
    const r = (await readRemembered(o.cacheFile))[key];
    if (r && Date.now() - r.at < (o.cacheTtlMs ?? 86_400_000)) {
      const { at: _at, ...choice } = r;
      cache.set(key, choice);
      return choice;
    }
  }
  const timeoutMs = o.timeoutMs ?? 5000;
  const r = await probeAccel(o.qemu, fast, o.kernel, timeoutMs, o.bios, arch, o.qemuVersion);
  const choice: AccelChoice = r.ok
    ? { accel: fast, probeMs: r.ms }
    : { accel: 'tcg', note: `${fast.toUpperCase()} unusable: ${r.reason}; using TCG (slower, software emulation)`, probeMs: r.ms };
  log.info(r.ok ? `using ${fast}` : 'falling back to TCG', { reason: r.reason, probeMs: r.ms });
  cache.set(key, choice);
  if (o.cacheFile) {
    const all = await readRemembered(o.cacheFile);
    all[key] = { ...choice, at: Date.now() };
    await fs.writeFile(o.cacheFile, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 }).catch(() => undefined);
  }
  return choice;
}

/** Forget probe results (tests; or after the user fixed /dev/kvm). */
export function clearAccelCache(): void {
  cache.clear();
}
