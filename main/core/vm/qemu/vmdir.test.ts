import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDataDisk, freeLoopbackPort, isOurQemu, killStale, procArgv, type ProcessProbe } from './vmdir.js';

describe('data disk', () => {
  it('is created sparse at the set size, grows, and never shrinks', async () => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'berth-disk-')), 'data.img');
    expect(await ensureDataDisk(f, 4)).toEqual({ sizeGiB: 4, grown: false });
    const st = fs.statSync(f);
    expect(st.size).toBe(4 * 1024 ** 3);
    expect(st.blocks * 512).toBeLessThan(1024 * 1024);
    expect(st.mode & 0o777).toBe(0o600);
    expect(await ensureDataDisk(f, 6)).toEqual({ sizeGiB: 6, grown: true });
    expect(await ensureDataDisk(f, 5)).toEqual({ sizeGiB: 6, grown: false });
    expect(fs.statSync(f).size).toBe(6 * 1024 ** 3);
  });

  it('finds a free loopback port', async () => {
    const p = await freeLoopbackPort();
    expect(p).toBeGreaterThan(1023);
  });
});

describe('killStale (issue 13, low: only our own QEMU is killed)', () => {
  const disk = '/home/me/.berth/vm/default/data.img';
  const qemu = ['/usr/bin/qemu-system-x86_64', '-machine', 'q35', '-drive', `if=none,id=data,file=${disk},format=raw,discard=unmap,cache=writeback`, '-device', 'virtio-blk-pci,drive=data'];

  /** A fake /proc: pid -> the NUL-separated cmdline; everything in it is alive until killed. */
  function fakeProc(table: Record<number, string[]>) {
    const killed: [number, string][] = [];
    const live = new Set(Object.keys(table).map(Number));
    const probe: ProcessProbe = {
      argv: procArgv(async (file) => {
        const pid = Number(/^\/proc\/(\d+)\/cmdline$/.exec(file)?.[1]);
        const argv = live.has(pid) ? table[pid] : undefined;
        if (!argv) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
        return `${argv.join('\0')}\0`;
      }),
      alive: (pid) => live.has(pid),
      kill: (pid, signal) => {
        killed.push([pid, signal]);
        live.delete(pid);
      },
    };
    return { probe, killed };
  }

  async function pidFile(pid: number | string): Promise<string> {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'berth-pid-')), 'qemu.pid');
    fs.writeFileSync(f, `${pid}\n`);
    return f;
  }

  it('kills the QEMU that has this VM\'s data disk open, and removes the pid file', async () => {
    const { probe, killed } = fakeProc({ 4242: qemu });
    const f = await pidFile(4242);
    await killStale(f, disk, { probe });
    expect(killed).toEqual([[4242, 'SIGKILL']]);
    expect(fs.existsSync(f)).toBe(false);
    // With the binary named by the caller, it must be that one.
    const again = fakeProc({ 4242: qemu });
    await killStale(await pidFile(4242), disk, { probe: again.probe, binary: '/usr/bin/qemu-system-x86_64' });
    expect(again.killed).toHaveLength(1);
  });

  it('leaves a recycled pid alone: another program, another VM\'s QEMU, another binary, an unreadable process', async () => {
    const cases: { argv: string[]; binary?: string }[] = [
      { argv: ['/usr/bin/vim', disk] },
      { argv: ['/usr/bin/node', '-e', 'x', `file=${disk},format=raw`] },
      { argv: ['/usr/bin/qemu-system-x86_64', '-drive', 'if=none,id=data,file=/home/me/.berth/vm/other/data.img,format=raw'] },
      { argv: ['/usr/bin/qemu-system-x86_64', '-drive', `if=none,id=data,file=${disk}.bak,format=raw`] },
      { argv: ['/usr/bin/qemu-img', 'info', disk] },
      { argv: qemu, binary: '/opt/homebrew/bin/qemu-system-aarch64' },
      { argv: [] },
    ];
    for (const c of cases) {
      const { probe, killed } = fakeProc({ 777: c.argv });
      const f = await pidFile(777);
      await killStale(f, disk, { probe, ...(c.binary ? { binary: c.binary } : {}) });
      expect(killed, c.argv.join(' ')).toEqual([]);
      expect(fs.existsSync(f)).toBe(false);
    }
    // Dead, garbage, or pid 1: nothing to kill.
    for (const pid of [4243, 'x', 1]) {
      const { probe, killed } = fakeProc({ 1: qemu });
      await killStale(await pidFile(pid), disk, { probe });
      expect(killed).toEqual([]);
    }
  });

  it('matches QEMU\'s comma-doubled paths and a Windows binary name', () => {
    const odd = '/home/a,b/.berth/vm/default/data.img';
    expect(isOurQemu(['qemu-system-x86_64', '-drive', 'if=none,id=data,file=/home/a,,b/.berth/vm/default/data.img,format=raw'], { dataDisk: odd })).toBe(true);
    expect(isOurQemu(['C:\\Program Files\\qemu\\qemu-system-x86_64.exe', '-drive', `if=none,file=${disk},format=raw`], { dataDisk: disk })).toBe(true);
  });

  it.runIf(process.platform === 'linux')('does not kill a real process that merely names the disk (read from the real /proc)', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)', `file=${disk},format=raw`], { stdio: 'ignore' });
    try {
      await new Promise((r) => child.once('spawn', r));
      const f = await pidFile(child.pid ?? 0);
      await killStale(f, disk);
      await new Promise((r) => setTimeout(r, 200));
      expect(child.exitCode).toBeNull();
      expect(child.signalCode).toBeNull();
    } finally {
      child.kill('SIGKILL');
    }
  });
});
