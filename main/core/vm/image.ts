// The guest image built by vm-helper/build-image.sh: finds it, reads its manifest, verifies checksums before use.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { z } from 'zod';
import { BerthError } from '../../../app/errors.js';
import { nativeGuestArch, parseGuestArch, type GuestArch } from './arch.js';
import { createLogger } from '../log.js';

const log = createLogger('vm.image');

const FileEntry = z.object({ path: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().nonnegative() });

export const ImageManifest = z.object({
  name: z.literal('berth-vm'),
  version: z.string().min(1),
  recipeHash: z.string().min(1),
  kernelVersion: z.string(),
  dockerVersion: z.string(),
  /** `x86_64` or `aarch64` (`amd64`/`arm64` accepted); absent in older manifests, which are all x86_64. */
  arch: z.string().optional(),
  cmdline: z.string().min(1),
  files: z.object({
    kernel: FileEntry,
    /** The initramfs that loads the virtio disk driver; absent in images built before (they boot from NVMe and cannot be saved). */
    initrd: FileEntry.optional(),
    rootDisk: FileEntry.extend({ format: z.enum(['raw', 'qcow2']) }),
    rootfsTar: FileEntry,
  }),
});
export type ImageManifest = z.infer<typeof ImageManifest>;

export interface VmImage {
  dir: string;
  manifest: ImageManifest;
  /** The guest's architecture (from the manifest; x86_64 when it says none). */
  arch: GuestArch;
  /** The kernel booted directly: bzImage (`vmlinuz`) on x86_64, the uncompressed `Image` on aarch64. */
  kernel: string;
  /** With it the disks are virtio-blk (a VM QEMU can save); without, NVMe. */
  initrd?: string;
  rootDisk: string;
  rootfsTar: string;
}

export function defaultImageCache(env: NodeJS.ProcessEnv = process.env): string {
  if (env['BERTH_VM_CACHE']) return path.resolve(env['BERTH_VM_CACHE']);
  const xdg = env['XDG_CACHE_HOME'];
  return path.join(xdg && xdg.length > 0 ? xdg : path.join(os.homedir(), '.cache'), 'berth', 'vm');
}

const BUILD_HINT = 'Build it with `sudo vm-helper/build-image.sh` (Debian/Ubuntu host with debootstrap), or set BERTH_VM_IMAGE to a built image directory.';

const buildHint = (arch: GuestArch): string =>
  arch === 'x86_64' ? BUILD_HINT : `Build it with \`sudo vm-helper/build-image.sh --arch arm64\` (Debian/Ubuntu host with debootstrap), or set BERTH_VM_IMAGE to a built image directory.`;

export async function loadImage(dir: string): Promise<VmImage> {
  let raw: string;
  try {
    raw = await fsp.readFile(path.join(dir, 'manifest.json'), 'utf8');
  } catch {
    throw new BerthError('VM_ERROR', `No VM image at ${dir} (manifest.json missing). ${BUILD_HINT}`);
  }
  const parsed = ImageManifest.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new BerthError('VM_ERROR', `The VM image manifest in ${dir} is malformed; rebuild the image.`, { detail: parsed.error.message });
  const m = parsed.data;
  const arch = m.arch === undefined ? 'x86_64' : parseGuestArch(m.arch);
  if (!arch) throw new BerthError('VM_ERROR', `The VM image in ${dir} is for ${m.arch}, which Berth cannot run (x86_64 or aarch64 only).`);
  return {
    dir,
    manifest: m,
    arch,
    kernel: path.join(dir, m.files.kernel.path),
    ...(m.files.initrd ? { initrd: path.join(dir, m.files.initrd.path) } : {}),
    rootDisk: path.join(dir, m.files.rootDisk.path),
    rootfsTar: path.join(dir, m.files.rootfsTar.path),
  };
}

/** The architecture a manifest names, without reading more of it; undefined when it is unreadable. */
async function manifestArch(dir: string): Promise<GuestArch | undefined> {
  try {
    const m = JSON.parse(await fsp.readFile(path.join(dir, 'manifest.json'), 'utf8')) as { arch?: unknown };
    return m.arch === undefined ? 'x86_64' : parseGuestArch(String(m.arch));
  } catch {
    return undefined;
  }
}

/**
 * The image to use: `explicit`, else $BERTH_VM_IMAGE (either is used whatever its architecture), else the most
 * recently built one in the cache for `arch` (default: the host's native guest).
 */
export async function findImage(explicit?: string, env: NodeJS.ProcessEnv = process.env, arch: GuestArch = nativeGuestArch()): Promise<VmImage> {
  const dir = explicit ?? env['BERTH_VM_IMAGE'];
  if (dir) return loadImage(path.resolve(dir));
  const cache = defaultImageCache(env);
  const entries = await fsp.readdir(cache).catch(() => [] as string[]);
  let best: { dir: string; mtime: number } | undefined;
  const others = new Set<string>();
  for (const e of entries) {
    if (e.startsWith('.')) continue;
    const st = await fsp.stat(path.join(cache, e, 'manifest.json')).catch(() => undefined);
    if (!st) continue;
    const a = await manifestArch(path.join(cache, e));
    if (a !== arch) {
      if (a) others.add(a);
      continue;
    }
    if (!best || st.mtimeMs > best.mtime) best = { dir: path.join(cache, e), mtime: st.mtimeMs };
  }
  if (!best) {
    const also = others.size > 0 ? ` (it has ${[...others].join(', ')} images: set BERTH_VM_ARCH to run one)` : '';
    throw new BerthError('VM_ERROR', `No ${arch} VM image found in ${cache}${also}. ${buildHint(arch)}`);
  }
  return loadImage(best.dir);
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = crypto.createHash('sha256');
    fs.createReadStream(file, { highWaterMark: 1 << 20 })
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

/** Checks size and sha256 of the files QEMU boots; `withTar` also checks the WSL2 rootfs tarball. */
export async function verifyImage(img: VmImage, opts: { withTar?: boolean; withRootDisk?: boolean } = {}): Promise<void> {
  const t0 = Date.now();
  const checks: Array<[string, z.infer<typeof FileEntry>]> = [[img.kernel, img.manifest.files.kernel]];
  if (img.initrd && img.manifest.files.initrd) checks.push([img.initrd, img.manifest.files.initrd]);
  if (opts.withRootDisk ?? true) checks.push([img.rootDisk, img.manifest.files.rootDisk]);
  if (opts.withTar) checks.push([img.rootfsTar, img.manifest.files.rootfsTar]);
  for (const [file, entry] of checks) {
    const st = await fsp.stat(file).catch(() => undefined);
    if (!st) throw new BerthError('VM_ERROR', `The VM image is missing ${path.basename(file)} (${img.dir}). ${buildHint(img.arch)}`);
    if (st.size !== entry.size || (await sha256File(file)) !== entry.sha256) {
      throw new BerthError('VM_ERROR', `The VM image file ${file} does not match its manifest (damaged or modified). Rebuild it with \`vm-helper/build-image.sh --force\`.`);
    }
  }
  log.info('image verified', { version: img.manifest.version, ms: Date.now() - t0 });
}
