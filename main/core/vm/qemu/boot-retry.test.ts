// A guest that never boots gets exactly one more QEMU before the start fails; proven with a fake QEMU binary.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QemuBackend } from './backend.js';

/** A stand-in for qemu-system-x86_64: serves QMP, counts launches, prints what its <binary>.json lists for that launch. */
const FAKE_QEMU = `#!${process.execPath}
const fs = require('node:fs');
const net = require('node:net');
const args = process.argv.slice(2);
if (args[0] === '--version') {
  process.stdout.write('QEMU emulator version 7.2.0\\n');
  process.exit(0);
}
const at = (flag) => args[args.indexOf(flag) + 1];
fs.writeFileSync(at('-pidfile'), String(process.pid));
const conf = JSON.parse(fs.readFileSync(__filename + '.json', 'utf8'));
const countFile = conf.countFile;
const n = (fs.existsSync(countFile) ? Number(fs.readFileSync(countFile, 'utf8')) : 0) + 1;
fs.writeFileSync(countFile, String(n));
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
const script = conf.script[n - 1] ?? [];
for (const l of script) process.stdout.write(l + '\\n');
setInterval(() => {}, 1000);
`;

function fakeImage(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const entry = (file: string, content: string) => {
    fs.writeFileSync(path.join(dir, file), content);
    return { path: file, sha256: crypto.createHash('sha256').update(content).digest('hex'), size: Buffer.byteLength(content) };
  };
  const manifest = {
    name: 'berth-vm', version: 'test', recipeHash: 'test', kernelVersion: '6.1', dockerVersion: '20.10', arch: 'x86_64', cmdline: 'console=ttyS0',
    files: { kernel: entry('vmlinuz', 'k'), rootDisk: { ...entry('root.img', 'root'), format: 'raw' }, rootfsTar: entry('rootfs.tar', 'tar') },
  };
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
}

describe('QEMU boot retry', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-boot-retry-'));
  fakeImage(path.join(root, 'image'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  async function start(name: string, script: string[][]): Promise<{ error: unknown; launches: number; backend: QemuBackend }> {
    const countFile = path.join(root, `${name}.count`);
    const qemu = path.join(root, `${name}-qemu`);
    fs.writeFileSync(qemu, FAKE_QEMU, { mode: 0o755 });
    fs.writeFileSync(`${qemu}.json`, JSON.stringify({ countFile, script }));
    const env = { ...process.env, BERTH_QEMU: qemu };
    const backend = new QemuBackend({ home: path.join(root, name), name, env, accel: 'tcg', imageDir: path.join(root, 'image'), stageTimeoutsMs: { boot: 1500, network: 1500 } });
    const settings = { cpus: 1, memoryMiB: 512, diskGiB: 1 };
    const error = await backend.start(settings as never).then(() => undefined, (e: unknown) => e);
    return { error, launches: Number(fs.readFileSync(countFile, 'utf8')), backend };
  }

  it('starts QEMU again when the first guest prints nothing, and goes on with the second', async () => {
    const r = await start('hang-once', [[], ['berth: stage boot done', 'berth: error: no network']]);
    expect(r.launches).toBe(2);
    // The boot stage passed on the second QEMU; the start then failed where the fake said so.
    expect(r.error).toMatchObject({ message: expect.stringContaining('no network') as unknown });
    expect(r.backend.state().stages.find((s) => s.stage === 'boot')?.status).toBe('done');
  }, 20_000);

  it('fails with the boot stage and the console after the second QEMU hangs too', async () => {
    const r = await start('hang-twice', [['early kernel line'], ['second kernel line']]);
    expect(r.launches).toBe(2);
    expect(r.error).toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('stage boot done') as unknown });
    const st = r.backend.state();
    expect(st.state).toBe('error');
    expect(st.error?.consoleTail?.join('\n')).toContain('second kernel line');
  }, 20_000);
});
