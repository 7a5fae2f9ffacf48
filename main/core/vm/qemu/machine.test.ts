// The QEMU command line each host gets: darwin/arm64, darwin/x64, linux/arm64, linux/x64, win32/x64 (and an arm64 guest on x64).
import { describe, expect, it } from 'vitest';
import { nativeGuestArch, parseGuestArch, wantedGuestArch } from '../arch.js';
import { probeArgs } from './accel.js';
import { buildQemuArgs, guestCmdline, type QemuArgsOptions } from './args.js';
import { foreignGuestNote, hardwareAccelFor, qemuBinaryName, type GuestArch, type HostKind, type QemuVersion } from './machine.js';

const base: Omit<QemuArgsOptions, 'accel'> = {
  cpus: 2,
  memoryMiB: 2048,
  kernel: '/img/kernel',
  cmdline: 'console=ttyS0 root=/dev/nvme0n1',
  rootDisk: { file: '/img/root.img', format: 'raw' },
  dataDisk: { file: '/vm/data.img', format: 'raw' },
  sshPort: 40022,
  qmpSocket: '/vm/qmp.sock',
  fwCfg: [
    { name: 'opt/berth/authorized_keys', file: '/vm/authorized_keys' },
    { name: 'opt/berth/host_key', file: '/vm/ssh_host_ed25519_key' },
  ],
  restrictNetwork: false,
  bios: '/usr/share/qemu/qboot.rom',
};

const V9: QemuVersion = { major: 9, minor: 2, micro: 0 };

/** What the backend runs on `host` (KVM usable where Linux is), for the host's own guest unless `guest` says otherwise. */
function plan(host: HostKind, guest: GuestArch = nativeGuestArch(host.arch), version: QemuVersion = V9): { binary: string; args: string[] } {
  const accel = hardwareAccelFor(host, guest, true) ?? 'tcg';
  return { binary: qemuBinaryName(guest, host.platform), args: buildQemuArgs({ ...base, arch: guest, accel, qemuVersion: version, tcgTbSizeMiB: accel === 'tcg' ? 256 : undefined }) };
}

const after = (args: string[], flag: string): string[] => args.flatMap((a, i) => (a === flag ? [args[i + 1] ?? ''] : []));

/** The parts every guest shares: disks, fw_cfg keys, user-mode network with the SSH forward, QMP, console on stdio. */
function expectCommonParts(args: string[]): void {
  expect(after(args, '-drive')).toEqual([
    'if=none,id=root,file=/img/root.img,format=raw,snapshot=on',
    'if=none,id=data,file=/vm/data.img,format=raw,discard=unmap,cache=writeback',
  ]);
  expect(after(args, '-device')).toEqual(['nvme,serial=berthroot,drive=root', 'nvme,serial=berthdata,drive=data', 'virtio-net-pci,netdev=net0,romfile=', 'virtio-balloon-pci,free-page-reporting=on']);
  expect(after(args, '-fw_cfg')).toEqual(['name=opt/berth/authorized_keys,file=/vm/authorized_keys', 'name=opt/berth/host_key,file=/vm/ssh_host_ed25519_key']);
  expect(after(args, '-netdev')).toEqual(['user,id=net0,hostfwd=tcp:127.0.0.1:40022-:22']);
  expect(after(args, '-qmp')).toEqual(['unix:/vm/qmp.sock,server=on,wait=off']);
  expect(after(args, '-serial')).toEqual(['chardev:con']);
  expect(after(args, '-kernel')).toEqual(['/img/kernel']);
  expect(args).toContain('-no-reboot');
}

describe('QEMU command line by host', () => {
  it('darwin/arm64: qemu-system-aarch64 on virt under HVF with the host CPU, no x86 firmware', () => {
    const { binary, args } = plan({ platform: 'darwin', arch: 'arm64' });
    expect(binary).toBe('qemu-system-aarch64');
    expect(after(args, '-accel')).toEqual(['hvf']);
    expect(after(args, '-machine')).toEqual(['virt,gic-version=max']);
    expect(after(args, '-cpu')).toEqual(['host']);
    expect(args).not.toContain('-bios');
    expect(args.join(' ')).not.toMatch(/q35|qboot/);
    expectCommonParts(args);
  });

  it('darwin/x64: qemu-system-x86_64 on q35 under HVF, as before', () => {
    const { binary, args } = plan({ platform: 'darwin', arch: 'x64' });
    expect(binary).toBe('qemu-system-x86_64');
    expect(after(args, '-accel')).toEqual(['hvf']);
    expect(after(args, '-machine')).toEqual(['q35']);
    expect(after(args, '-cpu')).toEqual(['host']);
    expect(after(args, '-bios')).toEqual(['/usr/share/qemu/qboot.rom']);
    expectCommonParts(args);
  });

  it('linux/arm64: qemu-system-aarch64 on virt under KVM', () => {
    const { binary, args } = plan({ platform: 'linux', arch: 'arm64' });
    expect(binary).toBe('qemu-system-aarch64');
    expect(after(args, '-accel')).toEqual(['kvm']);
    expect(after(args, '-machine')).toEqual(['virt,gic-version=max']);
    expect(after(args, '-cpu')).toEqual(['host']);
    expect(args).not.toContain('-bios');
    expectCommonParts(args);
  });

  it('linux/x64: qemu-system-x86_64 on q35 under KVM, exactly as before this change', () => {
    const { binary, args } = plan({ platform: 'linux', arch: 'x64' });
    expect(binary).toBe('qemu-system-x86_64');
    const { arch: _a, qemuVersion: _v, ...old } = { ...base, arch: 'x86_64', qemuVersion: V9, accel: 'kvm' as const };
    // The same options without arch or version give the same line: the x86 path did not move.
    expect(args).toEqual(buildQemuArgs(old));
    expect(args.slice(0, 8)).toEqual(['-name', 'berth,process=berth-vm', '-accel', 'kvm', '-machine', 'q35', '-cpu', 'host']);
    expectCommonParts(args);
  });

  it('win32/x64: qemu-system-x86_64.exe under WHPX', () => {
    const { binary, args } = plan({ platform: 'win32', arch: 'x64' });
    expect(binary).toBe('qemu-system-x86_64.exe');
    expect(after(args, '-accel')).toEqual(['whpx']);
    expect(after(args, '-machine')).toEqual(['q35']);
    expectCommonParts(args);
  });

  it('an aarch64 guest on an x86_64 host (or the reverse) is emulated with TCG, saying why', () => {
    const { binary, args } = plan({ platform: 'linux', arch: 'x64' }, 'aarch64');
    expect(binary).toBe('qemu-system-aarch64');
    expect(after(args, '-accel')).toEqual(['tcg,tb-size=256']);
    expect(after(args, '-machine')).toEqual(['virt,gic-version=max']);
    expect(after(args, '-cpu')).toEqual(['max,pauth-impdef=on']);
    expect(args).not.toContain('-bios');
    expectCommonParts(args);
    expect(hardwareAccelFor({ platform: 'darwin', arch: 'arm64' }, 'x86_64', true)).toBeUndefined();
    expect(foreignGuestNote({ platform: 'darwin', arch: 'arm64' }, 'x86_64')).toMatch(/x86_64 .* aarch64: emulated/);
    expect(foreignGuestNote({ platform: 'linux', arch: 'x64' }, 'x86_64')).toBeUndefined();
  });

  it('keeps QEMU versions in mind: plain max CPU when the version is unknown or old, highmem off for HVF before 7.0', () => {
    const old = plan({ platform: 'darwin', arch: 'arm64' }, 'aarch64', { major: 6, minor: 2, micro: 0 });
    expect(after(old.args, '-machine')).toEqual(['virt,gic-version=max,highmem=off']);
    const unknown = buildQemuArgs({ ...base, arch: 'aarch64', accel: 'tcg' });
    expect(after(unknown, '-cpu')).toEqual(['max']);
    expect(after(buildQemuArgs({ ...base, arch: 'aarch64', accel: 'tcg', qemuVersion: { major: 7, minor: 0, micro: 0 } }), '-cpu')).toEqual(['max']);
    expect(after(buildQemuArgs({ ...base, arch: 'aarch64', accel: 'tcg', qemuVersion: { major: 7, minor: 2, micro: 22 } }), '-cpu')).toEqual(['max,pauth-impdef=on']);
    expect(hardwareAccelFor({ platform: 'linux', arch: 'arm64' }, 'aarch64', false)).toBeUndefined();
    expect(hardwareAccelFor({ platform: 'freebsd', arch: 'x64' }, 'x86_64', true)).toBeUndefined();
  });

  it('probes the accelerator on the same machine type, console on the PL011 for aarch64', () => {
    const arm = probeArgs('hvf', '/img/Image', '/qboot.rom', 'aarch64');
    expect(after(arm, '-machine')).toEqual(['virt,gic-version=max']);
    expect(after(arm, '-append')[0]).toMatch(/^console=ttyAMA0 earlycon /);
    expect(arm).not.toContain('-bios');
    const x86 = probeArgs('kvm', '/img/vmlinuz', '/qboot.rom');
    expect(after(x86, '-machine')).toEqual(['q35']);
    expect(after(x86, '-append')).toEqual(['console=ttyS0 earlyprintk=serial,ttyS0 loglevel=8 panic=-1']);
    expect(guestCmdline(undefined, [], 'aarch64')).toMatch(/^console=ttyAMA0 /);
    expect(guestCmdline(undefined)).toMatch(/^console=ttyS0 /);
  });

  it('reads architecture names in their usual spellings and picks the guest', () => {
    expect(['amd64', 'x86_64', 'x64'].map(parseGuestArch)).toEqual(['x86_64', 'x86_64', 'x86_64']);
    expect(['arm64', 'aarch64', 'AArch64'].map(parseGuestArch)).toEqual(['aarch64', 'aarch64', 'aarch64']);
    expect(parseGuestArch('riscv64')).toBeUndefined();
    expect(nativeGuestArch('arm64')).toBe('aarch64');
    expect(nativeGuestArch('ia32')).toBe('x86_64');
    expect(wantedGuestArch(undefined, {}, 'arm64')).toBe('aarch64');
    expect(wantedGuestArch(undefined, { BERTH_VM_ARCH: 'arm64' }, 'x64')).toBe('aarch64');
    expect(wantedGuestArch('amd64', { BERTH_VM_ARCH: 'arm64' }, 'arm64')).toBe('x86_64');
    expect(() => wantedGuestArch('sparc', {}, 'x64')).toThrow(/x86_64 \(amd64\) or aarch64 \(arm64\)/);
  });
});
