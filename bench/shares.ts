// Benchmark 10: host folders in containers on the Berth VM — a shared folder against the VM's own data disk in the same run:
// sequential write and read, a source tree unpacked then stat-ed and listed, and a host save reaching a container's inotify.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figure, summarize } from './lib/stats.js';
import { NotRun, type Bench } from './lib/types.js';

/** Seconds from busybox sh's `time` line ("real 0m 5.83s"). */
function realSeconds(out: string): number {
  const m = /real\s+(\d+)m\s*([\d.]+)s/.exec(out);
  if (!m) throw new Error(`no timing in: ${out.slice(-300)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export const sharesBench: Bench = {
  n: 10,
  name: 'Shared folders vs the VM disk',
  async run(opts) {
    if (process.env.BERTH_VM_TESTS !== '1') throw new NotRun('BERTH_VM_TESTS=1 is not set (this boots the Berth VM under QEMU: minutes of CPU under TCG); build the image with vm-helper/build-image.sh and set it');
    const { VmManager } = await import('../main/core/vm/manager.js');
    const { QemuBackend } = await import('../main/core/vm/qemu/backend.js');
    const { importGuestBusybox, installGuestHelper } = await import('../main/core/vm/vm-testkit.js');
    // Sizes of the issue (256 MiB, 10,000 files, 50 saves); BERTH_BENCH10_MIB/FILES/SAVES shrink them where an emulated
    // guest makes the full run take hours (the figures are ratios against the data disk in the same run either way).
    const size = (name: string, full: number, quick: number) => Number(process.env[`BERTH_BENCH10_${name}`]) || (opts.quick ? quick : full);
    const mib = size('MIB', 256, 8);
    const files = size('FILES', 10_000, 500);
    const saves = size('SAVES', 50, 5);
    const home = mkdtempSync(join(tmpdir(), 'berth-bench-shares-'));
    const share = mkdtempSync(join(tmpdir(), 'berth-bench-share-'));
    const vm = new VmManager({ home, backend: new QemuBackend({ home, network: 'restricted' }), dockerContext: false });
    const notes: string[] = [];
    try {
      await vm.init();
      await vm.setSettings({ cpus: 2, memoryMiB: 1024, diskGiB: 8, shares: [share] });
      await vm.start();
      const accel = vm.status().accel ?? 'tcg';
      await installGuestHelper(vm, 'inotify-watch');
      await importGuestBusybox(vm, 'cp /usr/local/bin/inotify-watch $d/bin/');
      const guest = async (cmd: string, stdin?: string) => {
        const r = await vm.exec(cmd, { timeoutMs: 1_800_000, ...(stdin === undefined ? {} : { stdin }) });
        return r.stdout + r.stderr;
      };
      // One container with the share at /w and a named volume (the data disk) at /v; scripts run in it through stdin.
      const id = (await guest(`docker run -d -v ${share}:/w -v berthbench:/v berth-test/busybox sleep 86400`)).trim();
      const inBox = (script: string) => guest(`docker exec -i ${id} sh`, script);
      /** Seconds one command takes in the container (busybox time's "real" line; the command's own output dropped). */
      const timed = async (cmd: string) => realSeconds(await inBox(`time sh -c "${cmd} >/dev/null 2>&1"`));
      const drop = () => guest('sync; echo 3 > /proc/sys/vm/drop_caches');
      const seq = async (dir: string) => {
        const w = await timed(`dd if=/dev/zero of=${dir}/seq bs=1M count=${mib} conv=fsync`);
        await drop();
        const r = await timed(`dd if=${dir}/seq of=/dev/null bs=1M`);
        await inBox(`rm -f ${dir}/seq`);
        return { w: mib / w, r: mib / r };
      };
      const writeMBs: number[][] = [[], []];
      const readMBs: number[][] = [[], []];
      for (let i = 0; i < (opts.quick ? 1 : 2); i++) {
        for (const [k, dir] of [[0, '/w'], [1, '/v']] as const) {
          const s = await seq(dir);
          writeMBs[k]!.push(s.w);
          readMBs[k]!.push(s.r);
          opts.log(`  ${dir === '/w' ? 'share' : 'data disk'}: write ${s.w.toFixed(1)} MB/s, read ${s.r.toFixed(1)} MB/s`);
        }
      }
      // A source tree: `files` small files in 100 folders, as a tar made in the container (not timed).
      await inBox(`mkdir -p /tmp/src && cd /tmp/src && i=0; while [ $i -lt ${files} ]; do d=d$((i % 100)); mkdir -p $d; echo "line $i of a source file" > $d/f$i.js; i=$((i+1)); done; tar cf /tmp/src.tar -C /tmp/src .`);
      const tree = { tar: [[], []] as number[][], stat: [[], []] as number[][], ls: [[], []] as number[][] };
      for (const [k, dir] of [[0, '/w'], [1, '/v']] as const) {
        await inBox(`rm -rf ${dir}/tree; mkdir -p ${dir}/tree`);
        tree.tar[k]!.push(files / (await timed(`tar xf /tmp/src.tar -C ${dir}/tree`)));
        await drop();
        tree.stat[k]!.push(files / (await timed(`find ${dir}/tree -exec stat {} +`)));
        tree.ls[k]!.push(files / (await timed(`ls -lR ${dir}/tree`)));
        opts.log(`  ${dir === '/w' ? 'share' : 'data disk'}: tar x ${tree.tar[k]!.at(-1)?.toFixed(0)} files/s, stat ${tree.stat[k]!.at(-1)?.toFixed(0)} files/s, ls -lR ${tree.ls[k]!.at(-1)?.toFixed(0)} files/s`);
        await inBox(`rm -rf ${dir}/tree`);
      }
      // A host save -> the container's inotify watcher prints a line; timed on the host as it arrives through `logs -f`.
      const watched = join(share, 'watched.txt');
      writeFileSync(watched, 'v0\n');
      const wid = (await guest(`docker run -d -v ${share}:/w berth-test/busybox inotify-watch /w/watched.txt`)).trim();
      const follow = spawn('docker', ['logs', '-f', wid], { env: { ...process.env, DOCKER_HOST: `unix://${vm.socketPath}` } });
      const arrivals: number[] = [];
      follow.stdout.on('data', (b: Buffer) => {
        for (const line of b.toString().split('\n')) if (line && line !== 'watching') arrivals.push(performance.now());
      });
      await new Promise((r) => setTimeout(r, 3_000));
      const latency: number[] = [];
      for (let i = 1; i <= saves; i++) {
        const before = arrivals.length;
        const t0 = performance.now();
        writeFileSync(watched, `v${i}\n`);
        const deadline = t0 + 10_000;
        while (arrivals.length === before && performance.now() < deadline) await new Promise((r) => setTimeout(r, 2));
        latency.push(arrivals.length > before ? arrivals[before]! - t0 : Number.NaN);
        await new Promise((r) => setTimeout(r, 150)); // the next save is a separate event, not coalesced with this one
      }
      follow.kill();
      opts.log(`  host save -> inotify: ${latency.map((v) => Math.round(v)).join(', ')} ms`);
      const missed = latency.filter((v) => Number.isNaN(v)).length;
      if (missed) notes.push(`${missed} of ${saves} saves raised no event within 10 s`);
      notes.push(`accelerator ${accel}; sizes: ${mib} MiB sequential, ${files} files; caches dropped in the guest before each read`);
      const fig = (id: string, title: string, unit: string, berth: number[], ref: number[], min: number, text: string) =>
        figure({ id, title: `${title} (${accel})`, unit, better: 'higher', berth: summarize(berth), reference: { label: 'the same in a named volume on the VM data disk', summary: summarize(ref) }, ratioTarget: { min, text } });
      return {
        status: 'ran',
        notes,
        figures: [
          fig('10.write', `sequential write, ${mib} MiB to a shared folder`, 'MB/s', writeMBs[0]!, writeMBs[1]!, 0.5, '>= 0.5x the data disk'),
          fig('10.read', `sequential read, ${mib} MiB from a shared folder`, 'MB/s', readMBs[0]!, readMBs[1]!, 0.5, '>= 0.5x the data disk'),
          fig('10.untar', `tar x of ${files} files into a shared folder`, 'files/s', tree.tar[0]!, tree.tar[1]!, 0.25, '>= 0.25x the data disk'),
          fig('10.stat', `find -exec stat over ${files} files`, 'files/s', tree.stat[0]!, tree.stat[1]!, 0.25, '>= 0.25x the data disk'),
          fig('10.ls', `ls -lR over ${files} files`, 'files/s', tree.ls[0]!, tree.ls[1]!, 0.25, '>= 0.25x the data disk'),
          figure({
            id: '10.inotify',
            title: `host save -> inotify event in a container (${accel}, includes the logs -f hop)`,
            unit: 'ms',
            better: 'lower',
            berth: summarize(latency.filter((v) => !Number.isNaN(v))),
            absTarget: { max: 500, text: 'p95 <= 500 ms', on: 'p95' },
            ...(missed ? { notes: [`${missed} missed`] } : {}),
          }),
        ],
      };
    } finally {
      await vm.dispose().catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
      rmSync(share, { recursive: true, force: true });
    }
  },
};
