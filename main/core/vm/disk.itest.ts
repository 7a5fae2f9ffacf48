// Boots the real guest and proves that freed blocks reach the host: 1 GiB written in a container, removed, and the data disk's file shrinks.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VmManager } from './manager.js';
import { QemuBackend } from './qemu/backend.js';
import { explained, importGuestBusybox, report, stageLine, until } from './vm-testkit.js';

const run = promisify(execFile);
const enabled = process.env['BERTH_VM_TESTS'] === '1';
const SLOW = 900_000;
const MiB = 2 ** 20;

describe.skipIf(!enabled)('the data disk gives freed space back to the host', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-vm-disk-'));
  const backend = new QemuBackend({ home, network: 'isolated' });
  const vm = new VmManager({ home, backend, dockerContext: false });
  const dataDisk = path.join(home, 'vm', 'default', 'data.img');
  /** The docker CLI on the host through Berth's socket: its removes are seen there, as a person's would be. */
  const docker = async (...args: string[]): Promise<string> =>
    (await run('docker', args, { env: { ...process.env, DOCKER_HOST: `unix://${vm.socketPath}`, DOCKER_CONTEXT: '' }, timeout: 600_000 })).stdout.trim();
  /** The file's allocated bytes as the host's `stat` says (blocks of 512). */
  const allocated = (): number => fs.statSync(dataDisk).blocks * 512;
  const mib = (b: number): string => `${Math.round(b / MiB)} MiB`;
  /** 1 GiB of random bytes in a stopped container's writable layer (random: nothing on the way may keep it sparse). */
  const fill = async (name: string): Promise<void> => {
    await docker('run', '--name', name, 'berth-test/busybox', 'sh', '-c', 'dd if=/dev/urandom of=/fill bs=1M count=1024 2>/dev/null && sync');
    await vm.exec('sync');
  };

  beforeAll(async () => {
    await vm.init();
    await vm.setSettings({ cpus: 2, memoryMiB: 1024, diskGiB: 8, shares: [] });
    await explained(vm, vm.start());
    report(`disk start: ${stageLine(vm.status())}`);
    expect(await importGuestBusybox(vm)).toBe('');
    // A first trim discards whatever mkfs and the image import left behind, so what follows measures only our 1 GiB.
    await vm.reclaimDisk();
  }, SLOW);

  afterAll(async () => {
    await vm.dispose();
    fs.rmSync(home, { recursive: true, force: true });
  }, SLOW);

  it('has discard all the way down: the guest sees a virtio data disk that accepts discards', async () => {
    const r = await vm.exec('d=$(findmnt -n -o SOURCE /mnt/berth-data); b=$(basename $d); echo $b $(cat /sys/block/$b/queue/discard_max_bytes) $(findmnt -n -o FSTYPE /mnt/berth-data)');
    const [dev, max, fstype] = r.stdout.trim().split(' ');
    report(`data disk in the guest: /dev/${dev} ${fstype}, discard_max_bytes=${max}`);
    // virtio-blk (vdX), a disk QEMU can save with the VM; images built before the initramfs had NVMe.
    expect(dev).toMatch(/^vd[a-z]+$/);
    expect(fstype).toBe('ext4');
    expect(Number(max)).toBeGreaterThan(0);
    const u = await vm.diskUsage();
    expect(u.file).toBe(dataDisk);
    expect(u.apparentBytes).toBe(8 * 1024 * MiB);
    expect(u.allocatedBytes).toBe(allocated());
    expect(u.guest?.sizeBytes).toBeGreaterThan(7 * 1024 * MiB);
  }, SLOW);

  it('trims by itself after a container is removed through the engine socket', async () => {
    const a0 = allocated();
    await fill('berth-disk-auto');
    const a1 = allocated();
    report(`auto: allocated ${mib(a0)} -> ${mib(a1)} after writing 1 GiB`);
    expect(a1 - a0).toBeGreaterThan(900 * MiB);
    await docker('rm', 'berth-disk-auto');
    // The remove answered 2xx through the socket: a trim follows once things settle (3 s), without anyone asking.
    const trim = await until('the trim after the remove', async () => {
      const t = (await vm.diskUsage()).lastTrim;
      return t?.reason === 'removal' ? t : undefined;
    }, 300_000, 500);
    const a2 = allocated();
    report(`auto: allocated ${mib(a1)} -> ${mib(a2)} after docker rm (trim returned ${mib(trim.returnedBytes)} in ${trim.durationMs} ms)`);
    expect(a1 - a2).toBeGreaterThanOrEqual(900 * MiB);
  }, SLOW);

  it('trims after `docker run --rm` too: the CLI waits for the removal through the socket', async () => {
    const a0 = allocated();
    const since = (await vm.diskUsage()).lastTrim?.at ?? 0;
    await docker('run', '--rm', 'berth-test/busybox', 'sh', '-c', 'dd if=/dev/urandom of=/fill bs=1M count=1024 2>/dev/null && sync');
    const trim = await until('the trim after the auto-removal', async () => {
      const t = (await vm.diskUsage()).lastTrim;
      return t && t.at > since && t.reason === 'removal' ? t : undefined;
    }, 300_000, 500);
    const a1 = allocated();
    report(`--rm: allocated ${mib(a0)} -> ${mib(trim.allocatedBefore)} (1 GiB written, container auto-removed) -> ${mib(a1)} (trim returned ${mib(trim.returnedBytes)} in ${trim.durationMs} ms)`);
    expect(trim.returnedBytes).toBeGreaterThanOrEqual(900 * MiB);
    expect(a1 - a0).toBeLessThan(100 * MiB);
  }, SLOW);

  it('"Give space back" returns what a removal freed and says how much', async () => {
    const a0 = allocated();
    await fill('berth-disk-manual');
    const a1 = allocated();
    expect(a1 - a0).toBeGreaterThan(900 * MiB);
    // Removed inside the guest, past the socket: no automatic trim, so the blocks stay allocated on the host until asked.
    await vm.exec('docker rm berth-disk-manual && sync', { timeoutMs: 120_000 });
    await new Promise((r) => setTimeout(r, 5000));
    const still = allocated();
    expect(a1 - still).toBeLessThan(100 * MiB);
    const trim = await vm.reclaimDisk();
    const a2 = allocated();
    report(`manual: allocated ${mib(a0)} -> ${mib(a1)} (1 GiB written) -> ${mib(still)} (removed) -> ${mib(a2)} (given back: ${mib(trim.returnedBytes)}, fstrim said ${mib(trim.trimmedBytes ?? 0)}, ${trim.durationMs} ms)`);
    expect(trim.reason).toBe('manual');
    // The engine's own small writes (logs, metadata) may land between the measures.
    expect(Math.abs(trim.allocatedBefore - still)).toBeLessThan(64 * MiB);
    expect(Math.abs(trim.allocatedAfter - a2)).toBeLessThan(64 * MiB);
    expect(trim.returnedBytes).toBeGreaterThanOrEqual(900 * MiB);
    expect(still - a2).toBeGreaterThanOrEqual(900 * MiB);
    expect((await vm.diskUsage()).lastTrim).toEqual(trim);
  }, SLOW);

  it('refuses clearly when the VM is not running', async () => {
    await vm.stop();
    await expect(vm.reclaimDisk()).rejects.toMatchObject({ code: 'VM_ERROR', message: expect.stringContaining('not running') });
    const u = await vm.diskUsage();
    expect(u.guest).toBeUndefined();
    expect(u.allocatedBytes).toBe(allocated());
  }, SLOW);
});
