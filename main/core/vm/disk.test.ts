import { afterEach, describe, expect, it, vi } from 'vitest';
import { DF_COMMAND, DiskReclaimer, TRIM_COMMAND, freesSpace, parseDf, parseFstrim, type DiskReclaimerOptions } from './disk.js';
import type { ExecResult } from '../ssh/ssh.js';

const ok = (stdout: string): ExecResult => ({ code: 0, signal: undefined, stdout, stderr: '' });
const MiB = 2 ** 20;

/** A guest whose fstrim frees `frees` bytes of the host file, and whose df says what it is told. */
function fakeGuest(opts: { frees?: number; running?: boolean; fail?: ExecResult } = {}) {
  const file = { size: 8 * 1024 * MiB, blocks: (3 * 1024 * MiB) / 512 };
  const calls: string[] = [];
  const state = { running: opts.running ?? true };
  const o: DiskReclaimerOptions = {
    file: '/home/ana/.berth/vm/default/data.img',
    running: () => state.running,
    stat: async () => ({ ...file }),
    exec: async (command) => {
      calls.push(command);
      if (command === DF_COMMAND) return ok('/dev/nvme1n1 8318783488 1073741824 6800000000 14% /mnt/berth-data\n');
      if (opts.fail) return opts.fail;
      file.blocks -= (opts.frees ?? 0) / 512;
      return ok('/mnt/berth-data: 6.3 GiB (6752907264 bytes) trimmed\n');
    },
  };
  return { o, file, calls, state };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('freesSpace', () => {
  it('knows the removes and prunes, with or without an API version', () => {
    expect(freesSpace('DELETE', '/v1.45/containers/abc?force=1&v=1', 204)).toBe(true);
    expect(freesSpace('DELETE', '/containers/abc', 204)).toBe(true);
    expect(freesSpace('DELETE', '/v1.45/images/busybox:latest', 200)).toBe(true);
    expect(freesSpace('DELETE', '/v1.45/volumes/data', 204)).toBe(true);
    for (const k of ['containers', 'images', 'volumes', 'build']) expect(freesSpace('POST', `/v1.45/${k}/prune?filters=%7B%7D`, 200)).toBe(true);
    // docker run --rm: the CLI waits for the removal.
    expect(freesSpace('POST', '/v1.45/containers/abc/wait?condition=removed', 200)).toBe(true);
    expect(freesSpace('POST', '/v1.45/containers/abc/wait?x=1&condition=removed', 200)).toBe(true);
  });

  it('ignores failures and everything else', () => {
    expect(freesSpace('DELETE', '/v1.45/containers/abc', 404)).toBe(false);
    expect(freesSpace('DELETE', '/v1.45/containers/abc', 409)).toBe(false);
    expect(freesSpace('POST', '/v1.45/containers/abc/stop', 204)).toBe(false);
    expect(freesSpace('POST', '/v1.45/networks/prune', 200)).toBe(false);
    expect(freesSpace('POST', '/v1.45/containers/abc/wait', 200)).toBe(false);
    expect(freesSpace('POST', '/v1.45/containers/abc/wait?condition=next-exit', 200)).toBe(false);
    expect(freesSpace('GET', '/v1.45/containers/json', 200)).toBe(false);
    expect(freesSpace('DELETE', '/v1.45/containers/abc/exec', 204)).toBe(false);
    expect(freesSpace(undefined, undefined, undefined)).toBe(false);
  });
});

describe('parsers', () => {
  it('reads what fstrim -v says it trimmed, in both util-linux wordings', () => {
    expect(parseFstrim('/mnt/berth-data: 1 GiB (1073741824 bytes) trimmed\n')).toBe(1073741824);
    expect(parseFstrim('/mnt/berth-data: 4096 bytes were trimmed\n')).toBe(4096);
    expect(parseFstrim('')).toBeUndefined();
  });

  it('reads df -P -B1', () => {
    expect(parseDf('Filesystem 1-blocks Used Available Capacity Mounted on\n/dev/nvme1n1 8318783488 1073741824 6800000000 14% /mnt/berth-data\n')).toEqual({ sizeBytes: 8318783488, usedBytes: 1073741824 });
    expect(parseDf('df: /mnt/berth-data: No such file or directory')).toBeUndefined();
  });
});

describe('DiskReclaimer', () => {
  it('measures the host file and the guest filesystem', async () => {
    const g = fakeGuest();
    const u = await new DiskReclaimer(g.o).usage();
    expect(u).toEqual({ file: g.o.file, allocatedBytes: 3 * 1024 * MiB, apparentBytes: 8 * 1024 * MiB, guest: { sizeBytes: 8318783488, usedBytes: 1073741824 } });
    g.state.running = false;
    expect((await new DiskReclaimer(g.o).usage()).guest).toBeUndefined();
  });

  it('reports the bytes the host got back, not what fstrim discarded', async () => {
    const g = fakeGuest({ frees: 1024 * MiB });
    const d = new DiskReclaimer(g.o);
    const t = await d.reclaim();
    expect(g.calls).toEqual([TRIM_COMMAND]);
    expect(TRIM_COMMAND).toContain('sync -f /mnt/berth-data && fstrim -v /mnt/berth-data');
    expect(t).toMatchObject({ reason: 'manual', allocatedBefore: 3 * 1024 * MiB, allocatedAfter: 2 * 1024 * MiB, returnedBytes: 1024 * MiB, trimmedBytes: 6752907264 });
    expect((await d.usage()).lastTrim).toEqual(t);
  });

  it('never reports a negative gain (the engine wrote meanwhile)', async () => {
    const g = fakeGuest({ frees: -4 * MiB });
    expect((await new DiskReclaimer(g.o).reclaim()).returnedBytes).toBe(0);
  });

  it('refuses clearly when the VM is down, the guest fails, the disk is missing or the backend cannot', async () => {
    await expect(new DiskReclaimer(fakeGuest({ running: false }).o).reclaim()).rejects.toMatchObject({ code: 'VM_ERROR', message: 'The VM is not running; start it, then give space back.' });
    const fail = fakeGuest({ fail: { code: 3, signal: undefined, stdout: '', stderr: 'the data disk is not mounted at /mnt/berth-data\n' } });
    await expect(new DiskReclaimer(fail.o).reclaim()).rejects.toThrow("Could not give the data disk's free space back: the data disk is not mounted at /mnt/berth-data");
    const missing = { ...fakeGuest().o, stat: () => Promise.reject(new Error('ENOENT: no such file')) };
    await expect(new DiskReclaimer(missing).usage()).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('Start the VM once') });
    await expect(new DiskReclaimer({ ...fakeGuest().o, unsupported: 'WSL2 says no' }).reclaim()).rejects.toMatchObject({ code: 'UNSUPPORTED', message: 'WSL2 says no' });
  });

  it('runs one trim at a time', async () => {
    const g = fakeGuest({ frees: 100 * MiB });
    let inFlight = 0;
    let most = 0;
    const exec = g.o.exec;
    g.o.exec = async (c, o) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return exec(c, o);
    };
    const d = new DiskReclaimer(g.o);
    const [a, b] = await Promise.all([d.reclaim(), d.reclaim()]);
    expect(most).toBe(1);
    expect(a.returnedBytes).toBe(100 * MiB);
    expect(b.allocatedBefore).toBe(a.allocatedAfter);
  });

  it('trims once after a burst of removes settles, and daily while the VM runs', async () => {
    vi.useFakeTimers();
    const g = fakeGuest({ frees: MiB });
    const d = new DiskReclaimer({ ...g.o, settleMs: 3000, dailyMs: 60_000 });
    d.noteAnswer('DELETE', '/v1.45/containers/a', 204);
    d.noteAnswer('POST', '/v1.45/containers/b/start', 204);
    await vi.advanceTimersByTimeAsync(2000);
    d.noteAnswer('POST', '/v1.45/images/prune', 200);
    await vi.advanceTimersByTimeAsync(2999);
    expect(g.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await d.idle();
    expect(g.calls).toEqual([TRIM_COMMAND]);
    expect((await d.usage()).lastTrim?.reason).toBe('removal');

    d.start();
    await vi.advanceTimersByTimeAsync(60_000);
    await d.idle();
    expect((await d.usage()).lastTrim?.reason).toBe('daily');
    const n = g.calls.filter((c) => c === TRIM_COMMAND).length;
    d.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(g.calls.filter((c) => c === TRIM_COMMAND)).toHaveLength(n);
  });

  it('skips background trims while the VM is down, without an error', async () => {
    vi.useFakeTimers();
    const g = fakeGuest({ running: false });
    const d = new DiskReclaimer({ ...g.o, settleMs: 10 });
    d.noteAnswer('DELETE', '/containers/a', 204);
    await vi.advanceTimersByTimeAsync(20);
    await d.idle();
    expect(g.calls).toEqual([]);
  });
});
