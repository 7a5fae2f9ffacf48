// Boots the real guest and proves resume: a stop saves the whole VM, the next start resumes it with its containers, ports, volume and clock; a bad state boots cold and says why.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VmManager } from './manager.js';
import { QemuBackend } from './qemu/backend.js';
import { explained, importGuestBusybox, report, reportGuestTrouble, stageLine, until, httpGet } from './vm-testkit.js';

const run = promisify(execFile);
const enabled = process.env['BERTH_VM_TESTS'] === '1';
const SLOW = 900_000;

const get = (port: number): Promise<string> => httpGet(port, 10_000);

describe.skipIf(!enabled)('the VM resumes from the state saved at stop', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-vm-resume-'));
  const share = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-resume-share-'));
  const backend = new QemuBackend({ home, network: 'isolated' });
  const vm = new VmManager({ home, backend, dockerContext: false });
  const docker = async (...args: string[]): Promise<string> =>
    (await run('docker', args, { env: { ...process.env, DOCKER_HOST: `unix://${vm.socketPath}`, DOCKER_CONTEXT: '' }, timeout: 120_000 })).stdout.trim();
  // Clear of the fixed ports the other VM suites publish (18090–18093, 18180).
  const PORT = 18_200 + 2 * Math.floor(Math.random() * 800);
  const MANUAL = PORT + 1;

  beforeAll(async () => {
    await vm.init();
    await vm.setSettings({ cpus: 2, memoryMiB: 1024, diskGiB: 8, shares: [share], sleepAfterS: 0 });
    await explained(vm, vm.start());
    report(`resume cold start: ${stageLine(vm.status())}`);
    expect(await importGuestBusybox(vm)).toBe('');
  }, SLOW);

  afterAll(async () => {
    reportGuestTrouble(home);
    await vm.stop({ shutdown: true }).catch(() => undefined);
    for (const d of [home, share]) fs.rmSync(d, { recursive: true, force: true });
  }, SLOW);

  it('keeps a running container (same id, uptime going on), its ports, its volume, its shared folder and the clock across a stop and start', async () => {
    await docker('volume', 'create', 'keep');
    await docker('run', '--rm', '-v', 'keep:/data', 'berth-test/busybox', 'sh', '-c', 'echo kept-data > /data/file && sync');
    const id = await docker(
      'run', '-d', '--name', 'web', '-p', `127.0.0.1:${PORT}:80`, '-v', 'keep:/data', '-v', `${share}:/src`, 'berth-test/busybox',
      'sh', '-c', 'echo resumed-ok > /www/index.html; httpd -f -p 80 -h /www & httpd -f -p 81 -h /www & wait',
    );
    await until('the published port', async () => ((await get(PORT).catch(() => '')).includes('resumed-ok') ? true : undefined), 60_000, 250);
    // A port published by hand on the running container (no recreate) must come back too.
    await vm.publishPort(id, 81, MANUAL);
    expect(await get(MANUAL)).toContain('resumed-ok');
    fs.writeFileSync(path.join(share, 'before.txt'), 'written before the stop\n');
    expect(await docker('exec', id, 'cat', '/src/before.txt')).toBe('written before the stop');
    const startedAt = await docker('inspect', '-f', '{{.State.StartedAt}}', id);
    const uptimeBefore = Number(await docker('exec', id, 'cut', '-d.', '-f1', '/proc/uptime'));

    const s0 = performance.now();
    await vm.stop();
    const saveMs = performance.now() - s0;
    expect(fs.existsSync(path.join(home, 'vm', 'default', 'saved-state.json'))).toBe(true);
    const bytes = fs.statSync(path.join(home, 'vm', 'default', 'saved-state.bin')).size;
    await new Promise((r) => setTimeout(r, 3000));

    const r0 = performance.now();
    await explained(vm, vm.start());
    const resumeMs = performance.now() - r0;
    const st = vm.status();
    expect(st.lastStart?.how).toBe('resumed');
    // Consumed: a crash from here on must boot cold, never load a state the disks have moved past.
    expect(fs.existsSync(path.join(home, 'vm', 'default', 'saved-state.bin'))).toBe(false);

    expect(await docker('ps', '-q', '--no-trunc')).toBe(id);
    expect(await docker('inspect', '-f', '{{.State.StartedAt}}', id)).toBe(startedAt);
    const uptimeAfter = Number(await docker('exec', id, 'cut', '-d.', '-f1', '/proc/uptime'));
    expect(uptimeAfter).toBeGreaterThanOrEqual(uptimeBefore);
    expect(await until('the published port after resume', async () => ((await get(PORT).catch(() => '')).includes('resumed-ok') ? true : undefined), 30_000, 250)).toBe(true);
    expect(await get(MANUAL)).toContain('resumed-ok');
    expect(await docker('exec', id, 'cat', '/data/file')).toBe('kept-data');
    // The container's bind of a shared folder is the mount it was saved with: the same sshfs carries on through a new link.
    expect(vm.status().shares).toEqual([{ path: share, transport: 'sshfs', state: 'mounted' }]);
    fs.writeFileSync(path.join(share, 'after.txt'), 'written after the resume\n');
    const f0 = performance.now();
    expect(await docker('exec', id, 'cat', '/src/after.txt')).toBe('written after the resume');
    const shareMs = performance.now() - f0;
    expect(await docker('exec', id, 'cat', '/src/before.txt')).toBe('written before the stop');
    await docker('exec', id, 'sh', '-c', 'echo from-the-box > /src/box.txt');
    expect(fs.readFileSync(path.join(share, 'box.txt'), 'utf8')).toBe('from-the-box\n');
    expect(fs.statSync(path.join(share, 'box.txt')).uid).toBe(process.getuid?.());
    const guest = Number((await vm.exec('date +%s.%N')).stdout.trim()) * 1000;
    const skew = Math.abs(guest - Date.now());
    expect(skew).toBeLessThan(2000);
    report(`resume: saved ${(bytes / 2 ** 20).toFixed(0)} MiB in ${saveMs.toFixed(0)} ms; start → engine ${resumeMs.toFixed(0)} ms (${stageLine(st)}); guest clock ${skew.toFixed(0)} ms off; the container's shared folder read again in ${shareMs.toFixed(0)} ms`);
  }, SLOW);

  it('boots cold, saying why, from a damaged state file and from a state another image made', async () => {
    const dir = path.join(home, 'vm', 'default');
    await vm.stop();
    const file = path.join(dir, 'saved-state.bin');
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(fs.statSync(file).size / 2));
    fs.closeSync(fd);
    await explained(vm, vm.start());
    expect(vm.status().lastStart).toMatchObject({ how: 'booted', coldReason: expect.stringContaining('damaged') });
    report(`resume refused: ${vm.status().lastStart?.coldReason ?? ''}`);
    expect(fs.existsSync(file)).toBe(false);

    // A state another image made (as its record says: a rebuilt image has another version) is not loaded.
    await vm.stop();
    const record = path.join(dir, 'saved-state.json');
    const meta = JSON.parse(fs.readFileSync(record, 'utf8')) as { machine: Record<string, unknown> };
    meta.machine['image'] = 'bookworm-12.14-0000000000000000';
    fs.writeFileSync(record, JSON.stringify(meta));
    await explained(vm, vm.start());
    expect(vm.status().lastStart).toMatchObject({ how: 'booted', coldReason: expect.stringContaining('another VM image (bookworm-12.14-0000000000000000 then') });
    report(`resume refused: ${vm.status().lastStart?.coldReason ?? ''}`);

    // A clean shutdown leaves nothing to resume.
    await vm.stop({ shutdown: true });
    expect(fs.existsSync(file)).toBe(false);
    await explained(vm, vm.start());
    expect(vm.status().lastStart?.how).toBe('booted');
    expect(vm.status().lastStart?.coldReason).toBeUndefined();
  }, SLOW);
});
