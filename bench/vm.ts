// Benchmark 8: the Berth VM — start to engine ready (per stage) vs a bare kernel boot of the same kernel and disk on the same accelerator;
// the x86_64 guest always, the aarch64 one (Apple Silicon's) too when BERTH_VM_IMAGE_ARM64 names its image.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GuestArch } from '../main/core/vm/arch.js';
import { figure, summarize, type Summary } from './lib/stats.js';
import { NotRun, type Bench, type BenchOptions, type Figure } from './lib/types.js';

/** QEMU with Berth's own arguments, but `init=/bin/true`: the kernel boots, mounts the root disk, runs init, panics, and QEMU exits. */
export async function bareBoot(accel: 'kvm' | 'hvf' | 'whpx' | 'tcg', scratch: string, arch: GuestArch, imageDir: string | undefined): Promise<number> {
  const { findImage } = await import('../main/core/vm/image.js');
  const { buildQemuArgs, guestCmdline } = await import('../main/core/vm/qemu/args.js');
  const { findQemu, findQboot } = await import('../main/core/vm/qemu/process.js');
  const img = await findImage(imageDir, process.env, arch);
  const qemu = findQemu(process.env, arch);
  const bios = arch === 'x86_64' ? findQboot(qemu) : undefined;
  const cmdline = guestCmdline(img.manifest.cmdline.replace(/\binit=\S+/, 'init=/bin/true'), [], arch);
  const args = buildQemuArgs({
    arch,
    accel,
    cpus: 2,
    memoryMiB: 1024,
    kernel: img.kernel,
    ...(img.initrd ? { initrd: img.initrd } : {}),
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

/** Starts the guest of `arch` `starts` times (the first also creates its disk and keys) and boots its bare kernel as often. */
async function vmFigure(opts: BenchOptions, arch: GuestArch, imageDir: string | undefined): Promise<Figure> {
  let mods;
  try {
    const { VmManager } = await import('../main/core/vm/manager.js');
    const { QemuBackend } = await import('../main/core/vm/qemu/backend.js');
    const { findImage } = await import('../main/core/vm/image.js');
    await findImage(imageDir, process.env, arch);
    mods = { VmManager, QemuBackend };
  } catch (e) {
    throw new Error(`the VM manager or the ${arch} image is not usable: ${e instanceof Error ? e.message : String(e)}`);
  }
  const starts = opts.quick ? 1 : 3;
  const home = mkdtempSync(join(tmpdir(), 'berth-bench-vm-'));
  // An emulated foreign guest needs more time per stage than the host's own.
  const slow = arch === 'aarch64' ? { stageTimeoutsMs: { boot: 180_000, network: 60_000, ssh: 120_000, engine: 300_000 } } : {};
  const backend = new mods.QemuBackend({ home, network: 'restricted', guestArch: arch, ...(imageDir ? { imageDir } : {}), ...slow });
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
      opts.log(`  ${arch} start ${i + 1}: ${Math.round(ms)} ms (${st.stages.map((s) => `${s.stage} ${s.durationMs} ms`).join(', ')}; ${st.accel})`);
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
      // A clean shutdown: the next start is a cold boot (a plain stop saves the VM, and the next start would resume it).
      await vm.stop({ shutdown: true });
    }
  } finally {
    await vm.dispose().catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
  }
  const bare: number[] = [];
  for (let i = 0; i < (opts.quick ? 1 : 3); i++) bare.push(await bareBoot(accel, opts.scratch, arch, imageDir));
  const extra: Record<string, Summary | number | string> = { accelerator: accel, guest: arch };
  if (first) extra['first start (creates disk and keys)'] = Math.round(first);
  for (const [k, v] of stages) extra[`stage ${k} (ms)`] = summarize(v);
  return figure({
    id: arch === 'x86_64' ? '8.vm' : '8.vm-arm64',
    title: `VM start -> engine answering /_ping on the host socket (${arch === 'x86_64' ? '' : 'aarch64 guest, '}${accel})`,
    unit: 'ms',
    better: 'lower',
    berth: summarize(ready),
    reference: { label: 'bare boot of the same kernel and root disk to init (init=/bin/true), same QEMU arguments', summary: summarize(bare) },
    ratioTarget: { max: 2.0, text: '<= 2.0x bare kernel boot' },
    extra,
    notes,
  });
}

export const vmBench: Bench = {
  n: 8,
  name: 'VM engine-ready',
  async run(opts) {
    if (process.env.BERTH_VM_TESTS !== '1') throw new NotRun('BERTH_VM_TESTS=1 is not set (this boots the Berth VM under QEMU: minutes of CPU under TCG); build the image with vm-helper/build-image.sh and set it');
    const figures = [await vmFigure(opts, 'x86_64', process.env.BERTH_VM_IMAGE)];
    // A resume against the same bare boot, and a wake from sleep against the same call awake.
    const { resumeFigure, wakeFigure } = await import('./vm-costs.js');
    const bare: number[] = [];
    for (let i = 0; i < (opts.quick ? 1 : 3); i++) bare.push(await bareBoot('tcg', opts.scratch, 'x86_64', process.env.BERTH_VM_IMAGE));
    figures.push(await resumeFigure(opts, summarize(bare)), await wakeFigure(opts));
    // The Apple Silicon guest, emulated here (TCG): its figure shows what an arm64 Mac's start costs before HVF.
    const arm = process.env.BERTH_VM_IMAGE_ARM64;
    if (arm) figures.push(await vmFigure(opts, 'aarch64', arm));
    else opts.log('  aarch64 guest: not measured (BERTH_VM_IMAGE_ARM64 names no image; build it with vm-helper/build-image.sh --arch arm64)');
    return { status: 'ran', figures };
  },
};
