// A start with an aarch64 image runs the aarch64 machine: proven with a fake QEMU that records its arguments (no guest boots).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseAccel } from './accel.js';
import { QemuBackend } from './backend.js';

/** Answers --version as QEMU 7.2, records its argv, serves QMP, says the boot is done and then that there is no network. */
const FAKE_QEMU = `#!${process.execPath}
const fs = require('node:fs');
const net = require('node:net');
const args = process.argv.slice(2);
if (args[0] === '--version') {
  process.stdout.write('QEMU emulator version 7.2.22 (Debian)\\n');
  process.exit(0);
}
fs.writeFileSync(__filename + '.args.json', JSON.stringify(args));
const at = (flag) => args[args.indexOf(flag) + 1];
fs.writeFileSync(at('-pidfile'), String(process.pid));
const qmp = at('-qmp').replace(/^unix:/, '').split(',')[0];
net.createServer((s) => {
  s.write(JSON.stringify({ QMP: { version: {}, capabilities: [] } }) + '\\r\\n');
  s.on('data', (d) => {
    for (const line of String(d).split('\\n').filter(Boolean)) {
      const msg = JSON.parse(line);
      s.write(JSON.stringify({ return: {}, id: msg.id }) + '\\r\\n');
      if (msg.execute === 'quit') process.exit(0);
    }
  });
}).listen(qmp);
process.stdout.write('berth: stage boot done\\nberth: error: no network\\n');
setInterval(() => {}, 1000);
`;

function fakeImage(dir: string, arch: string | undefined): void {
  fs.mkdirSync(dir, { recursive: true });
  const entry = (file: string, content: string) => {
    fs.writeFileSync(path.join(dir, file), content);
    return { path: file, sha256: crypto.createHash('sha256').update(content).digest('hex'), size: Buffer.byteLength(content) };
  };
  const kernel = arch === 'aarch64' ? 'Image' : 'vmlinuz';
  const manifest = {
    name: 'berth-vm', version: `test-${arch ?? 'none'}`, recipeHash: 'test', kernelVersion: '6.1', dockerVersion: '20.10', ...(arch ? { arch } : {}),
    cmdline: arch === 'aarch64' ? 'console=ttyAMA0 root=/dev/nvme0n1' : 'console=ttyS0 root=/dev/nvme0n1',
    files: { kernel: entry(kernel, 'k'), rootDisk: { ...entry('root.img', 'root'), format: 'raw' }, rootfsTar: entry('rootfs.tar', 'tar') },
  };
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
}

const after = (args: string[], flag: string): string[] => args.flatMap((a, i) => (a === flag ? [args[i + 1] ?? ''] : []));

describe('starting a guest of each architecture', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-arch-start-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  async function start(name: string, arch: string | undefined, opts: { guestArch?: string } = {}): Promise<{ error: unknown; args: string[]; backend: QemuBackend }> {
    fakeImage(path.join(root, `${name}-image`), arch);
    const qemu = path.join(root, `${name}-qemu`);
    fs.writeFileSync(qemu, FAKE_QEMU, { mode: 0o755 });
    const env = { ...process.env, BERTH_QEMU: qemu, BERTH_VM_ARCH: '' };
    const backend = new QemuBackend({ home: path.join(root, name), name, env, accel: 'tcg', imageDir: path.join(root, `${name}-image`), stageTimeoutsMs: { boot: 3000, network: 3000 }, ...opts });
    const error = await backend.start({ cpus: 1, memoryMiB: 512, diskGiB: 1 }).then(() => undefined, (e: unknown) => e);
    const file = `${qemu}.args.json`;
    return { error, args: fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as string[]) : [], backend };
  }

  it('an aarch64 image boots on virt with the PL011 console, QEMU named in the status', async () => {
    const r = await start('arm', 'aarch64');
    expect(r.error).toMatchObject({ message: expect.stringContaining('no network') as unknown });
    expect(after(r.args, '-machine')).toEqual(['virt,gic-version=max']);
    expect(after(r.args, '-cpu')).toEqual(['max,pauth-impdef=on']);
    expect(after(r.args, '-append')[0]).toMatch(/^console=ttyAMA0 /);
    expect(path.basename(after(r.args, '-kernel')[0] ?? '')).toBe('Image');
    expect(r.args).not.toContain('-bios');
    const st = r.backend.state();
    expect(st.guestArch).toBe('aarch64');
    expect(st.emulator).toMatchObject({ source: 'set by BERTH_QEMU', version: '7.2.22' });
  }, 20_000);

  it('an image without an arch is x86_64: q35, as before', async () => {
    const r = await start('x86', undefined);
    expect(after(r.args, '-machine')).toEqual(['q35']);
    expect(after(r.args, '-cpu')).toEqual(['max']);
    expect(r.backend.state().guestArch).toBe('x86_64');
  }, 20_000);

  it('an explicit guestArch that the image is not is refused before QEMU runs', async () => {
    const r = await start('mismatch', 'aarch64', { guestArch: 'amd64' });
    expect(r.error).toMatchObject({ code: 'VM_ERROR', message: expect.stringMatching(/is aarch64, but an x86_64 guest was asked for/) as unknown });
    expect(r.args).toEqual([]);
  }, 20_000);

  it('a guest of another architecture than the host is emulated, and the status says why', async () => {
    const c = await chooseAccel({ qemu: '/none', kernel: '/k', platform: 'darwin', hostArch: 'arm64', arch: 'x86_64' });
    expect(c).toEqual({ accel: 'tcg', note: 'the guest is x86_64 and this host is aarch64: emulated with TCG (much slower)' });
  });
});
