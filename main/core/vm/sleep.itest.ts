// Boots the real guest and proves the idle sleep: it pauses with nothing running, costs no host CPU asleep, and `docker ps` wakes it with the clock right.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VmManager } from './manager.js';
import { QemuBackend } from './qemu/backend.js';
import { explained, report, stageLine, until } from './vm-testkit.js';

const run = promisify(execFile);
const enabled = process.env['BERTH_VM_TESTS'] === '1';
const SLOW = 600_000;
const TICK_S = 0.01; // USER_HZ is 100 on Linux

/** QEMU's user + system CPU time so far (s), from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_S;
}

describe.skipIf(!enabled)('the VM sleeps when idle and wakes on the first request', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-vm-sleep-'));
  const backend = new QemuBackend({ home, network: 'isolated' });
  const vm = new VmManager({ home, backend, dockerContext: false });
  let drops = 0;
  const docker = async (...args: string[]): Promise<string> =>
    (await run('docker', args, { env: { ...process.env, DOCKER_HOST: `unix://${vm.socketPath}`, DOCKER_CONTEXT: '' }, timeout: 120_000 })).stdout.trim();
  const asleep = (): Promise<true> => until('the VM asleep', async () => ((await backend.runState()) === 'paused' ? true : undefined), 120_000, 200);

  beforeAll(async () => {
    await vm.init();
    await vm.setSettings({ cpus: 2, memoryMiB: 1024, diskGiB: 8, shares: [], sleepAfterS: 5 });
    await explained(vm, vm.start());
    report(`sleep start: ${stageLine(vm.status())}`);
    // The CLI's first run reads its binary from disk: warmed here, so the wake is what is timed below.
    await docker('ps');
    backend.onConnection((up) => {
      if (!up) drops++;
    });
  }, SLOW);

  afterAll(async () => {
    await vm.dispose();
    fs.rmSync(home, { recursive: true, force: true });
  }, SLOW);

  it('pauses with nothing running, costs no CPU asleep, and `docker ps` wakes it with the clock right', async () => {
    await asleep();
    expect(vm.status()).toMatchObject({ state: 'running', sleeping: true });
    const pid = Number(fs.readFileSync(backend.paths.qemuPid, 'utf8').trim());
    const before = cpuSeconds(pid);
    await new Promise((r) => setTimeout(r, 30_000));
    const cpu = cpuSeconds(pid) - before;
    expect(await backend.runState()).toBe('paused');

    const t0 = performance.now();
    const ps = await docker('ps', '--format', '{{.ID}}');
    const wakeCall = performance.now() - t0;
    expect(ps).toBe('');
    expect(await backend.runState()).toBe('running');
    const status = vm.status();
    expect(status.sleeping).toBeUndefined();
    // The clock is set beside the request that woke the VM: right after it, at the latest.
    const skewNow = async (): Promise<number> => Math.abs(Number((await vm.exec('date +%s.%N')).stdout.trim()) * 1000 - Date.now());
    const skew = await until('the guest clock set', async () => {
      const v = await skewNow();
      return v < 2000 ? v : undefined;
    }, 3000, 100).catch(skewNow);

    const t1 = performance.now();
    await docker('ps', '--format', '{{.ID}}');
    const awakeCall = performance.now() - t1;
    report(
      `sleep: QEMU CPU ${cpu.toFixed(2)} s over 30 s asleep; wake ${status.lastWakeMs} ms (QMP cont); docker ps ${wakeCall.toFixed(0)} ms asleep vs ${awakeCall.toFixed(0)} ms awake; guest clock ${skew.toFixed(0)} ms off; SSH drops ${drops}`,
    );
    expect(cpu).toBeLessThan(0.5);
    expect(skew).toBeLessThan(2000);
    expect(drops).toBe(0);
  }, SLOW);

  it('sleeps again, and a plain request on the socket (as the window sends) wakes it', async () => {
    await asleep();
    const t0 = performance.now();
    const answer = await new Promise<string>((resolve, reject) => {
      http.get({ socketPath: vm.socketPath, path: '/_ping', agent: false }, (res) => {
        let b = '';
        res.on('data', (d: Buffer) => (b += d.toString()));
        res.on('end', () => resolve(b));
      }).on('error', reject);
    });
    report(`sleep: GET /_ping woke it and answered in ${(performance.now() - t0).toFixed(0)} ms (wake ${vm.status().lastWakeMs} ms)`);
    expect(answer).toBe('OK');
  }, SLOW);

  it('sleeps again when idle, and a VM action (exec) wakes it', async () => {
    await asleep();
    const t0 = performance.now();
    await vm.exec('true');
    report(`sleep: vm exec woke it in ${(performance.now() - t0).toFixed(0)} ms`);
    expect(await backend.runState()).toBe('running');
  }, SLOW);
});
