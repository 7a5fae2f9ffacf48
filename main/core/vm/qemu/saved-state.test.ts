import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { vmPaths } from '../paths.js';
import type { QmpClient } from './qmp.js';
import { checkSaved, discardSavedState, findQemuImg, loadFromFile, machineDifference, migrateToFile, recordSaved, savedMachine, type SavedMachine } from './saved-state.js';

const machine: SavedMachine = savedMachine({
  img: { manifest: { version: '0.9.1' }, kernel: '/img/vmlinuz', rootDisk: '/img/root.img', arch: 'x86_64' },
  qemu: '/usr/bin/qemu-system-x86_64',
  qemuVersion: '7.2.22',
  accel: 'tcg',
  settings: { cpus: 2, memoryMiB: 1024, diskGiB: 8, shares: ['/home/ana'] },
  network: 'nat',
});

/** A VM folder with disks and a saved state recorded for `machine`. */
async function savedVm(): Promise<ReturnType<typeof vmPaths>> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-saved-'));
  const paths = vmPaths('default', home);
  fs.mkdirSync(paths.dir, { recursive: true });
  fs.writeFileSync(paths.dataDisk, 'data');
  fs.writeFileSync(paths.rootOverlay, 'overlay');
  fs.writeFileSync(`${paths.savedState}.part`, 'state-bytes');
  await recordSaved(paths, machine, { bytes: 11, sha256: 'a'.repeat(64), ms: 5 });
  return paths;
}

describe('saved state', () => {
  it('names the first thing that differs from the machine that saved it', () => {
    expect(machineDifference({ ...machine }, machine)).toBeUndefined();
    expect(machineDifference({ ...machine, image: '0.9.0' }, machine)).toBe('it was saved with another VM image (0.9.0 then, 0.9.1 now)');
    expect(machineDifference({ ...machine, memoryMiB: 2048 }, machine)).toContain('another memory size (2048 then, 1024 now)');
    expect(machineDifference({ ...machine, qemuVersion: '8.2.2' }, machine)).toContain('another QEMU version');
    expect(machineDifference({ ...machine, shares: '' }, machine)).toContain('other shared folders');
    expect(machineDifference({}, machine)).toContain('unknown then');
  });

  it('is usable only as it was recorded, and says why otherwise', async () => {
    const paths = await savedVm();
    expect(await checkSaved(paths, machine)).toMatchObject({ usable: true, meta: { bytes: 11, saveMs: 5 } });
    expect(await checkSaved(paths, { ...machine, accel: 'kvm' })).toEqual({ usable: false, reason: 'it was saved with another accelerator (tcg then, kvm now)' });

    fs.appendFileSync(paths.savedState, 'x');
    expect(await checkSaved(paths, machine)).toEqual({ usable: false, reason: 'the saved state file is damaged (12 bytes, 11 were written)' });
    fs.writeFileSync(paths.savedState, 'state-bytes');

    const t = new Date(Date.now() + 5000);
    fs.utimesSync(paths.dataDisk, t, t);
    expect(await checkSaved(paths, machine)).toEqual({ usable: false, reason: 'the data disk changed after the state was saved' });
  });

  it('refuses a damaged or missing record, and an overlay that changed', async () => {
    const paths = await savedVm();
    fs.rmSync(paths.rootOverlay);
    expect(await checkSaved(paths, machine)).toEqual({ usable: false, reason: 'the root disk overlay changed or is missing' });
    fs.writeFileSync(paths.savedStateMeta, '{not json');
    expect((await checkSaved(paths, machine)).usable).toBe(false);
    expect(await checkSaved(paths, machine)).toEqual({ usable: false, reason: 'the record of the saved state is damaged' });
    fs.writeFileSync(paths.savedStateMeta, JSON.stringify({ version: 2 }));
    expect(await checkSaved(paths, machine)).toEqual({ usable: false, reason: 'the record of the saved state is damaged' });
    fs.rmSync(paths.savedStateMeta);
    expect(await checkSaved(paths, machine)).toEqual({ usable: false, reason: 'the saved state has no record of what made it (the save did not finish)' });
    await discardSavedState(paths);
    expect(await checkSaved(paths, machine)).toEqual({ usable: false });
    expect(fs.existsSync(paths.savedState)).toBe(false);
  });

  it('finds qemu-img beside QEMU first, then on PATH', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-qimg-'));
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-qimg-'));
    fs.writeFileSync(path.join(other, 'qemu-img'), '');
    expect(findQemuImg(path.join(dir, 'qemu-system-x86_64'), { PATH: other })).toBe(path.join(other, 'qemu-img'));
    fs.writeFileSync(path.join(dir, 'qemu-img'), '');
    expect(findQemuImg(path.join(dir, 'qemu-system-x86_64'), { PATH: other })).toBe(path.join(dir, 'qemu-img'));
    expect(findQemuImg('/nowhere/qemu-system-x86_64', { PATH: '' })).toBeUndefined();
  });
});

/** A QMP stand-in that plays QEMU's side of `migrate` and `migrate-incoming` over unix sockets. */
function fakeQmp(payload: Buffer) {
  let status = 'active';
  let received = Buffer.alloc(0);
  const servers: net.Server[] = [];
  const qmp = {
    received: () => received,
    close: () => servers.forEach((s) => s.close()),
    async execute(cmd: string, args?: Record<string, unknown>): Promise<unknown> {
      const uri = String(args?.['uri'] ?? '');
      if (cmd === 'migrate') {
        const c = net.connect(uri.replace(/^unix:/, ''), () => c.end(payload));
        c.on('close', () => (status = 'completed'));
      } else if (cmd === 'migrate-incoming') {
        const srv = net.createServer((conn) => {
          const parts: Buffer[] = [];
          conn.on('data', (d: Buffer) => parts.push(d));
          conn.on('end', () => {
            received = Buffer.concat(parts);
            status = 'completed';
          });
        });
        servers.push(srv);
        await new Promise<void>((r) => srv.listen(uri.replace(/^unix:/, ''), r));
      } else if (cmd === 'query-migrate') {
        return { status };
      }
      return {};
    },
  };
  return qmp;
}

describe('the migration stream through Berth', () => {
  it('saves what QEMU streams with its checksum, and streams it back into a QEMU waiting for it', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-mig-'));
    const paths = vmPaths('default', home);
    fs.mkdirSync(paths.dir, { recursive: true });
    fs.writeFileSync(paths.dataDisk, 'data');
    fs.writeFileSync(paths.rootOverlay, 'overlay');
    const payload = crypto.randomBytes(3 * 1024 * 1024 + 17);
    const src = fakeQmp(payload);
    const stream = await migrateToFile(src as unknown as QmpClient, paths);
    expect(stream.bytes).toBe(payload.length);
    expect(stream.sha256).toBe(crypto.createHash('sha256').update(payload).digest('hex'));
    const meta = await recordSaved(paths, machine, stream);
    expect((fs.statSync(paths.savedState).mode & 0o777).toString(8)).toBe('600');
    expect(await checkSaved(paths, machine)).toMatchObject({ usable: true });

    const dst = fakeQmp(Buffer.alloc(0));
    await loadFromFile(dst as unknown as QmpClient, paths, meta);
    expect(dst.received().equals(payload)).toBe(true);
    dst.close();

    // A file changed after the record (same size): the load refuses it on the checksum. The byte written always
    // differs from the one there (a fixed 'X' matched the random payload one run in 256).
    const fd = fs.openSync(paths.savedState, 'r+');
    fs.writeSync(fd, Buffer.from([(payload[1000] ?? 0) ^ 0xff]), 0, 1, 1000);
    fs.closeSync(fd);
    const again = fakeQmp(Buffer.alloc(0));
    await expect(loadFromFile(again as unknown as QmpClient, paths, meta)).rejects.toThrow('checksum does not match');
    again.close();
  });
});
