import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VmStatus } from '../../../../app/vm.js';
import type { WslRunResult } from './backend.js';
import type { WslCommand } from './commands.js';
import { WslMemorySetting, type WslConfigFs, type WslMemoryOptions } from './memory-reclaim.js';

/** A profile folder as Windows makes them: a space in the name. */
const profile = () => fs.mkdtempSync(path.join(os.tmpdir(), 'Ann Lee '));

function fakeVm(state: VmStatus['state'] = 'running', backend: VmStatus['backend'] = 'wsl') {
  const calls: string[] = [];
  const vm = {
    calls,
    st: state,
    status: (): VmStatus => ({ state: vm.st, backend, stages: [] }),
    stop: async (o: { shutdown: boolean }) => {
      calls.push(`stop shutdown=${o.shutdown}`);
      vm.st = 'stopped';
    },
    start: async () => {
      calls.push('start');
      vm.st = 'running';
    },
  };
  return vm;
}

function fakeRunner(code = 0, stderr = '') {
  const ran: string[] = [];
  const runner = async (c: WslCommand): Promise<WslRunResult> => {
    ran.push(`${path.win32.basename(c.file)} ${c.args.join(' ')}`);
    return { code, stdout: Buffer.alloc(0), stderr: Buffer.from(stderr, 'utf16le') };
  };
  return { ran, runner };
}

function setting(dir: string, over: Partial<WslMemoryOptions> = {}) {
  const vm = fakeVm();
  const r = fakeRunner();
  const s = new WslMemorySetting({ vm, platform: 'win32', configPath: path.join(dir, '.wslconfig'), runner: r.runner, ...over });
  return { s, vm, ran: r.ran, file: path.join(dir, '.wslconfig') };
}

describe('WslMemorySetting', () => {
  it('answers UNSUPPORTED off Windows and for a QEMU VM, and touches nothing', async () => {
    const dir = profile();
    for (const over of [{ platform: 'linux' as const }, { vm: fakeVm('running', 'qemu') }]) {
      const { s, ran } = setting(dir, over);
      await expect(s.get()).rejects.toMatchObject({ code: 'UNSUPPORTED' });
      await expect(s.set('gradual')).rejects.toMatchObject({ code: 'UNSUPPORTED' });
      await expect(s.restartWsl()).rejects.toMatchObject({ code: 'UNSUPPORTED' });
      expect(ran).toEqual([]);
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('reads an absent file as WSL’s default without creating it; a set creates it and asks for a restart', async () => {
    const { s, file } = setting(profile());
    expect(await s.get()).toEqual({ path: file, exists: false, ignoredDuplicates: 0, restartNeeded: false });
    expect(fs.existsSync(file)).toBe(false);
    expect(await s.set('gradual')).toEqual({ path: file, exists: true, mode: 'gradual', ignoredDuplicates: 0, restartNeeded: true });
    expect(fs.readFileSync(file, 'latin1')).toBe('[experimental]\r\nautoMemoryReclaim=gradual\r\n');
    // Back to what WSL started with: no restart needed.
    fs.writeFileSync(file, '');
    expect((await s.get()).restartNeeded).toBe(false);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['.wslconfig']);
  });

  it('keeps the rest of an existing file and leaves no temporary file', async () => {
    const { s, file } = setting(profile());
    const before = '\uFEFF# mine\r\n[wsl2]\r\nmemory=8GB\r\n[experimental]\r\nautoMemoryReclaim = gradual # slow\r\nsparseVhd=true\r\n';
    fs.writeFileSync(file, before, 'utf8');
    expect((await s.get()).mode).toBe('gradual');
    await s.set('dropcache');
    expect(fs.readFileSync(file, 'utf8')).toBe(before.replace('= gradual', '= dropcache'));
    expect(fs.readdirSync(path.dirname(file))).toEqual(['.wslconfig']);
  });

  it('refuses an unknown value with a clear error and changes nothing', async () => {
    const { s, file } = setting(profile());
    fs.writeFileSync(file, '[wsl2]\nswap=0\n');
    await expect(s.set('fast')).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'mode', message: '"fast" is not a value of autoMemoryReclaim: use disabled, gradual or dropcache.' });
    await expect(s.set(undefined)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(fs.readFileSync(file, 'latin1')).toBe('[wsl2]\nswap=0\n');
  });

  it('says so when the file is held open or read-only, and removes its temporary file', async () => {
    const dir = profile();
    const removed: string[] = [];
    const locked: WslConfigFs = {
      readFile: (f) => fsp.readFile(f),
      writeFile: (f, d, o) => fsp.writeFile(f, d, o),
      rename: async () => {
        throw Object.assign(new Error('EBUSY: resource busy or locked, rename'), { code: 'EBUSY' });
      },
      rm: async (f, o) => {
        removed.push(path.basename(f));
        await fsp.rm(f, o);
      },
      realpath: (f) => fsp.realpath(f),
    };
    const { s, file } = setting(dir, { fs: locked });
    fs.writeFileSync(file, '[wsl2]\r\n');
    await expect(s.set('gradual')).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      message: `Berth could not replace ${file}: another program has it open, or it is read-only (EBUSY). Close it there or clear its read-only mark, then try again.`,
    });
    expect(removed).toHaveLength(1);
    expect(fs.readdirSync(dir)).toEqual(['.wslconfig']);
    expect(fs.readFileSync(file, 'latin1')).toBe('[wsl2]\r\n');

    const unreadable = setting(dir, { fs: { ...locked, readFile: async () => Promise.reject(Object.assign(new Error('EPERM'), { code: 'EPERM' })) } });
    await expect(unreadable.s.get()).rejects.toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringContaining(`could not read ${file}`) });
  });

  it('writes nothing when the file changed between its reading and the rename', async () => {
    const dir = profile();
    let reads = 0;
    const racing: WslConfigFs = {
      readFile: async (f) => (++reads === 2 ? Buffer.from('[wsl2]\r\nmemory=4GB\r\n') : fsp.readFile(f)),
      writeFile: (f, d, o) => fsp.writeFile(f, d, o),
      rename: (a, b) => fsp.rename(a, b),
      rm: (f, o) => fsp.rm(f, o),
      realpath: (f) => fsp.realpath(f),
    };
    const { s, file } = setting(dir, { fs: racing });
    fs.writeFileSync(file, '[wsl2]\r\n');
    await expect(s.set('gradual')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(fs.readdirSync(dir)).toEqual(['.wslconfig']);
    expect(fs.readFileSync(file, 'latin1')).toBe('[wsl2]\r\n');
  });

  it('edits a linked .wslconfig where it points', async () => {
    const dir = profile();
    const real = path.join(dir, 'dotfiles wsl.ini');
    fs.writeFileSync(real, '[wsl2]\n');
    const { s, file } = setting(dir);
    fs.symlinkSync(real, file);
    await s.set('disabled');
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'latin1')).toBe('[wsl2]\n\n[experimental]\nautoMemoryReclaim=disabled\n');
  });

  it('restarts WSL only when asked: the Berth VM stops, wsl --shutdown runs, the VM starts again', async () => {
    const { s, vm, ran } = setting(profile());
    await s.set('dropcache');
    expect(ran).toEqual([]);
    expect((await s.get()).restartNeeded).toBe(true);
    await s.restartWsl();
    expect(vm.calls).toEqual(['stop shutdown=true', 'start']);
    expect(ran).toEqual(['wsl.exe --shutdown']);
    expect((await s.get()).restartNeeded).toBe(false);

    // A stopped VM stays stopped.
    const stopped = setting(profile(), { vm: fakeVm('stopped') });
    await stopped.s.restartWsl();
    expect(stopped.ran).toEqual(['wsl.exe --shutdown']);
    expect((stopped.s as unknown as { opts: { vm: ReturnType<typeof fakeVm> } }).opts.vm.calls).toEqual([]);
  });

  it('reports what wsl.exe said when the shutdown fails, and starts the VM again; refuses while the VM is starting', async () => {
    const vm = fakeVm('running');
    const r = fakeRunner(1, 'The operation could not be started because a required feature is not installed.\r\n');
    const { s } = setting(profile(), { vm, runner: r.runner });
    await expect(s.restartWsl()).rejects.toMatchObject({ code: 'VM_ERROR', message: 'WSL did not shut down: The operation could not be started because a required feature is not installed.' });
    expect(vm.calls).toEqual(['stop shutdown=true', 'start']);

    const busy = setting(profile(), { vm: fakeVm('starting') });
    await expect(busy.s.restartWsl()).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(busy.ran).toEqual([]);
  });
});
