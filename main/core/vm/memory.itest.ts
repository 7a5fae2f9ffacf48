// Boots the real guest and proves that freed memory reaches the host: 600 MiB held by a container, released when it exits, and QEMU's RSS falls.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VmManager } from './manager.js';
import { parseMeminfo, processRssBytes } from './qemu/balloon.js';
import { QemuBackend } from './qemu/backend.js';
import { explained, importGuestBusybox, report, stageLine, until } from './vm-testkit.js';

const run = promisify(execFile);
const enabled = process.env['BERTH_VM_TESTS'] === '1';
const SLOW = 900_000;
const MiB = 2 ** 20;

describe.skipIf(!enabled)('the VM gives freed memory back to the host', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-vm-mem-'));
  const backend = new QemuBackend({ home, network: 'isolated' });
  const vm = new VmManager({ home, backend, dockerContext: false });
  const pidFile = path.join(home, 'vm', 'default', 'qemu.pid');
  const docker = async (...args: string[]): Promise<string> =>
    (await run('docker', args, { env: { ...process.env, DOCKER_HOST: `unix://${vm.socketPath}`, DOCKER_CONTEXT: '' }, timeout: 600_000 })).stdout.trim();
  /** QEMU's resident memory on the host, read as a person would: the pid from the VM folder's qemu.pid, VmRSS from /proc. */
  const rss = async (): Promise<number> => {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    const b = await processRssBytes(pid);
    if (b === undefined) throw new Error(`no VmRSS for QEMU (pid ${pid})`);
    return b;
  };
  const guest = async (): Promise<Record<string, number>> => parseMeminfo((await vm.exec('cat /proc/meminfo')).stdout);
  const mib = (b: number | undefined): string => `${Math.round((b ?? NaN) / MiB)} MiB`;
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
  /** RSS once it has stopped moving by more than 8 MiB over 5 s (or after `maxMs`): the figure a burst is measured against. */
  const settledRss = async (maxMs: number): Promise<number> => {
    const end = Date.now() + maxMs;
    let prev = await rss();
    for (;;) {
      await sleep(5000);
      const now = await rss();
      if (Math.abs(now - prev) < 8 * MiB || Date.now() > end) return now;
      prev = now;
    }
  };

  beforeAll(async () => {
    await vm.init();
    await vm.setSettings({ cpus: 2, memoryMiB: 1024, diskGiB: 8, shares: [] });
    await explained(vm, vm.start());
    report(`memory start: ${stageLine(vm.status())}`);
    expect(await importGuestBusybox(vm)).toBe('');
  }, SLOW);

  afterAll(async () => {
    await vm.dispose();
    fs.rmSync(home, { recursive: true, force: true });
  }, SLOW);

  it('loads the balloon driver in the guest, with free page reporting on', async () => {
    const bound = await until('the balloon driver bound', async () => {
      const r = await vm.exec('ls /sys/bus/virtio/drivers/virtio_balloon/ 2>/dev/null | grep ^virtio');
      return r.stdout.trim() || undefined;
    }, 60_000, 1000);
    const order = (await vm.exec('cat /sys/module/page_reporting/parameters/page_reporting_order')).stdout.trim();
    // VIRTIO_BALLOON_F_REPORTING is feature bit 5: the device offered it and the driver took it.
    const features = (await vm.exec(`cat /sys/bus/virtio/drivers/virtio_balloon/${bound}/features`)).stdout.trim();
    report(`balloon: ${bound}, page_reporting_order=${order}, features=${features}`);
    expect(features[5]).toBe('1');
  }, SLOW);

  it('600 MiB held by a container come back to the host within 60 s of its exit', async () => {
    const before = await settledRss(60_000);
    const g0 = await guest();
    // A tmpfs in the container holds 600 MiB of real pages until the container exits and its tmpfs is unmounted.
    await docker('run', '-d', '--name', 'berth-mem', '--tmpfs', '/m:size=700m', 'berth-test/busybox', 'sh', '-c',
      'dd if=/dev/zero of=/m/fill bs=1M count=600 2>/dev/null && touch /m/full && while [ ! -f /m/exit ]; do sleep 0.2; done');
    await until('600 MiB written', async () => ((await docker('exec', 'berth-mem', 'ls', '/m')).includes('full') ? true : undefined), 300_000, 1000);
    const g1 = await guest();
    const peak = await rss();
    report(`guest MemFree ${mib(g0['MemFree'])} -> ${mib(g1['MemFree'])} (Shmem ${mib(g0['Shmem'])} -> ${mib(g1['Shmem'])}) while the container holds 600 MiB`);
    expect((g0['MemFree'] ?? 0) - (g1['MemFree'] ?? 0)).toBeGreaterThan(500 * MiB);
    await docker('exec', 'berth-mem', 'touch', '/m/exit');
    expect(await docker('wait', 'berth-mem')).toBe('0');
    const exited = Date.now();
    const g2 = await guest();
    let low = peak;
    let droppedAt: number | undefined;
    const samples: string[] = [];
    while (Date.now() - exited < 60_000) {
      low = Math.min(low, await rss());
      samples.push(`${Math.round((Date.now() - exited) / 1000)}s=${mib(low)}`);
      if (droppedAt === undefined && peak - low >= 400 * MiB) droppedAt = Date.now() - exited;
      if (droppedAt !== undefined && Date.now() - exited > droppedAt + 10_000) break;
      await sleep(1000);
    }
    report(`QEMU RSS: before ${mib(before)}, peak ${mib(peak)}, after ${mib(low)} (fell ${mib(peak - low)}${droppedAt === undefined ? ', never 400 MiB' : `, 400 MiB within ${droppedAt} ms`}); guest MemFree after exit ${mib(g2['MemFree'])}`);
    report(`QEMU RSS after exit: ${samples.join(' ')}`);
    await docker('rm', 'berth-mem');
    expect(peak - low).toBeGreaterThanOrEqual(400 * MiB);
  }, SLOW);

  it('measures page cache nothing uses: what stays with QEMU, and what proactive reclaim or dropping it gives back (report only)', async () => {
    // 400 MiB read through the data disk's page cache and kept (the file stays): free page reporting cannot see it.
    const cache = 'cat /mnt/berth-data/cache-probe >/dev/null';
    await vm.exec(`dd if=/dev/zero of=/mnt/berth-data/cache-probe bs=1M count=400 2>/dev/null && sync && echo 3 > /proc/sys/vm/drop_caches && ${cache}`, { timeoutMs: 300_000 });
    const held = await settledRss(30_000);
    const g1 = await guest();
    await sleep(60_000);
    const later = await rss();
    // cgroup v2's proactive reclaim at the root: the LRU's cold end first, at most what is asked (no swap: file pages only).
    const ask = g1['Inactive(file)'] ?? 0;
    expect((await vm.exec(`echo ${ask} > /sys/fs/cgroup/memory.reclaim`)).code).toBe(0);
    const reclaimed = await settledRss(30_000);
    const g2 = await guest();
    report(`page cache: Cached ${mib(g1['Cached'])} (Inactive(file) ${mib(ask)}); QEMU RSS ${mib(held)} with the file cached, ${mib(later)} 60 s later, ${mib(reclaimed)} after memory.reclaim of ${mib(ask)} (Cached ${mib(g2['Cached'])})`);
    await vm.exec(cache, { timeoutMs: 300_000 });
    const again = await settledRss(30_000);
    expect((await vm.exec('echo 1 > /proc/sys/vm/drop_caches')).code).toBe(0);
    const dropped = await settledRss(30_000);
    report(`page cache: QEMU RSS ${mib(again)} cached again, ${mib(dropped)} after drop_caches (Cached ${mib((await guest())['Cached'])})`);
    await vm.exec('rm -f /mnt/berth-data/cache-probe');
  }, SLOW);
});
