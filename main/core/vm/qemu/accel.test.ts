import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseAccel, clearAccelCache, probeAccel, probeArgs } from './accel.js';

describe('accelerator probe', () => {
  it('boots the real kernel with no disks so it panics (or hangs) at once', () => {
    const a = probeArgs('kvm', '/img/vmlinuz', '/qboot.rom');
    expect(a.slice(0, 2)).toEqual(['-accel', 'kvm']);
    expect(a).toContain('-no-reboot');
    expect(a[a.indexOf('-append') + 1]).toContain('panic=-1');
    expect(a).not.toContain('-drive');
  });

  it('times out a hanging accelerator and falls back to TCG with a reason, remembered across runs', async () => {
    clearAccelCache();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-accel-'));
    // A "QEMU" that never prints the kernel banner: like KVM hanging on this machine.
    const fake = path.join(dir, 'qemu-hangs');
    fs.writeFileSync(fake, '#!/bin/sh\nsleep 30\n', { mode: 0o755 });
    const r = await probeAccel(fake, 'kvm', '/img/vmlinuz', 300);
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/did not start within/);
    const cacheFile = path.join(dir, 'accel.json');
    const choice = await chooseAccel({ qemu: fake, kernel: '/img/vmlinuz', timeoutMs: 300, platform: 'darwin', cacheFile });
    expect(choice.accel).toBe('tcg');
    expect(choice.note).toMatch(/HVF unusable/);
    clearAccelCache();
    const t0 = Date.now();
    expect((await chooseAccel({ qemu: fake, kernel: '/img/vmlinuz', timeoutMs: 5000, platform: 'darwin', cacheFile })).accel).toBe('tcg');
    // The remembered choice is read, not probed again: a probe would wait out its 5 s timeout.
    expect(Date.now() - t0).toBeLessThan(4000);
  });

  it('accepts an accelerator whose guest prints the kernel banner', async () => {
    clearAccelCache();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-accel-'));
    const fake = path.join(dir, 'qemu-ok');
    fs.writeFileSync(fake, '#!/bin/sh\necho "[    0.000000] Linux version 6.1.0"\nsleep 30\n', { mode: 0o755 });
    const c = await chooseAccel({ qemu: fake, kernel: '/img/vmlinuz', timeoutMs: 3000, platform: 'darwin' });
    expect(c.accel).toBe('hvf');
    expect(c.note).toBeUndefined();
  });

  it('uses TCG without probing where no accelerator exists, or when forced', async () => {
    expect((await chooseAccel({ qemu: '/none', kernel: '/k', platform: 'freebsd' })).accel).toBe('tcg');
    expect((await chooseAccel({ qemu: '/none', kernel: '/k', forced: 'tcg' })).note).toMatch(/forced/);
  });
});
