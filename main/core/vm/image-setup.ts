// The guest image where none is installed: whether this machine can build it (Linux, the recipe, root, debootstrap) and the build itself, its output streamed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { BerthError, isBerthError } from '../../../app/errors.js';
import type { VmImageState } from '../../../app/vm-setup.js';
import { wantedGuestArch, type GuestArch } from './arch.js';
import { defaultImageCache, findImage, loadImage, type VmImage } from './image.js';
import { createLogger } from '../log.js';

const log = createLogger('vm.image-setup');

export interface ImageSetupOptions {
  /** An image folder named by the caller (QEMU options); else BERTH_VM_IMAGE, else the cache. */
  imageDir?: string;
  /** The guest asked for (option, else BERTH_VM_ARCH, else the host's native one). */
  guestArch?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** The recipe; found beside the sources by default (a packaged app has none: it ships its image). */
  script?: string | undefined;
  /** Whether this process is root, and whether `sudo -n` works (tests). */
  isRoot?: () => boolean;
  sudoWorks?: () => boolean;
  /** Where debootstrap is looked for. */
  hasProgram?: (name: string) => boolean;
}

/** `vm-helper/build-image.sh` above this module (the source tree, or beside `dist/`), when there is one. */
export function findRecipe(from: string = path.dirname(fileURLToPath(import.meta.url))): string | undefined {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    const f = path.join(dir, 'vm-helper', 'build-image.sh');
    if (existsSync(f)) return f;
    dir = path.dirname(dir);
  }
  return undefined;
}

function onPath(name: string, env: NodeJS.ProcessEnv): boolean {
  const dirs = [...(env['PATH'] ?? '').split(path.delimiter), '/usr/sbin', '/sbin'].filter(Boolean);
  return dirs.some((d) => existsSync(path.join(d, name)));
}

const quote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** How the build runs here: the argv (with `sudo -n -E` when not root), or why Berth cannot run it. */
function buildPlan(arch: GuestArch, o: ImageSetupOptions): { argv: string[]; command: string } | { why: string; command?: string } {
  const env = o.env ?? process.env;
  const platform = o.platform ?? process.platform;
  const script = 'script' in o ? o.script : findRecipe();
  const archFlag = arch === 'aarch64' ? ['--arch', 'arm64'] : [];
  if (platform !== 'linux') {
    return {
      why: `The guest is built from Debian packages with debootstrap, which runs on Linux only. A packaged Berth ships its image; or build it on a Linux machine (\`sudo vm-helper/build-image.sh${arch === 'aarch64' ? ' --arch arm64' : ''}\`) and set BERTH_VM_IMAGE to the folder it prints.`,
    };
  }
  if (!script) return { why: 'This Berth has no image recipe (vm-helper/build-image.sh): a packaged Berth ships its image, so reinstalling it brings the image back.' };
  const command = ['sudo', 'bash', quote(script), ...archFlag].join(' ');
  if (!(o.hasProgram ?? ((n) => onPath(n, env)))('debootstrap')) {
    return { why: 'Building the guest needs debootstrap, which is not installed: install it (`sudo apt-get install -y debootstrap debian-archive-keyring e2fsprogs cpio`), then set up again.', command };
  }
  const root = (o.isRoot ?? (() => process.getuid?.() === 0))();
  if (root) return { argv: ['bash', script, ...archFlag], command: ['bash', quote(script), ...archFlag].join(' ') };
  if ((o.sudoWorks ?? (() => spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', timeout: 5000 }).status === 0))()) {
    return { argv: ['sudo', '-n', '-E', 'bash', script, ...archFlag], command };
  }
  return { why: `Building the guest needs root (debootstrap). Run it once in a terminal, then set up again (the image is kept for later starts):`, command };
}

/** Whether the image a start would boot is there, and when not, whether and how this machine can build it. */
export async function imageState(o: ImageSetupOptions = {}): Promise<VmImageState> {
  const env = o.env ?? process.env;
  const arch = wantedGuestArch(o.guestArch, env);
  try {
    const img = await findImage(o.imageDir, env, arch);
    return { state: 'ready', arch: img.arch, version: img.manifest.version, dir: img.dir };
  } catch (e) {
    if (!isBerthError(e)) throw e;
    const named = o.imageDir ?? env['BERTH_VM_IMAGE'];
    if (named) {
      // An image named on purpose is never replaced by a build somewhere else.
      return { state: 'missing', arch, reason: e.message, build: { possible: false, why: `BERTH_VM_IMAGE names ${named}, which holds no usable image: unset it to use (or build) the cached one.` } };
    }
    const plan = buildPlan(arch, o);
    const build = 'argv' in plan ? { possible: true, command: plan.command } : { possible: false, why: plan.why, ...(plan.command ? { command: plan.command } : {}) };
    return { state: 'missing', arch, reason: `No ${arch} guest image is installed yet (${defaultImageCache(env)}).`, build };
  }
}

/**
 * Builds the guest image with the recipe (cached by recipe in the image cache, where findImage looks), each line of its
 * output to `onLine`; resolves with the image it made. Aborting `signal` stops the build (its whole process group).
 */
export async function buildImage(o: ImageSetupOptions, onLine: (line: string) => void, signal?: AbortSignal): Promise<VmImage> {
  const env = o.env ?? process.env;
  const arch = wantedGuestArch(o.guestArch, env);
  const plan = buildPlan(arch, o);
  if (!('argv' in plan)) throw new BerthError('VM_ERROR', `${plan.why}${plan.command ? ` ${plan.command}` : ''}`);
  const [cmd, ...args] = plan.argv as [string, ...string[]];
  log.info('building the guest image', { command: plan.command });
  const child = spawn(cmd, args, { env: { ...env, BERTH_VM_CACHE: defaultImageCache(env) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  signal?.addEventListener('abort', stop, { once: true });
  const tail: string[] = [];
  let lastOut = '';
  const take = (stream: NodeJS.ReadableStream, isOut: boolean) =>
    readline.createInterface({ input: stream }).on('line', (line) => {
      if (isOut && line.trim()) lastOut = line.trim();
      tail.push(line);
      if (tail.length > 30) tail.shift();
      onLine(line);
    });
  take(child.stdout, true);
  take(child.stderr, false);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', (e) => reject(new BerthError('VM_ERROR', `Could not run the image build (${plan.command}): ${e.message}`)));
    child.once('close', (c) => resolve(c));
  }).finally(() => signal?.removeEventListener('abort', stop));
  if (signal?.aborted) throw new BerthError('CANCELLED', 'The image build was stopped.');
  if (code !== 0) {
    const said = [...tail].reverse().find((l) => l.trim()) ?? 'no output';
    throw new BerthError('VM_ERROR', `Building the guest image failed (exit ${code}): ${said}`, { detail: tail.join('\n') });
  }
  const img = await loadImage(lastOut);
  if (img.arch !== arch) throw new BerthError('VM_ERROR', `The build made an ${img.arch} image in ${img.dir}, not the ${arch} one asked for.`);
  return img;
}
