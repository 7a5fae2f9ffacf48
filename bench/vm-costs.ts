// What the Berth VM costs between uses (issue 12): 8.resume and 8.wake, 9.vm-idle and 9.vm-mem, 7.vm-forward, each on one x86_64 guest it boots.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { VmSettings } from '../app/vm.js';
import type { VmManager } from '../main/core/vm/manager.js';
import type { QemuBackend } from '../main/core/vm/qemu/backend.js';
import { cpuSeconds, rssMiB } from './lib/serve.js';
import { figure, one, summarize, type Summary } from './lib/stats.js';
import type { BenchOptions, Figure } from './lib/types.js';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface BenchVm {
  vm: VmManager;
  backend: QemuBackend;
  docker(...args: string[]): Promise<string>;
  qemuPid(): number;
}

/** Boots a guest with `settings` (2 CPUs, 1 GiB unless said), runs `fn`, and always shuts it down and removes it. */
export async function withBenchVm<T>(opts: BenchOptions, settings: Partial<VmSettings>, fn: (v: BenchVm) => Promise<T>): Promise<T> {
  const { VmManager } = await import('../main/core/vm/manager.js');
  const { QemuBackend } = await import('../main/core/vm/qemu/backend.js');
  const { importGuestBusybox } = await import('../main/core/vm/vm-testkit.js');
  const home = mkdtempSync(join(tmpdir(), 'berth-bench-vmc-'));
  const backend = new QemuBackend({ home, network: 'isolated' });
  const vm = new VmManager({ home, backend, dockerContext: false });
  try {
    await vm.init();
    await vm.setSettings({ cpus: 2, memoryMiB: 1024, diskGiB: 8, shares: [], sleepAfterS: 0, ...settings });
    await vm.start();
    const err = await importGuestBusybox(vm);
    if (err) opts.log(`  busybox image: ${err}`);
    const docker = async (...args: string[]) => (await run('docker', args, { env: { ...process.env, DOCKER_HOST: `unix://${vm.socketPath}`, DOCKER_CONTEXT: '' }, timeout: 600_000, maxBuffer: 1 << 26 })).stdout.trim();
    const qemuPid = () => Number(readFileSync(backend.paths.qemuPid, 'utf8').trim());
    return await fn({ vm, backend, docker, qemuPid });
  } finally {
    await vm.stop({ shutdown: true }).catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
  }
}

function ping(socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath, path: '/_ping', timeout: 30_000 }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`/_ping answered ${res.statusCode}`))));
    });
    req.once('timeout', () => req.destroy(new Error('/_ping timed out')));
    req.once('error', reject);
  });
}

/** 8.resume: stop (saved) then start → /_ping answering on the host socket, against the bare kernel boot. */
export async function resumeFigure(opts: BenchOptions, bare: Summary): Promise<Figure> {
  return withBenchVm(opts, {}, async ({ vm, backend, docker }) => {
    await docker('run', '-d', '--name', 'kept', 'berth-test/busybox', 'sleep', '100000');
    const ms: number[] = [];
    const stages = new Map<string, number[]>();
    let bytes = 0;
    for (let i = 0; i < (opts.quick ? 1 : 3); i++) {
      await vm.stop();
      bytes = statSync(backend.paths.savedState).size;
      const t0 = performance.now();
      await vm.start();
      await ping(vm.socketPath);
      ms.push(performance.now() - t0);
      const st = vm.status();
      if (st.lastStart?.how !== 'resumed') throw new Error(`start ${i + 1} booted instead of resuming: ${st.lastStart?.coldReason ?? 'no reason given'}`);
      for (const s of st.stages) stages.set(s.stage, [...(stages.get(s.stage) ?? []), s.durationMs ?? NaN]);
      opts.log(`  resume ${i + 1}: ${Math.round(ms.at(-1) ?? 0)} ms (${st.stages.map((s) => `${s.stage} ${s.durationMs} ms`).join(', ')})`);
    }
    if ((await docker('ps', '-q', '--filter', 'name=kept')) === '') throw new Error('the container did not survive the resumes');
    const extra: Record<string, Summary | number | string> = {};
    for (const [k, v] of stages) extra[`stage ${k} (ms)`] = summarize(v);
    if (bytes) extra['saved state (MiB)'] = Math.round(bytes / 2 ** 20);
    return figure({
      id: '8.resume',
      title: 'VM start from a saved state -> engine answering /_ping on the host socket (1 GiB guest, one container running)',
      unit: 'ms',
      better: 'lower',
      berth: summarize(ms),
      reference: { label: 'bare boot of the same kernel and root disk to init (init=/bin/true), same QEMU arguments', summary: bare },
      ratioTarget: { max: 1.0, text: '<= 1.0x bare kernel boot' },
      extra,
    });
  });
}

/** `docker version` through the VM's socket, timed (ms). */
async function dockerVersionMs(docker: BenchVm['docker']): Promise<number> {
  const t0 = performance.now();
  await docker('version', '--format', '{{.Server.Version}}');
  return performance.now() - t0;
}

/** 8.wake: `docker version` asleep (the first request wakes the VM) against the same call awake, pairwise. */
export async function wakeFigure(opts: BenchOptions): Promise<Figure> {
  return withBenchVm(opts, { sleepAfterS: 1 }, async ({ vm, backend, docker }) => {
    await dockerVersionMs(docker); // the CLI's first run reads it from disk
    const asleep: number[] = [];
    const awake: number[] = [];
    for (let i = 0; i < (opts.quick ? 3 : 20); i++) {
      const deadline = Date.now() + 60_000;
      while ((await backend.runState()) !== 'paused') {
        if (Date.now() > deadline) throw new Error('the VM did not fall asleep within 60 s');
        await sleep(100);
      }
      asleep.push(await dockerVersionMs(docker));
      awake.push(await dockerVersionMs(docker));
    }
    const extraMs = asleep.map((a, i) => a - (awake[i] ?? a));
    return figure({
      id: '8.wake',
      title: '`docker version` through the host socket while the VM sleeps: the time a wake adds (asleep − awake, pairwise)',
      unit: 'ms',
      better: 'lower',
      berth: summarize(extraMs),
      absTarget: { max: 100, on: 'p95', text: 'p95 <= 100 ms extra' },
      extra: { 'asleep (ms)': summarize(asleep), 'awake (ms)': summarize(awake), 'last wake, QMP cont (ms)': vm.status().lastWakeMs ?? NaN },
    });
  });
}

/** 9.vm-idle and 9.vm-mem: QEMU's host CPU over a window awake and idle, then asleep; its RSS around a 600 MiB burst. */
export async function idleFigures(opts: BenchOptions): Promise<Figure[]> {
  const windowS = opts.quick ? 10 : 60;
  return withBenchVm(opts, { sleepAfterS: 0 }, async ({ vm, backend, docker, qemuPid }) => {
    await sleep(opts.quick ? 2000 : 10_000); // start-up's own work settles
    const pid = qemuPid();
    const c0 = cpuSeconds(pid);
    await sleep(windowS * 1000);
    const awakeCpu = cpuSeconds(pid) - c0;
    await vm.setSettings({ sleepAfterS: 1 });
    const deadline = Date.now() + 60_000;
    while ((await backend.runState()) !== 'paused' && Date.now() < deadline) await sleep(100);
    const c1 = cpuSeconds(pid);
    await sleep(windowS * 1000);
    const asleepCpu = cpuSeconds(pid) - c1;
    await vm.setSettings({ sleepAfterS: 0 });
    opts.log(`  QEMU CPU over ${windowS} s: awake ${awakeCpu.toFixed(2)} s, asleep ${asleepCpu.toFixed(2)} s`);

    const before = rssMiB(pid);
    await docker('run', '-d', '--name', 'berth-mem', '--tmpfs', '/m:size=700m', 'berth-test/busybox', 'sh', '-c', 'dd if=/dev/zero of=/m/fill bs=1M count=600 2>/dev/null && touch /m/full && sleep 100000');
    for (let i = 0; i < 600 && !(await docker('exec', 'berth-mem', 'ls', '/m')).includes('full'); i++) await sleep(500);
    const peak = rssMiB(pid);
    await docker('rm', '-f', 'berth-mem');
    const settleS = opts.quick ? 20 : 60;
    await sleep(settleS * 1000);
    const after = rssMiB(pid);
    opts.log(`  QEMU RSS: ${before.toFixed(0)} MiB before, ${peak.toFixed(0)} at the peak, ${after.toFixed(0)} ${settleS} s after`);
    return [
      figure({
        id: '9.vm-idle',
        title: `QEMU's host CPU over ${windowS} s with nothing running: asleep (awake as the reference)`,
        unit: 's CPU',
        better: 'lower',
        berth: one(asleepCpu),
        reference: { label: `the same VM awake and idle over ${windowS} s`, summary: one(awakeCpu) },
        absTarget: { max: 0.3 * (windowS / 60), text: `asleep <= ${(0.3 * (windowS / 60)).toFixed(2)} s (0.3 s per minute)` },
      }),
      figure({
        id: '9.vm-mem',
        title: `QEMU RSS ${settleS} s after a container touched 600 MiB and exited, against before the burst`,
        unit: 'MiB',
        better: 'lower',
        berth: one(after),
        reference: { label: 'QEMU RSS before the burst', summary: one(before) },
        absTarget: { max: peak - 400, text: `gives back >= 400 MiB of the ${Math.round(peak)} MiB peak` },
        extra: { 'peak (MiB)': Math.round(peak), 'returned (MiB)': Math.round(peak - after) },
      }),
    ];
  });
}

/** Bytes pushed through a TCP connection to host:port until `total`, then the time to the far end's echo of the count (ms). */
async function pushBytes(port: number, total: number): Promise<number> {
  const chunk = Buffer.alloc(1 << 20, 0x61);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const s = net.connect({ host: '127.0.0.1', port }, () => {
      let sent = 0;
      const pump = (): void => {
        while (sent < total) {
          sent += chunk.length;
          if (!s.write(chunk)) return void s.once('drain', pump);
        }
        s.end();
      };
      pump();
    });
    let reply = '';
    s.on('data', (d: Buffer) => (reply += d.toString()));
    s.on('close', () => (reply.trim() === String(total) ? resolve(performance.now() - t0) : reject(new Error(`the far end counted ${reply.trim() || 'nothing'} of ${total} bytes`))));
    s.on('error', reject);
  });
}

/** 7.vm-forward: 512 MiB host → a container through a port published on the VM, against host → a listener in the guest itself through QEMU's forward. */
export async function vmForwardFigure(opts: BenchOptions): Promise<Figure> {
  const total = (opts.quick ? 32 : 512) * 2 ** 20;
  const runs = opts.quick ? 1 : 3;
  return withBenchVm(opts, {}, async ({ vm, backend, docker }) => {
    const port = 19_000 + Math.floor(Math.random() * 1000);
    // The far end counts what it read and answers with the count: the whole transfer is inside the timing.
    await docker('run', '-d', '--name', 'sink', '-p', `127.0.0.1:${port}:5000`, 'berth-test/busybox', 'sh', '-c', `while true; do nc -l -p 5000 -e sh -c 'wc -c'; done`);
    const guestPort = port + 1;
    await vm.exec(`(while true; do busybox nc -l -p ${guestPort} -e sh -c 'wc -c'; done) >/dev/null 2>&1 &`, { timeoutMs: 10_000 });
    await backend.ports.add('tcp', '127.0.0.1', guestPort, guestPort);
    await sleep(1000);
    const viaContainer: number[] = [];
    const ceiling: number[] = [];
    for (let i = 0; i < runs; i++) {
      ceiling.push(await pushBytes(guestPort, total));
      viaContainer.push(await pushBytes(port, total));
    }
    const mbps = (ms: number) => total / 2 ** 20 / (ms / 1000);
    return figure({
      id: '7.vm-forward',
      title: `${total / 2 ** 20} MiB host -> a container through a port published on the VM (MiB/s)`,
      unit: 'MiB/s',
      better: 'higher',
      berth: summarize(viaContainer.map(mbps)),
      reference: { label: "host -> a listener in the guest itself through QEMU's forward (the guest network's ceiling)", summary: summarize(ceiling.map(mbps)) },
      ratioTarget: { min: 0.8, text: '>= 0.8x the ceiling' },
    });
  });
}
