import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WslCommand } from './commands.js';
import { WslBackend, type WslRunResult } from './backend.js';

describe('WslBackend with a fake wsl.exe', () => {
  it('reads state from wsl -l -v, and says how to get WSL when it is missing', async () => {
    const calls: string[] = [];
    const listing = Buffer.from('  NAME   STATE   VERSION\r\n* berth  Stopped 2\r\n', 'utf16le');
    const b = new WslBackend({ home: fs.mkdtempSync(path.join(os.tmpdir(), 'berth-wsl-')), runner: async (c: WslCommand): Promise<WslRunResult> => {
      calls.push(c.args.join(' '));
      return { code: 0, stdout: listing, stderr: Buffer.alloc(0) };
    } });
    await b.init();
    expect(b.state().state).toBe('stopped');
    expect(calls).toEqual(['--list --verbose']);

    const none = new WslBackend({ runner: async () => ({ code: 1, stdout: Buffer.from('wsl: command not found'), stderr: Buffer.alloc(0) }) });
    await expect(none.init()).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringContaining('wsl --install') });

    const empty = new WslBackend({ runner: async () => ({ code: 1, stdout: Buffer.from('Windows Subsystem for Linux has no installed distributions.\r\n', 'utf16le'), stderr: Buffer.alloc(0) }) });
    await empty.init();
    expect(empty.state().state).toBe('absent');
  });

  it('stops with terminate and deletes with unregister', async () => {
    const calls: string[] = [];
    const listing = Buffer.from('  NAME   STATE   VERSION\n  berth  Running 2\n');
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-wsl-'));
    const b = new WslBackend({ home, runner: async (c) => {
      calls.push(c.args.join(' '));
      return { code: 0, stdout: listing, stderr: Buffer.alloc(0) };
    } });
    await b.init();
    await b.delete();
    expect(b.state().state).toBe('absent');
    expect(calls).toEqual(['--list --verbose', '--unregister berth']);
  });
});
