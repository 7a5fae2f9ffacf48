// Unit tests of the balloon loader and the memory readers (fake guest exec, this process for RSS).
import { describe, expect, it } from 'vitest';
import { BALLOON_COMMAND, enableBalloon, parseMeminfo, processRssBytes } from './balloon.js';

describe('enableBalloon', () => {
  it('loads virtio_balloon in the guest and reports the bound device', async () => {
    const seen: string[] = [];
    const r = await enableBalloon(async (c) => {
      seen.push(c);
      return { code: 0, signal: undefined, stdout: 'device=virtio3 order=9\n', stderr: '' };
    });
    expect(seen).toEqual([BALLOON_COMMAND]);
    expect(BALLOON_COMMAND).toMatch(/^modprobe virtio_balloon/);
    expect(r).toEqual({ ok: true, detail: 'device=virtio3 order=9' });
  });

  it('never throws: a failed modprobe or a dropped link is a reason', async () => {
    expect(await enableBalloon(async () => ({ code: 3, signal: undefined, stdout: '', stderr: "modprobe: FATAL: Module virtio_balloon not found\n" }))).toEqual({
      ok: false,
      reason: 'modprobe virtio_balloon: exit 3: modprobe: FATAL: Module virtio_balloon not found',
    });
    expect(await enableBalloon(async () => Promise.reject(new Error('Not connected')))).toEqual({ ok: false, reason: 'Not connected' });
  });
});

describe('memory figures', () => {
  it('reads /proc/meminfo as bytes', () => {
    const m = parseMeminfo('MemTotal:        1004352 kB\nMemFree:          512000 kB\nHugePages_Total:       0\nActive(file):      1024 kB\n');
    expect(m).toEqual({ MemTotal: 1004352 * 1024, MemFree: 512000 * 1024, HugePages_Total: 0, 'Active(file)': 1024 * 1024 });
  });

  it('reads a live process RSS from /proc where there is one', async () => {
    const b = await processRssBytes(process.pid);
    if (process.platform === 'linux') expect(b).toBeGreaterThan(1024 * 1024);
    else expect(b).toBeUndefined();
    expect(await processRssBytes(2 ** 30)).toBeUndefined();
  });
});
