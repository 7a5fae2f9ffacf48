// Benchmark 8: the Berth VM — start to engine ready (per stage) vs a bare kernel boot of the same kernel and disk on the same accelerator.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figure, summarize, type Summary } from './lib/stats.js';
import { NotRun, type Bench } from './lib/types.js';

/** QEMU with Berth's own arguments, but `init=/bin/true`: the kernel boots, mounts the root disk, runs init, panics, and QEMU exits. */
async function bareBoot(accel: 'kvm' | 'hvf' | 'whpx' | 'tcg', scratch: string): Promise<number> {
  const { findImage } = await import('../main/core/vm/image.js');
  const { buildQemuArgs, guestCmdline } = await import('../main/core/vm/qemu/args.js');
  const { findQemu, findQboot } = await import('../main/core/vm/qemu/process.js');
  const img = await findImage();
  const qemu = findQemu();
  const bios = findQboot(qemu);
  const cmdline = guestCmdline(img.manifest.cmdline.replace(/\binit=\S+/, 'init=/bin/true'));
  const args = buildQemuArgs({
    accel,
    cpus: 2,
    memoryMiB: 1024,
    kernel: img.kernel,
    cmdline,
    rootDisk: { file: img.rootDisk, format: img.manifest.files.rootDisk.format },
    sshPort: 2222,
    qmpSocket: join(scratch, `bare-qmp-${process.pid}.sock`),
    fwCfg: [],
    restrictNetwork: true,
    ...(bios ? { bios } : {}),
    ...(accel === 'tcg' ? { tcgTbSizeMiB: 256 } : {}),
  });
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(qemu, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (b: Buffer) => {
      tail = (tail + b.toString()).slice(-4000);
    };
    p.stdout.on('data', keep);
    p.stderr.on('data', keep);
    const timer = setTimeout(() => p.kill('SIGKILL'), 300_000);
    p.on('exit', () => {
      clearTimeout(timer);
      if (!/Attempted to kill init|Kernel panic/.test(tail)) reject(new Error(`bare boot did not reach init: ${tail.slice(-400)}`));
      else resolve(performance.now() - t0);
    });
  });
}

/** The longest silences in a guest log with `time="…"` stamps: where start-up waits. */
export function logGaps(text: string, top = 4): string[] {
  const rows = text
    .split('\n')
    .map((l) => ({ t: Date.parse(/time="([^"]+)"/.exec(l)?.[1] ?? ''), msg: (/msg="([^"]*)"/.exec(l)?.[1] ?? l).slice(0, 90) }))
    .filter((r) => Number.isFinite(r.t));
  if (rows.length < 2) return [];
  const gaps = rows.slice(1).map((r, i) => ({ ms: r.t - rows[i]!.t, before: r.msg }));
  const span = rows[rows.length - 1]!.t - rows[0]!.t;
  return [`first to last line ${span} ms over ${rows.length} lines`, ...gaps.sort((a, b) => b.ms - a.ms).slice(0, top).map((g) => `${g.ms} ms before "${g.before}"`)];
}

export const vmBench: Bench = {
  n: 8,
  name: 'VM engine-ready',
  async run(opts) {
    if (process.env.BERTH_VM_TESTS !== '1') throw new NotRun('BERTH_VM_TESTS=1 is not set (this boots the Berth VM under QEMU: minutes of CPU under TCG); build the image with vm-helper/build-image.sh and set it');
    let mods;
    try {
      const { VmManager } = await import('../main/core/vm/manager.js');
      const { QemuBackend } = await import('../main/core/vm/qemu/backend.js');
      const { findImage } = await import('../main/core/vm/image.js');
      await findImage();
      mods = { VmManager, QemuBackend };
    } catch (e) {
      throw new Error(`the VM manager or image is not usable: ${e instanceof Error ? e.message : String(e)}`);
    }
    const starts = opts.quick ? 1 : 3;
    const home = mkdtempSync(join(tmpdir(), 'berth-bench-vm-'));
    const backend = new mods.QemuBackend({ home, network: 'restricted' });
    const vm = new mods.VmManager({ home, backend });
    const ready: number[] = [];
    const stages = new Map<string, number[]>();
    let accel: 'kvm' | 'hvf' | 'whpx' | 'tcg' = 'tcg';
    let first = 0;
    const notes: string[] = [];
    try {
      await vm.init();
      await vm.setSettings({ cpus: 2, memoryMiB: 1024, diskGiB: 8 });
      for (let i = 0; i < starts; i++) {
        const t0 = performance.now();
        await vm.start();
        const ms = performance.now() - t0;
        const st = vm.status();
        if (st.accel && st.accel !== 'wsl') accel = st.accel;
        if (i === 0 && starts > 1) first = ms; // the first start also creates the data disk and keys
        else {
          ready.push(ms);
          for (const s of st.stages) stages.set(s.stage, [...(stages.get(s.stage) ?? []), s.durationMs ?? NaN]);
        }
        opts.log(`  start ${i + 1}: ${Math.round(ms)} ms (${st.stages.map((s) => `${s.stage} ${s.durationMs} ms`).join(', ')}; ${st.accel})`);
        if (i === starts - 1) {
          // Where the engine stage goes: the guest's own logs of its last start.
          for (const log of ['containerd', 'dockerd']) {
            const r = await vm.exec(`cat /var/log/${log}.log`, { timeoutMs: 30_000 }).catch(() => undefined);
            const gaps = r ? logGaps(r.stdout) : [];
            if (gaps.length) notes.push(`${log} in the guest: ${gaps.join('; ')}`);
          }
          const uptime = await vm.exec('cut -d" " -f1 /proc/uptime', { timeoutMs: 30_000 }).catch(() => undefined);
          if (uptime) notes.push(`guest uptime when the engine answered: ${uptime.stdout.trim()} s`);
          const procs = await vm.exec('for p in containerd dockerd; do echo "$p: $(pgrep -x $p | wc -l)"; done', { timeoutMs: 30_000 }).catch(() => undefined);
          if (procs) notes.push(`engine processes in the guest: ${procs.stdout.trim().replace(/\n/g, ', ')}`);
        }
        await vm.stop();
      }
    } finally {
      await vm.dispose().catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    }
    const bare: number[] = [];
    for (let i = 0; i < (opts.quick ? 1 : 3); i++) bare.push(await bareBoot(accel, opts.scratch));
    const extra: Record<string, Summary | number | string> = { accelerator: accel };
    if (first) extra['first start (creates disk and keys)'] = Math.round(first);
    for (const [k, v] of stages) extra[`stage ${k} (ms)`] = summarize(v);
    return {
      status: 'ran',
      figures: [
        figure({
          id: '8.vm',
          title: `VM start -> engine answering /_ping on the host socket (${accel})`,
          unit: 'ms',
          better: 'lower',
          berth: summarize(ready),
          reference: { label: 'bare boot of the same kernel and root disk to init (init=/bin/true), same QEMU arguments', summary: summarize(bare) },
          ratioTarget: { max: 2.0, text: '<= 2.0x bare kernel boot' },
          extra,
          notes,
        }),
      ],
    };
  },
};
