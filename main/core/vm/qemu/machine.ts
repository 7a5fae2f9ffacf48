// The guest machine by architecture: which qemu-system binary, machine, CPU model, console and accelerator fit a host.
import type { VmAccel } from '../../../../app/vm.js';
import { nativeGuestArch, type GuestArch } from '../arch.js';

export type { GuestArch } from '../arch.js';

export type QemuAccel = Exclude<VmAccel, 'wsl'>;

/** A QEMU version as `--version` prints it (`QEMU emulator version 8.2.2`). */
export interface QemuVersion {
  major: number;
  minor: number;
  micro: number;
}

/** The host as Node names it: `process.platform` and `process.arch` (`x64`, `arm64`, …). */
export interface HostKind {
  platform: NodeJS.Platform;
  arch: string;
}

/** `qemu-system-x86_64` or `qemu-system-aarch64` (with `.exe` on Windows). */
export function qemuBinaryName(guest: GuestArch, platform: NodeJS.Platform = process.platform): string {
  return `qemu-system-${guest}${platform === 'win32' ? '.exe' : ''}`;
}

/**
 * The hardware accelerator worth trying for `guest` on `host`, or undefined (then TCG, software emulation).
 * Hardware runs only a guest of the host's own architecture: an x86_64 guest on an Apple Silicon Mac is emulated.
 */
export function hardwareAccelFor(host: HostKind, guest: GuestArch, kvmUsable: boolean): QemuAccel | undefined {
  if (nativeGuestArch(host.arch) !== guest) return undefined;
  if (host.platform === 'darwin') return 'hvf';
  if (host.platform === 'win32') return guest === 'x86_64' ? 'whpx' : undefined;
  if (host.platform === 'linux') return kvmUsable ? 'kvm' : undefined;
  return undefined;
}

/** Why the guest is emulated, when the host could not run it on hardware because of its architecture. */
export function foreignGuestNote(host: HostKind, guest: GuestArch): string | undefined {
  const native = nativeGuestArch(host.arch);
  return native === guest ? undefined : `the guest is ${guest} and this host is ${native}: emulated with TCG (much slower)`;
}

const atLeast = (v: QemuVersion | undefined, major: number, minor = 0): boolean => v !== undefined && (v.major > major || (v.major === major && v.minor >= minor));

/** `-machine`: q35 for x86_64; `virt` for aarch64 (GICv3 where available, so more than 8 CPUs work; no firmware needed). */
export function machineArg(guest: GuestArch, accel: QemuAccel, version?: QemuVersion): string {
  if (guest === 'x86_64') return 'q35';
  // QEMU before 7.0 maps memory above the 36 address bits an Apple Silicon core offers HVF.
  const highmem = accel === 'hvf' && version !== undefined && !atLeast(version, 7) ? ',highmem=off' : '';
  return `virt,gic-version=max${highmem}`;
}

/** `-cpu`: the host's own CPU under a hardware accelerator, QEMU's fullest model under TCG. */
export function cpuArg(guest: GuestArch, accel: QemuAccel, version?: QemuVersion): string {
  if (accel !== 'tcg') return 'host';
  // Emulated pointer authentication costs up to half of TCG's time on arm64; pauth-impdef swaps in a cheap algorithm
  // (present in QEMU 7.2, checked here; older versions get plain max rather than an option they might refuse).
  return guest === 'aarch64' && atLeast(version, 7, 2) ? 'max,pauth-impdef=on' : 'max';
}

/** The serial console's device name in the guest: the 16550 UART on x86, the PL011 on `virt`. */
export function consoleDevice(guest: GuestArch): 'ttyS0' | 'ttyAMA0' {
  return guest === 'aarch64' ? 'ttyAMA0' : 'ttyS0';
}
