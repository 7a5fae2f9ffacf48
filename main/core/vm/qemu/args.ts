// Builds QEMU's command line for the Berth guest: direct kernel boot, NVMe disks, user-mode net, QMP, fw_cfg keys.
import type { VmAccel, VmSettings } from '../../../../app/vm.js';
import type { VmImage } from '../image.js';
import type { VmPaths } from '../paths.js';
import { consoleDevice, cpuArg, machineArg, type GuestArch, type QemuVersion } from './machine.js';

export interface FwCfgFile {
  /** Name under opt/, e.g. `opt/berth/authorized_keys`. */
  name: string;
  file: string;
}

export interface QemuArgsOptions {
  /** The guest's architecture; default x86_64 (q35). aarch64 runs on QEMU's `virt` machine. */
  arch?: GuestArch;
  /** The QEMU in use, when known: some machine and CPU options depend on it. */
  qemuVersion?: QemuVersion;
  accel: Exclude<VmAccel, 'wsl'>;
  cpus: number;
  memoryMiB: number;
  kernel: string;
  /** The image's initramfs; with it the disks are virtio-blk (migratable: a VM can be saved), without it NVMe. */
  initrd?: string;
  cmdline: string;
  /** The image's root disk, shared by every VM made from that image; writes go to a throwaway overlay. */
  rootDisk: { file: string; format: 'raw' | 'qcow2' };
  /**
   * A qcow2 overlay over rootDisk (made by saved-state.ts) that outlives this QEMU, so a saved state can resume on it;
   * absent: QEMU's own temporary overlay (snapshot=on), gone with the process.
   */
  rootOverlay?: string;
  /** Start paused, waiting for a saved state (QMP migrate-incoming) instead of booting. */
  incoming?: boolean;
  /** The VM's own data disk (engine data, volumes); absent only in tests of the command line. */
  dataDisk?: { file: string; format: 'raw' | 'qcow2' };
  /** Host loopback port forwarded to the guest's sshd. */
  sshPort: number;
  qmpSocket: string;
  pidFile?: string;
  fwCfg: FwCfgFile[];
  /** No connection may leave the guest (only host->guest forwards work): for tests and offline use. */
  restrictNetwork: boolean;
  /** qboot firmware (faster than SeaBIOS for direct kernel boot) when installed; x86_64 only (`virt` needs none). */
  bios?: string;
  /** TCG translation cache size; 256 MiB halves QEMU's RSS against the default. */
  tcgTbSizeMiB?: number;
  /** Extra guest forwards set at start-up, e.g. `tcp:127.0.0.1:8080-:8080`. */
  hostForwards?: string[];
}

/** The same PCI device on q35 and on `virt`; `free-page-reporting` is QEMU 5.1+. */
export const BALLOON_DEVICE = 'virtio-balloon-pci,free-page-reporting=on';

/** QEMU refuses commas inside option values unless doubled. */
export function escapeOptionValue(v: string): string {
  return v.replace(/,/g, ',,');
}

export function accelArg(accel: QemuArgsOptions['accel'], tbSizeMiB?: number): string {
  if (accel === 'tcg') return tbSizeMiB ? `tcg,tb-size=${tbSizeMiB}` : 'tcg';
  return accel;
}

export function buildQemuArgs(o: QemuArgsOptions): string[] {
  if (!Number.isInteger(o.cpus) || o.cpus < 1) throw new RangeError(`cpus must be a positive integer, got ${o.cpus}`);
  if (!Number.isInteger(o.memoryMiB) || o.memoryMiB < 128) throw new RangeError(`memoryMiB too small: ${o.memoryMiB}`);
  if (!Number.isInteger(o.sshPort) || o.sshPort < 1 || o.sshPort > 65535) throw new RangeError(`bad ssh port ${o.sshPort}`);
  const e = escapeOptionValue;
  const arch = o.arch ?? 'x86_64';
  const args: string[] = [
    '-name', 'berth,process=berth-vm',
    '-accel', accelArg(o.accel, o.tcgTbSizeMiB),
    '-machine', machineArg(arch, o.accel, o.qemuVersion),
    '-cpu', cpuArg(arch, o.accel, o.qemuVersion),
    '-smp', String(o.cpus),
    '-m', `${o.memoryMiB}M`,
    '-nodefaults', '-no-user-config', '-display', 'none',
    // Panic or power-off ends the QEMU process; the host reads that as the VM having stopped.
    '-no-reboot',
  ];
  if (o.bios && arch === 'x86_64') args.push('-bios', o.bios);
  args.push('-kernel', o.kernel, '-append', o.cmdline);
  // virtio-blk's driver is a module in Debian's cloud kernel: the image's initramfs loads it. QEMU cannot save a VM
  // with NVMe disks (built in, used by images without an initramfs), which is why virtio is preferred.
  if (o.initrd) args.push('-initrd', o.initrd);
  const disk = (id: string): string => (o.initrd ? `virtio-blk-pci,drive=${id},serial=berth${id}` : `nvme,serial=berth${id},drive=${id}`);
  args.push(
    '-drive', o.rootOverlay ? `if=none,id=root,file=${e(o.rootOverlay)},format=qcow2` : `if=none,id=root,file=${e(o.rootDisk.file)},format=${o.rootDisk.format},snapshot=on`,
    '-device', disk('root'),
  );
  if (o.dataDisk) {
    // The guest finds its data disk by this serial, whatever order the controllers enumerate in.
    args.push(
      '-drive', `if=none,id=data,file=${e(o.dataDisk.file)},format=${o.dataDisk.format},discard=unmap,cache=writeback`,
      '-device', disk('data'),
    );
  }
  const fwds = [`hostfwd=tcp:127.0.0.1:${o.sshPort}-:22`, ...(o.hostForwards ?? []).map((f) => `hostfwd=${f}`)];
  const netdev = ['user', 'id=net0', ...(o.restrictNetwork ? ['restrict=on'] : []), ...fwds].join(',');
  // romfile= drops the iPXE option ROM: nothing boots from the network, and it saves ~2.7 s.
  args.push('-netdev', netdev, '-device', 'virtio-net-pci,netdev=net0,romfile=');
  // Memory the guest frees goes back to the host (free page reporting; the guest's driver is loaded by qemu/balloon.ts).
  args.push('-device', BALLOON_DEVICE);
  for (const f of o.fwCfg) {
    if (!/^opt\/[A-Za-z0-9._/-]+$/.test(f.name)) throw new RangeError(`fw_cfg name must start with opt/: ${f.name}`);
    args.push('-fw_cfg', `name=${f.name},file=${e(f.file)}`);
  }
  args.push('-qmp', `unix:${e(o.qmpSocket)},server=on,wait=off`);
  if (o.pidFile) args.push('-pidfile', o.pidFile);
  // The guest stays paused after the load: the host discards the state file (now stale) before it lets the guest run.
  if (o.incoming) args.push('-S', '-incoming', 'defer');
  // The serial console (16550 on q35, PL011 on virt) comes out on stdout; the host keeps a log file and a ring of recent lines.
  args.push('-chardev', 'stdio,id=con,signal=off', '-serial', 'chardev:con');
  return args;
}

/** Guest kernel command line. `extra` is appended (e.g. `loglevel=7` when diagnosing). */
export function guestCmdline(base: string | undefined, extra: string[] = [], arch: GuestArch = 'x86_64'): string {
  const b = base ?? `console=${consoleDevice(arch)} root=/dev/nvme0n1 rw rootfstype=ext4 init=/usr/local/sbin/berth-init panic=-1 loglevel=4`;
  return [b, ...extra].join(' ');
}

/** The full command line of a Berth VM: its image, settings, disks, keys and network mode. */
export function vmQemuArgs(o: {
  paths: VmPaths;
  img: VmImage;
  settings: VmSettings;
  accel: QemuArgsOptions['accel'];
  bios: string | undefined;
  network: 'nat' | 'isolated' | 'restricted';
  sshPort: number;
  qemuVersion?: QemuVersion | undefined;
  rootOverlay?: string | undefined;
  incoming?: boolean;
}): string[] {
  return buildQemuArgs({
    arch: o.img.arch ?? 'x86_64',
    ...(o.qemuVersion ? { qemuVersion: o.qemuVersion } : {}),
    accel: o.accel,
    cpus: o.settings.cpus,
    memoryMiB: o.settings.memoryMiB,
    kernel: o.img.kernel,
    ...(o.img.initrd ? { initrd: o.img.initrd } : {}),
    // berth.shares=1: the guest's dockerd waits for the host to mount the shared folders (containers restarted at
    // boot must see the host's files, not empty directories).
    cmdline: [o.img.manifest.cmdline, ...(o.network === 'isolated' ? ['berth.net=isolated'] : []), ...(o.settings.shares?.length ? ['berth.shares=1'] : [])].join(' '),
    rootDisk: { file: o.img.rootDisk, format: o.img.manifest.files.rootDisk.format },
    ...(o.rootOverlay ? { rootOverlay: o.rootOverlay } : {}),
    ...(o.incoming ? { incoming: true } : {}),
    dataDisk: { file: o.paths.dataDisk, format: 'raw' },
    sshPort: o.sshPort,
    qmpSocket: o.paths.qmpSocket,
    pidFile: o.paths.qemuPid,
    fwCfg: [
      { name: 'opt/berth/authorized_keys', file: o.paths.fwAuthorizedKeys },
      { name: 'opt/berth/host_key', file: o.paths.hostKey },
    ],
    restrictNetwork: o.network === 'restricted',
    bios: o.bios,
    tcgTbSizeMiB: o.accel === 'tcg' ? 256 : undefined,
  });
}
