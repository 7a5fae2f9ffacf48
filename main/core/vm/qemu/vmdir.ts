// The QEMU VM's directory: metadata, the sparse data disk (grown, never shrunk), fw_cfg files, stale QEMU clean-up.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { BerthError } from '../../../../app/errors.js';
import { ensurePrivateDir, type VmPaths } from '../paths.js';
import { ensureKeys } from '../keys.js';
import type { VmSettings } from '../../../../app/vm.js';
import type { GuestArch } from '../arch.js';
import { findImage, loadImage, verifyImage, type VmImage } from '../image.js';
import { createLogger } from '../../log.js';

const log = createLogger('vm.qemu.dir');

export const VmMeta = z.object({
  backend: z.literal('qemu'),
  createdAt: z.string(),
  imageDir: z.string(),
  imageVersion: z.string(),
  /** The guest's architecture (absent: written before arm64 guests existed, so x86_64). */
  arch: z.string().optional(),
});
export type VmMeta = z.infer<typeof VmMeta>;

export async function readMeta(paths: VmPaths): Promise<VmMeta | undefined> {
  const raw = await fs.readFile(paths.meta, 'utf8').catch(() => undefined);
  if (raw === undefined) return undefined;
  const r = VmMeta.safeParse(JSON.parse(raw));
  return r.success ? r.data : undefined;
}

export async function writeMeta(paths: VmPaths, meta: VmMeta): Promise<void> {
  await fs.writeFile(paths.meta, `${JSON.stringify(meta, null, 2)}\n`, { mode: 0o600 });
}

const GiB = 1024 ** 3;

/**
 * Makes the data disk a sparse file of `sizeGiB` (the guest formats it ext4 on first boot), or grows it
 * (the guest grows the filesystem at boot). Shrinking would destroy data, so a smaller size is ignored.
 */
export async function ensureDataDisk(file: string, sizeGiB: number): Promise<{ sizeGiB: number; grown: boolean }> {
  const want = sizeGiB * GiB;
  const st = await fs.stat(file).catch(() => undefined);
  if (!st) {
    const fh = await fs.open(file, 'wx', 0o600);
    try {
      await fh.truncate(want);
    } finally {
      await fh.close();
    }
    log.info('created data disk', { file, sizeGiB });
    return { sizeGiB, grown: false };
  }
  if (st.size < want) {
    await fs.truncate(file, want);
    log.info('grew data disk', { from: st.size / GiB, to: sizeGiB });
    return { sizeGiB, grown: true };
  }
  if (st.size > want) log.warn('data disk is larger than the setting; disks never shrink', { sizeGiB: st.size / GiB });
  return { sizeGiB: st.size / GiB, grown: false };
}

/** A free TCP port on 127.0.0.1 (QEMU binds it a moment later; a lost race shows up as a QEMU error and a retry). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => (port ? resolve(port) : reject(new BerthError('INTERNAL', 'No free loopback port.'))));
    });
  });
}

/** How killStale looks at a process: its arguments, whether it lives, and the kill itself (fakes in tests). */
export interface ProcessProbe {
  /** The process's argv, or undefined when it cannot be read (gone, or no way to read it here). */
  argv(pid: number): Promise<string[] | undefined>;
  alive(pid: number): boolean;
  kill(pid: number, signal: NodeJS.Signals): void;
}

/** Linux: /proc/<pid>/cmdline (NUL-separated argv); `readFile` is injectable so tests can fake /proc. */
export function procArgv(readFile: (file: string) => Promise<string> = (f) => fs.readFile(f, 'utf8')): (pid: number) => Promise<string[] | undefined> {
  return async (pid) => {
    const raw = await readFile(`/proc/${pid}/cmdline`).catch(() => '');
    const argv = raw.split('\0');
    if (argv.at(-1) === '') argv.pop();
    return argv.length > 0 ? argv : undefined;
  };
}

/** macOS (no /proc): `ps -o command=`, split on spaces (a path with a space then fails the check: nothing is killed). */
function psArgv(pid: number): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    execFile('/bin/ps', ['-ww', '-o', 'command=', '-p', String(pid)], { timeout: 5000 }, (err, stdout) => {
      const line = err ? '' : stdout.trim();
      resolve(line ? line.split(/\s+/) : undefined);
    });
  });
}

export function defaultProbe(platform: NodeJS.Platform = process.platform): ProcessProbe {
  return {
    argv: platform === 'linux' ? procArgv() : platform === 'darwin' ? psArgv : async () => undefined,
    alive: (pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    },
    kill: (pid, signal) => process.kill(pid, signal),
  };
}

/**
 * True when `argv` is a QEMU system emulator (the VM's own binary when known, else any `qemu-system-*`) whose
 * `-drive` opens this VM's data disk (QEMU's option syntax doubles commas in a path).
 */
export function isOurQemu(argv: readonly string[], want: { dataDisk: string; binary?: string | undefined }): boolean {
  const exe = argv[0];
  if (!exe) return false;
  const name = path.basename(exe.replace(/\\/g, '/'));
  const binaryOk = want.binary !== undefined ? exe === want.binary || name === path.basename(want.binary) : /^qemu-system-[a-z0-9_]+(\.exe)?$/i.test(name);
  if (!binaryOk) return false;
  const drive = `file=${want.dataDisk.replace(/,/g, ',,')}`;
  return argv.slice(1).some((a) => a === want.dataDisk || a.includes(`${drive},`) || a.endsWith(drive));
}

/**
 * Kills a QEMU left running by an earlier Berth process that died (it would hold the data disk's lock) — only
 * when the pid file's process is that QEMU: its argv is the QEMU binary (`opts.binary` when the caller knows it)
 * with this VM's data disk (`dataDisk`). A recycled pid, or a process whose arguments cannot be read, is left alone.
 */
export async function killStale(pidFile: string, dataDisk: string, opts: { binary?: string; probe?: ProcessProbe } = {}): Promise<void> {
  const probe = opts.probe ?? defaultProbe();
  const pid = Number((await fs.readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(pid) && pid > 1 && probe.alive(pid)) {
    const argv = await probe.argv(pid);
    if (argv && isOurQemu(argv, { dataDisk, binary: opts.binary })) {
      log.warn('stopping a QEMU left over from an earlier run', { pid });
      probe.kill(pid, 'SIGKILL');
      for (let i = 0; i < 50 && probe.alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    } else {
      log.warn('the QEMU pid file names another program (a reused pid?); it is left running', { pid, program: argv?.[0] ?? 'unknown' });
    }
  }
  await fs.unlink(pidFile).catch(() => undefined);
}

/**
 * The image to boot: an explicit or $BERTH_VM_IMAGE one, else the one recorded at creation (or the newest built).
 * A different version than last time is verified and recorded: the root disk is replaced, the data disk kept.
 */
export async function resolveImage(paths: VmPaths, explicit: string | undefined, env: NodeJS.ProcessEnv, arch?: GuestArch): Promise<VmImage> {
  const meta = await readMeta(paths);
  const wanted = explicit ?? env['BERTH_VM_IMAGE'];
  const recorded = wanted || !meta ? undefined : await loadImage(meta.imageDir).catch(() => undefined);
  // The recorded image serves while it is the architecture asked for; a VM switched to another one boots that one's newest.
  const img = recorded && (arch === undefined || recorded.arch === arch) ? recorded : await findImage(explicit, env, arch);
  if (!meta || meta.imageVersion !== img.manifest.version) {
    await verifyImage(img);
    log.info('VM image changed; the data disk is kept', { from: meta?.imageVersion, to: img.manifest.version });
    await writeMeta(paths, { backend: 'qemu', createdAt: meta?.createdAt ?? new Date().toISOString(), imageDir: img.dir, imageVersion: img.manifest.version, ...(img.arch === 'x86_64' ? {} : { arch: img.arch }) });
  }
  return img;
}

/** Makes a new VM's directory: keys, a verified image recorded in vm.json, the data disk. Returns the image version. */
export async function createVmDir(paths: VmPaths, settings: VmSettings, imageDir: string | undefined, env: NodeJS.ProcessEnv, arch?: GuestArch): Promise<string> {
  await ensurePrivateDir(paths.dir);
  await ensureKeys(paths);
  const img = await findImage(imageDir, env, arch);
  await verifyImage(img);
  await ensureDataDisk(paths.dataDisk, settings.diskGiB);
  await writeMeta(paths, { backend: 'qemu', createdAt: new Date().toISOString(), imageDir: img.dir, imageVersion: img.manifest.version, ...(img.arch === 'x86_64' ? {} : { arch: img.arch }) });
  return img.manifest.version;
}
