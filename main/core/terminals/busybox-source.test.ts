import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { busyboxFor } from './busybox-source.js';

const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.from('rest of a static program')]);
type Ctx = Parameters<typeof busyboxFor>[0];
const ctxOf = (kind: string, o: { exec?: (c: string) => unknown; arch?: string } = {}): Ctx =>
  ({
    conn: { endpoint: { kind, label: kind, address: '/x' } },
    docker: { info: async () => ({ Architecture: o.arch ?? 'x86_64' }) },
    ...(o.exec ? { vm: { exec: async (c: string) => o.exec?.(c) } } : {}),
  }) as unknown as Ctx;

describe('the busybox lent to a shell-less container', () => {
  const saved = process.env['BERTH_BUSYBOX'];
  afterEach(() => {
    if (saved === undefined) delete process.env['BERTH_BUSYBOX'];
    else process.env['BERTH_BUSYBOX'] = saved;
  });

  it("comes from the Berth VM itself on the VM engine (the guest architecture's busybox-static)", async () => {
    const asked: string[] = [];
    const ctx = ctxOf('vm', { exec: (c) => (asked.push(c), { code: 0, stdout: `${ELF.toString('base64')}\n`, stderr: '' }), arch: 'aarch64' });
    const b = await busyboxFor(ctx, { platform: 'darwin', arch: 'arm64' });
    expect(b.bytes.equals(ELF)).toBe(true);
    expect(b.from).toBe("the Berth VM's /bin/busybox");
    expect(asked).toEqual(['base64 -w0 /bin/busybox']);
  });

  it('says so when the VM has none, instead of lending garbage', async () => {
    const missing = ctxOf('vm', { exec: () => ({ code: 1, stdout: '', stderr: 'base64: /bin/busybox: No such file or directory' }) });
    await expect(busyboxFor(missing, { platform: 'darwin', arch: 'arm64' })).rejects.toThrow(/the Berth VM has no static busybox to lend it \(base64: \/bin\/busybox: No such file/);
    const notElf = ctxOf('vm', { exec: () => ({ code: 0, stdout: Buffer.from('#!/bin/sh').toString('base64'), stderr: '' }) });
    await expect(busyboxFor(notElf, { platform: 'darwin', arch: 'arm64' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it("lends the host's own only to an engine of the same architecture, from a Linux host", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bb-'));
    fs.writeFileSync(path.join(dir, 'busybox'), ELF);
    process.env['BERTH_BUSYBOX'] = path.join(dir, 'busybox');
    try {
      const same = await busyboxFor(ctxOf('socket', { arch: 'x86_64' }), { platform: 'linux', arch: 'x64' });
      expect(same).toEqual({ bytes: ELF, from: path.join(dir, 'busybox') });
      expect((await busyboxFor(ctxOf('ssh', { arch: 'aarch64' }), { platform: 'linux', arch: 'arm64' })).bytes.equals(ELF)).toBe(true);
      await expect(busyboxFor(ctxOf('ssh', { arch: 'aarch64' }), { platform: 'linux', arch: 'x64' })).rejects.toThrow(/no static busybox that runs on this engine \(aarch64\): this linux\/x64 machine's own would not start there/);
      await expect(busyboxFor(ctxOf('tcp', { arch: 'x86_64' }), { platform: 'darwin', arch: 'x64' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
      await expect(busyboxFor(ctxOf('pipe', { arch: 'x86_64' }), { platform: 'win32', arch: 'x64' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
