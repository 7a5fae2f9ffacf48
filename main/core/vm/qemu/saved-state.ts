// The VM saved across QEMU processes: a persistent root overlay, QEMU's migration stream in a file, and what made it.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { BerthError } from '../../../../app/errors.js';
import { withTimeout } from '../../../../app/timeout.js';
import { shortSocketPath, type VmPaths } from '../paths.js';
import type { QmpClient } from './qmp.js';

/**
 * Everything a saved state must share with the QEMU that loads it: the guest's memory holds the kernel it booted, the
 * devices QEMU gave it, the disks as they were. Any field that differs means a cold boot.
 */
export interface SavedMachine {
  image: string;
  kernel: string;
  rootDisk: string;
  arch: string;
  qemu: string;
  qemuVersion: string;
  accel: string;
  cpus: number;
  memoryMiB: number;
  diskGiB: number;
  shares: string;
  network: string;
}

/** The machine a start is about to run, in the fields a saved state must match. */
export function savedMachine(o: {
  img: { manifest: { version: string }; kernel: string; rootDisk: string; arch?: string };
  qemu: string;
  qemuVersion: string | undefined;
  accel: string;
  settings: { cpus: number; memoryMiB: number; diskGiB: number; shares?: string[] | undefined };
  network: string;
}): SavedMachine {
  return {
    image: o.img.manifest.version,
    kernel: o.img.kernel,
    rootDisk: o.img.rootDisk,
    arch: o.img.arch ?? 'x86_64',
    qemu: o.qemu,
    qemuVersion: o.qemuVersion ?? 'unknown',
    accel: o.accel,
    cpus: o.settings.cpus,
    memoryMiB: o.settings.memoryMiB,
    diskGiB: o.settings.diskGiB,
    shares: (o.settings.shares ?? []).join(':'),
    network: o.network,
  };
}

/** How a field's difference reads in "saved by …" (the reason a cold boot gives). */
const FIELD_WORDS: Record<keyof SavedMachine, string> = {
  image: 'another VM image',
  kernel: 'another guest kernel',
  rootDisk: 'another root disk',
  arch: 'another guest architecture',
  qemu: 'another QEMU program',
  qemuVersion: 'another QEMU version',
  accel: 'another accelerator',
  cpus: 'another CPU count',
  memoryMiB: 'another memory size',
  diskGiB: 'another disk size',
  shares: 'other shared folders',
  network: 'another network mode',
};

const FileStamp = z.object({ size: z.number(), mtimeMs: z.number() });
type FileStamp = z.infer<typeof FileStamp>;

export const SavedStateMeta = z.object({
  version: z.literal(1),
  machine: z.record(z.string(), z.union([z.string(), z.number()])),
  savedAt: z.number(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The disks as QEMU left them: a disk written since (by anything) no longer matches the guest's memory. */
  disks: z.object({ data: FileStamp, overlay: FileStamp }),
  saveMs: z.number().nonnegative(),
});
export type SavedStateMeta = z.infer<typeof SavedStateMeta>;

export type SavedCheck = { usable: true; meta: SavedStateMeta } | { usable: false; reason?: string };

async function stamp(file: string): Promise<FileStamp | undefined> {
  const st = await fs.stat(file).catch(() => undefined);
  return st ? { size: st.size, mtimeMs: st.mtimeMs } : undefined;
}

function sameStamp(a: FileStamp | undefined, b: FileStamp): boolean {
  return a !== undefined && a.size === b.size && Math.abs(a.mtimeMs - b.mtimeMs) < 1;
}

/** The first field in which `saved` and `now` differ, in words; undefined when they are the same machine. */
export function machineDifference(saved: Record<string, string | number>, now: SavedMachine): string | undefined {
  for (const k of Object.keys(FIELD_WORDS) as (keyof SavedMachine)[]) {
    if (saved[k] !== now[k]) return `it was saved with ${FIELD_WORDS[k]} (${String(saved[k] ?? 'unknown')} then, ${String(now[k])} now)`;
  }
  return undefined;
}

/**
 * Whether the saved state can resume on this machine. No state at all is `usable: false` without a reason (a plain
 * cold boot); anything else refused says why, in words for the log and the window.
 */
export async function checkSaved(paths: VmPaths, now: SavedMachine): Promise<SavedCheck> {
  const raw = await fs.readFile(paths.savedStateMeta, 'utf8').catch(() => undefined);
  if (raw === undefined) {
    return existsSync(paths.savedState) ? { usable: false, reason: 'the saved state has no record of what made it (the save did not finish)' } : { usable: false };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { usable: false, reason: 'the record of the saved state is damaged' };
  }
  const r = SavedStateMeta.safeParse(parsed);
  if (!r.success) return { usable: false, reason: 'the record of the saved state is damaged' };
  const meta = r.data;
  const diff = machineDifference(meta.machine, now);
  if (diff) return { usable: false, reason: diff };
  const st = await stamp(paths.savedState);
  if (!st) return { usable: false, reason: 'the saved state file is missing' };
  if (st.size !== meta.bytes) return { usable: false, reason: `the saved state file is damaged (${st.size} bytes, ${meta.bytes} were written)` };
  if (!sameStamp(await stamp(paths.dataDisk), meta.disks.data)) return { usable: false, reason: 'the data disk changed after the state was saved' };
  if (!sameStamp(await stamp(paths.rootOverlay), meta.disks.overlay)) return { usable: false, reason: 'the root disk overlay changed or is missing' };
  // Its checksum is checked while QEMU loads it (loadFromFile): one read of the file, not two.
  return { usable: true, meta };
}

/** Drops the saved state (and its record first, so a half-removed one is never trusted). */
export async function discardSavedState(paths: VmPaths): Promise<void> {
  await fs.rm(paths.savedStateMeta, { force: true });
  await fs.rm(paths.savedState, { force: true });
  await fs.rm(`${paths.savedState}.part`, { force: true });
}

/** qemu-img beside the qemu-system program (Homebrew, the bundled one, Debian), else on PATH; undefined when none. */
export function findQemuImg(qemu: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const exe = process.platform === 'win32' ? 'qemu-img.exe' : 'qemu-img';
  const dirs = [path.dirname(qemu), ...(env['PATH'] ?? '').split(path.delimiter).filter(Boolean)];
  for (const d of dirs) {
    const f = path.join(d, exe);
    if (existsSync(f)) return f;
  }
  return undefined;
}

/** A fresh overlay over the image's root disk (the guest's root starts as the image made it, as with snapshot=on). */
export async function freshOverlay(qemuImg: string, paths: VmPaths, rootDisk: { file: string; format: string }): Promise<void> {
  await fs.rm(paths.rootOverlay, { force: true });
  await new Promise<void>((resolve, reject) => {
    execFile(qemuImg, ['create', '-q', '-f', 'qcow2', '-F', rootDisk.format, '-b', path.resolve(rootDisk.file), paths.rootOverlay], { timeout: 30_000 }, (err, _out, stderr) => {
      if (err) reject(new BerthError('VM_ERROR', `qemu-img could not make the root disk's overlay: ${stderr.trim() || err.message}`));
      else resolve();
    });
  });
  await fs.chmod(paths.rootOverlay, 0o600);
}

interface MigrateStatus {
  status?: string;
  'error-desc'?: string;
}

async function waitMigration(qmp: QmpClient, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = (await qmp.execute('query-migrate')) as MigrateStatus;
    if (s.status === 'completed') return;
    if (s.status === 'failed' || s.status === 'cancelled') throw new BerthError('VM_ERROR', `QEMU could not ${what}: ${s['error-desc'] ?? s.status}`);
    if (Date.now() > deadline) {
      await qmp.execute('migrate_cancel').catch(() => undefined);
      throw new BerthError('TIMEOUT', `QEMU did not ${what} within ${Math.round(timeoutMs / 1000)} s.`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A fresh unix socket path for one migration stream (short enough for sun_path, in the VM's own 0700 folder when it fits). */
function streamSocket(paths: VmPaths): string {
  return shortSocketPath(path.join(paths.dir, 'migrate.sock'), `berth-migrate-${path.basename(paths.dir)}`);
}

/**
 * Writes the paused guest's whole state to `<savedState>.part`: QEMU streams it to a socket Berth listens on, and
 * Berth writes the file and its checksum as the bytes pass (QEMU flushes the disks when it completes). The caller quits
 * QEMU and then calls recordSaved; until then there is no record, so nothing resumes from a half-written file.
 */
export async function migrateToFile(qmp: QmpClient, paths: VmPaths, timeoutMs = 120_000): Promise<SavedStream> {
  const t0 = Date.now();
  await discardSavedState(paths);
  const sock = streamSocket(paths);
  await fs.rm(sock, { force: true });
  const hash = createHash('sha256');
  let bytes = 0;
  const server = net.createServer();
  const written = new Promise<void>((resolve, reject) => {
    server.once('connection', (conn) => {
      server.close();
      const out = createWriteStream(`${paths.savedState}.part`, { mode: 0o600 });
      conn.on('data', (d: Buffer) => {
        bytes += d.length;
        hash.update(d);
      });
      pipeline(conn, out).then(resolve, reject);
    });
    server.once('error', reject);
  });
  // Awaited only once QEMU says it is done: a failure before that (QEMU gone mid-save) must not go unhandled meanwhile.
  written.catch(() => undefined);
  await new Promise<void>((resolve, reject) => server.listen(sock, resolve).once('error', reject));
  try {
    await fs.chmod(sock, 0o600);
    // The default bandwidth cap (128 MiB/s) is for links between hosts; a local file takes what the disk gives.
    await qmp.execute('migrate-set-parameters', { 'max-bandwidth': 64 * 1024 ** 3 });
    await qmp.execute('migrate', { uri: `unix:${sock}` });
    await waitMigration(qmp, timeoutMs, 'save the VM');
    await withTimeout(written, 30_000, () => new BerthError('TIMEOUT', 'Writing the saved state took over 30 s.'));
  } finally {
    server.close();
    await fs.rm(sock, { force: true });
  }
  return { bytes, sha256: hash.digest('hex'), ms: Date.now() - t0 };
}

export interface SavedStream {
  bytes: number;
  sha256: string;
  ms: number;
}


/** After QEMU has exited: the stream becomes the saved state, the disks are stamped, and the record is written last. */
export async function recordSaved(paths: VmPaths, machine: SavedMachine, stream: SavedStream): Promise<SavedStateMeta> {
  await fs.rename(`${paths.savedState}.part`, paths.savedState);
  const [data, overlay] = await Promise.all([stamp(paths.dataDisk), stamp(paths.rootOverlay)]);
  if (!data || !overlay) throw new BerthError('VM_ERROR', 'A disk went missing while the VM was being saved.');
  const meta: SavedStateMeta = { version: 1, machine: { ...machine }, savedAt: Date.now(), bytes: stream.bytes, sha256: stream.sha256, disks: { data, overlay }, saveMs: stream.ms };
  await fs.writeFile(paths.savedStateMeta, `${JSON.stringify(meta, null, 2)}\n`, { mode: 0o600 });
  return meta;
}

/**
 * Loads the saved state into a QEMU started with `-S -incoming defer`: Berth streams the file into QEMU's socket,
 * checking its sha256 as it goes. The guest stays paused (it never runs on a state whose checksum failed).
 */
export async function loadFromFile(qmp: QmpClient, paths: VmPaths, meta: SavedStateMeta, timeoutMs = 120_000): Promise<void> {
  const sock = streamSocket(paths);
  await fs.rm(sock, { force: true });
  await qmp.execute('migrate-incoming', { uri: `unix:${sock}` });
  const conn = await connectWhenListening(sock, 10_000);
  const hash = createHash('sha256');
  const file = createReadStream(paths.savedState, { highWaterMark: 1 << 20 });
  file.on('data', (d) => hash.update(d as Buffer));
  const sent = pipeline(file, conn).catch((e: unknown) => {
    throw new BerthError('VM_ERROR', `Streaming the saved state into QEMU failed: ${e instanceof Error ? e.message : String(e)}`);
  });
  await Promise.all([sent, waitMigration(qmp, timeoutMs, 'load the saved VM')]);
  await fs.rm(sock, { force: true });
  if (hash.digest('hex') !== meta.sha256) throw new BerthError('VM_ERROR', 'the saved state file is damaged (its checksum does not match)');
}

async function connectWhenListening(sock: string, timeoutMs: number): Promise<net.Socket> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await new Promise<net.Socket>((resolve, reject) => {
        const c = net.connect(sock, () => resolve(c));
        c.once('error', reject);
      });
    } catch (e) {
      if (Date.now() > deadline) throw new BerthError('VM_ERROR', `QEMU did not open its socket for the saved state: ${e instanceof Error ? e.message : String(e)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
