import type { VmImage } from '../image.js';
import { vmPaths } from '../paths.js';
import { describe, expect, it } from 'vitest';
import { accelArg, buildQemuArgs, escapeOptionValue, guestCmdline, vmQemuArgs, type QemuArgsOptions } from './args.js';

const base: QemuArgsOptions = {
  accel: 'tcg',
  cpus: 2,
  memoryMiB: 1024,
  kernel: '/img/vmlinuz',
  cmdline: 'console=ttyS0 root=/dev/nvme0n1',
  rootDisk: { file: '/img/root.img', format: 'raw' },
  dataDisk: { file: '/vm/data.img', format: 'raw' },
  sshPort: 40022,
  qmpSocket: '/vm/qmp.sock',
  fwCfg: [{ name: 'opt/berth/authorized_keys', file: '/vm/authorized_keys' }],
  restrictNetwork: false,
};

function after(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag ? [args[i + 1] ?? ''] : []));
}

describe('buildQemuArgs', () => {
  it('boots the kernel directly with NVMe disks and the data disk found by serial', () => {
    const a = buildQemuArgs(base);
    expect(after(a, '-kernel')).toEqual(['/img/vmlinuz']);
    expect(after(a, '-append')).toEqual(['console=ttyS0 root=/dev/nvme0n1']);
    expect(after(a, '-drive')).toEqual([
      'if=none,id=root,file=/img/root.img,format=raw,snapshot=on',
      'if=none,id=data,file=/vm/data.img,format=raw,discard=unmap,cache=writeback',
    ]);
    expect(after(a, '-device')).toContain('nvme,serial=berthdata,drive=data');
    expect(a).toContain('-no-reboot');
    expect(a).not.toContain('-initrd');
  });

  it('puts the root disk under a persistent overlay when one is given, and waits paused for a saved state on request', () => {
    const a = buildQemuArgs({ ...base, rootOverlay: '/vm/root,overlay.qcow2', incoming: true });
    expect(after(a, '-drive')[0]).toBe('if=none,id=root,file=/vm/root,,overlay.qcow2,format=qcow2');
    expect(a).toContain('-S');
    expect(after(a, '-incoming')).toEqual(['defer']);
    const cold = buildQemuArgs({ ...base, rootOverlay: '/vm/o.qcow2' });
    expect(cold).not.toContain('-incoming');
    expect(cold).not.toContain('-S');
  });

  it('sizes the guest from settings and picks the CPU model for the accelerator', () => {
    const a = buildQemuArgs({ ...base, cpus: 4, memoryMiB: 4096 });
    expect(after(a, '-smp')).toEqual(['4']);
    expect(after(a, '-m')).toEqual(['4096M']);
    expect(after(a, '-cpu')).toEqual(['max']);
    expect(after(buildQemuArgs({ ...base, accel: 'kvm' }), '-cpu')).toEqual(['host']);
    expect(after(buildQemuArgs({ ...base, tcgTbSizeMiB: 256 }), '-accel')).toEqual(['tcg,tb-size=256']);
  });

  it('forwards sshd on loopback only, drops the NIC option ROM, restricts on request', () => {
    const a = buildQemuArgs(base);
    expect(after(a, '-netdev')).toEqual(['user,id=net0,hostfwd=tcp:127.0.0.1:40022-:22']);
    expect(after(a, '-device')).toContain('virtio-net-pci,netdev=net0,romfile=');
    const r = buildQemuArgs({ ...base, restrictNetwork: true, hostForwards: ['udp:127.0.0.1:5353-:5353'] });
    expect(after(r, '-netdev')).toEqual(['user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:40022-:22,hostfwd=udp:127.0.0.1:5353-:5353']);
  });

  it('gives freed guest memory back through a balloon with free page reporting, on x86_64 and aarch64 alike', () => {
    for (const arch of ['x86_64', 'aarch64'] as const) {
      const d = after(buildQemuArgs({ ...base, arch }), '-device');
      expect(d.filter((x) => x.startsWith('virtio-balloon'))).toEqual(['virtio-balloon-pci,free-page-reporting=on']);
    }
  });

  it('passes keys through fw_cfg, QMP on a unix socket, console on stdio', () => {
    const a = buildQemuArgs({ ...base, pidFile: '/vm/qemu.pid', bios: '/usr/share/qemu/qboot.rom' });
    expect(after(a, '-fw_cfg')).toEqual(['name=opt/berth/authorized_keys,file=/vm/authorized_keys']);
    expect(after(a, '-qmp')).toEqual(['unix:/vm/qmp.sock,server=on,wait=off']);
    expect(after(a, '-serial')).toEqual(['chardev:con']);
    expect(after(a, '-pidfile')).toEqual(['/vm/qemu.pid']);
    expect(after(a, '-bios')).toEqual(['/usr/share/qemu/qboot.rom']);
  });

  it('escapes commas in paths and rejects nonsense', () => {
    expect(escapeOptionValue('/a,b/c')).toBe('/a,,b/c');
    const a = buildQemuArgs({ ...base, dataDisk: { file: '/home/x,y/data.img', format: 'raw' } });
    expect(after(a, '-drive')[1]).toContain('file=/home/x,,y/data.img,');
    expect(() => buildQemuArgs({ ...base, cpus: 0 })).toThrow(RangeError);
    expect(() => buildQemuArgs({ ...base, sshPort: 70000 })).toThrow(RangeError);
    expect(() => buildQemuArgs({ ...base, fwCfg: [{ name: 'etc/evil', file: '/x' }] })).toThrow(RangeError);
  });

  it('builds the accelerator and kernel command line', () => {
    expect(accelArg('kvm', 256)).toBe('kvm');
    expect(accelArg('tcg')).toBe('tcg');
    expect(guestCmdline(undefined)).toContain('init=/usr/local/sbin/berth-init');
    expect(guestCmdline('a=b', ['loglevel=7'])).toBe('a=b loglevel=7');
  });
});

describe('vmQemuArgs', () => {
  it('wires a VM directory and image together, marking isolation on the kernel command line', () => {
    const paths = vmPaths('default', '/home/me/.berth');
    const img = {
      dir: '/cache/abc', kernel: '/cache/abc/vmlinuz', rootDisk: '/cache/abc/root.img', rootfsTar: '/cache/abc/rootfs.tar',
      manifest: { cmdline: 'console=ttyS0', files: { rootDisk: { format: 'raw' } } },
    } as unknown as VmImage;
    const o = { paths, img, settings: { cpus: 1, memoryMiB: 1024, diskGiB: 8 }, accel: 'tcg' as const, bios: undefined, network: 'isolated' as const, sshPort: 2222 };
    const a = vmQemuArgs(o);
    expect(after(a, '-append')).toEqual(['console=ttyS0 berth.net=isolated']);
    // With shared folders the guest's dockerd waits for them (berth.shares=1).
    const withShares = vmQemuArgs({ ...o, settings: { ...o.settings, shares: ['/home/ana'] } });
    expect(after(withShares, '-append')).toEqual(['console=ttyS0 berth.net=isolated berth.shares=1']);
    expect(after(a, '-fw_cfg')).toEqual([
      'name=opt/berth/authorized_keys,file=/home/me/.berth/vm/default/authorized_keys',
      'name=opt/berth/host_key,file=/home/me/.berth/vm/default/ssh_host_ed25519_key',
    ]);
    expect(after(a, '-accel')).toEqual(['tcg,tb-size=256']);
    const r = vmQemuArgs({ paths, img, settings: { cpus: 1, memoryMiB: 1024, diskGiB: 8 }, accel: 'kvm', bios: undefined, network: 'restricted', sshPort: 2222 });
    expect(after(r, '-netdev')[0]).toContain('restrict=on');
    expect(after(r, '-append')).toEqual(['console=ttyS0']);
  });
});
