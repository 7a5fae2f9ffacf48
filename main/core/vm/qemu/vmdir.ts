// The QEMU VM's directory: metadata, the sparse data disk (grown, never shrunk), fw_cfg files, stale QEMU clean-up.
import fs from 'node:fs/promises';
import net from 'node:net';
import { z } from 'zod';
import { BerthError } from '../../../../app/errors.js';
import { ensurePrivateDir, type VmPaths } from '../paths.js';
import { ensureKeys } from '../keys.js';
import type { VmSettings } from '../../../../app/vm.js';
import { findImage, loadImage, verifyImage, type VmImage } from '../image.js';
import { logger } from '../log.js';

const log = logger('vm.qemu.dir');

export const VmMeta = z.object({
  backend: z.literal('qemu'),
  createdAt: z.string(),
  imageDir: z.string(),
  imageVersion: z.string(),
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

/** Kills a QEMU left running by an earlier Berth process that died (it would hold the data disk's lock). */
export async function killStale(pidFile: string, marker: string): Promise<void> {
  const pid = Number((await fs.readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 1) return;
  const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  const alive = (() => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  })();
  // On Linux we can be sure it is our QEMU; elsewhere trust the pid file only while the process lives.
  if (alive && (cmdline === '' ? process.platform !== 'linux' : cmdline.includes(marker))) {
    log.warn('stopping a QEMU left over from an earlier run', { pid });
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 50; i++) {
      try {
        process.kill(pid, 0);
      } catch {
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await fs.unlink(pidFile).catch(() => undefined);
}

/**
 * The image to boot: an explicit or $BERTH_VM_IMAGE one, else the one recorded at creation (or the newest built).
 * A different version than last time is verified and recorded: the root disk is replaced, the data disk kept.
 */
export async function resolveImage(paths: VmPaths, explicit: string | undefined, env: NodeJS.ProcessEnv): Promise<VmImage> {
  const meta = await readMeta(paths);
  const wanted = explicit ?? env['BERTH_VM_IMAGE'];
  const img = wanted || !meta ? await findImage(explicit, env) : await loadImage(meta.imageDir).catch(() => findImage(undefined, env));
  if (!meta || meta.imageVersion !== img.manifest.version) {
    await verifyImage(img);
    log.info('VM image changed; the data disk is kept', { from: meta?.imageVersion, to: img.manifest.version });
    await writeMeta(paths, { backend: 'qemu', createdAt: meta?.createdAt ?? new Date().toISOString(), imageDir: img.dir, imageVersion: img.manifest.version });
  }
  return img;
}

/** Makes a new VM's directory: keys, a verified image recorded in vm.json, the data disk. Returns the image version. */
export async function createVmDir(paths: VmPaths, settings: VmSettings, imageDir: string | undefined, env: NodeJS.ProcessEnv): Promise<string> {
  await ensurePrivateDir(paths.dir);
  await ensureKeys(paths);
  const img = await findImage(imageDir, env);
  await verifyImage(img);
  await ensureDataDisk(paths.dataDisk, settings.diskGiB);
  await writeMeta(paths, { backend: 'qemu', createdAt: new Date().toISOString(), imageDir: img.dir, imageVersion: img.manifest.version });
  return img.manifest.version;
}
