// The QEMU backend's options and start-up limits: network mode, accelerator, guest architecture, per-stage timeouts.
import { BerthError } from '../../../../app/errors.js';
import type { VmStage } from '../../../../app/vm.js';
import type { QemuAccel } from './accel.js';
import type { VmNetworkMode } from './hostfwd.js';

export interface QemuBackendOptions {
  name?: string;
  home?: string;
  /** A built image directory; default $BERTH_VM_IMAGE or the newest in the cache. */
  imageDir?: string;
  /**
   * 'nat' (default): the guest and containers reach the network (pulls). 'isolated': the guest's firewall drops every
   * outbound connection, forwards into the guest (TCP and UDP) still work (tests, offline). 'restricted': QEMU itself
   * lets nothing out (restrict=on), which also drops UDP replies, so UDP ports cannot be forwarded.
   */
  network?: VmNetworkMode;
  /** Skip the probe and use this accelerator. */
  accel?: QemuAccel;
  /** The guest's architecture (`x86_64`/`amd64`, `aarch64`/`arm64`); default $BERTH_VM_ARCH, else the host's own. */
  guestArch?: string;
  /** A folder with a QEMU the app ships (`<resources>/qemu/bin`), tried right after BERTH_QEMU. */
  bundledQemuDir?: string;
  /** Per-stage time limits (ms); defaults suit TCG on a busy machine. */
  stageTimeoutsMs?: Partial<Record<VmStage, number>>;
  env?: NodeJS.ProcessEnv;
}

export const DEFAULT_TIMEOUTS: Record<VmStage, number> = { boot: 60_000, network: 30_000, ssh: 60_000, engine: 120_000 };
/** With KVM/HVF the kernel reaches init in ~1 s; much longer means the accelerator hangs. */
export const FAST_ACCEL_BOOT_LIMIT_MS = 15_000;

/** BERTH_VM_TIMEOUT_SCALE stretches every limit (a slow CI machine). */
export function timeoutScale(env: NodeJS.ProcessEnv): number {
  return Number(env['BERTH_VM_TIMEOUT_SCALE'] ?? '1') || 1;
}

/** The per-stage limits in force: the defaults, the options' own, times the scale. */
export function stageTimeouts(opts: QemuBackendOptions, env: NodeJS.ProcessEnv): Record<VmStage, number> {
  const t = { ...DEFAULT_TIMEOUTS, ...opts.stageTimeoutsMs };
  for (const k of Object.keys(t) as VmStage[]) t[k] *= timeoutScale(env);
  return t;
}

/** The network mode asked for (option, else $BERTH_VM_NET, else nat); anything else is refused. */
export function networkMode(opts: QemuBackendOptions, env: NodeJS.ProcessEnv): VmNetworkMode {
  const net = opts.network ?? env['BERTH_VM_NET'] ?? 'nat';
  if (net !== 'nat' && net !== 'isolated' && net !== 'restricted') throw new BerthError('INVALID_INPUT', `Unknown VM network mode "${net}" (nat, isolated or restricted).`);
  return net;
}
