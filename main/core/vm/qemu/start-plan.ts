// How a start begins: the image, QEMU, keys and accelerator; then resume the saved VM when the very same machine made it, else a cold boot on a fresh root overlay (and why).
import fs from 'node:fs/promises';
import path from 'node:path';
import { BerthError } from '../../../../app/errors.js';
import type { VmSettings } from '../../../../app/vm.js';
import { wantedGuestArch } from '../arch.js';
import type { StatusTracker } from '../backend.js';
import type { VmImage } from '../image.js';
import { ensureKeys, type VmKeys } from '../keys.js';
import { createLogger } from '../../log.js';
import type { VmPaths } from '../paths.js';
import { chooseAccel, type QemuAccel } from './accel.js';
import { findQemu, SOURCE_WORDS, type QemuFound } from './find.js';
import type { VmNetworkMode } from './hostfwd.js';
import type { QemuBackendOptions } from './options.js';
import { findQboot } from './process.js';
import type { Launch } from './runner.js';
import { checkSaved, discardSavedState, findQemuImg, freshOverlay, savedMachine, type SavedMachine, type SavedStateMeta } from './saved-state.js';
import { killStale, resolveImage } from './vmdir.js';

const log = createLogger('vm.qemu');

export interface StartPlan {
  /** The machine this start runs, as a saved state records it. */
  machine: SavedMachine;
  /** The saved state to resume, when it is this machine's. */
  resume?: SavedStateMeta;
  /** Why a saved state was refused (absent: there was none, or it resumes). */
  coldReason?: string;
  /** qemu-img, which makes the persistent root overlay (absent: the image cannot be saved, or none was found). */
  qemuImg?: string;
}

/** What a start is about to run: the QEMU and how (all but the root disk), the VM's keys, and whether it resumes. */
export interface PreparedStart {
  launch: Omit<Launch, 'rootOverlay'>;
  keys: VmKeys;
  plan: StartPlan;
}

/**
 * The boot stage's first steps: the image and QEMU (told to `tracker`), the keys (the client's public key for the guest's
 * firmware config), a stale QEMU of this VM killed, the accelerator chosen (told), and the plan.
 */
export async function prepareStart(o: {
  paths: VmPaths;
  opts: QemuBackendOptions;
  env: NodeJS.ProcessEnv;
  settings: VmSettings;
  network: VmNetworkMode;
  tracker: StatusTracker;
}): Promise<PreparedStart> {
  const { paths, env, settings, tracker } = o;
  const { img, found } = await findMachine(o);
  const qemu = found.path;
  tracker.patch({ imageVersion: img.manifest.version });
  const keys = await ensureKeys(paths);
  await fs.writeFile(paths.fwAuthorizedKeys, `${keys.clientPublic}\n`, { mode: 0o600 });
  await killStale(paths.qemuPid, paths.dataDisk);
  const bios = img.arch === 'x86_64' ? findQboot(qemu) : undefined;
  const forced = (o.opts.accel ?? env['BERTH_VM_ACCEL']) as QemuAccel | undefined;
  const choice = await chooseAccel({ qemu, kernel: img.kernel, bios, forced, arch: img.arch, qemuVersion: found.parsed, cacheFile: path.join(path.dirname(paths.dir), 'accel.json') });
  tracker.setAccel(choice.accel, choice.note);
  const plan = await planStart({ paths, img, qemu, qemuVersion: found.version, accel: choice.accel, settings, network: o.network, env });
  return { launch: { qemu, img, settings, accel: choice.accel, bios, qemuVersion: found.parsed }, keys, plan };
}

/**
 * The image and QEMU for this start: the image of the asked architecture (an explicit image's own otherwise), and
 * the qemu-system binary for it, found as a desktop app must (find.ts), with its version.
 */
async function findMachine(o: { paths: VmPaths; opts: QemuBackendOptions; env: NodeJS.ProcessEnv; tracker: StatusTracker }): Promise<{ img: VmImage; found: QemuFound }> {
  const asked = o.opts.guestArch ?? o.env['BERTH_VM_ARCH'];
  const arch = wantedGuestArch(asked, o.env);
  const img = await resolveImage(o.paths, o.opts.imageDir, o.env, arch);
  if (asked && img.arch !== arch) throw new BerthError('VM_ERROR', `The VM image ${img.dir} is ${img.arch}, but an ${arch} guest was asked for (guestArch or BERTH_VM_ARCH).`);
  const found = await findQemu({ arch: img.arch, env: o.env, bundledDir: o.opts.bundledQemuDir });
  if (found.note) log.warn(found.note, { qemu: found.path });
  o.tracker.patch({ guestArch: img.arch, emulator: { path: found.path, source: SOURCE_WORDS[found.source], ...(found.version ? { version: found.version } : {}), ...(found.note ? { note: found.note } : {}) } });
  return { img, found };
}

export async function planStart(o: {
  paths: VmPaths;
  img: VmImage;
  qemu: string;
  qemuVersion: string | undefined;
  accel: string;
  settings: VmSettings;
  network: string;
  env: NodeJS.ProcessEnv;
}): Promise<StartPlan> {
  // An image without an initramfs boots from NVMe disks, which QEMU cannot save: such a VM always boots.
  const qemuImg = o.img.initrd ? findQemuImg(o.qemu, o.env) : undefined;
  const machine = savedMachine({ img: o.img, qemu: o.qemu, qemuVersion: o.qemuVersion, accel: o.accel, settings: o.settings, network: o.network });
  const saved = await checkSaved(o.paths, machine);
  const plan: StartPlan = { machine, ...(qemuImg ? { qemuImg } : {}) };
  if (!saved.usable) return saved.reason ? { ...plan, coldReason: saved.reason } : plan;
  if (!o.img.initrd) return { ...plan, coldReason: 'this VM image boots from NVMe disks, which QEMU cannot save (rebuild the image)' };
  if (!qemuImg) return { ...plan, coldReason: 'qemu-img, which keeps the root disk for a resume, was not found beside QEMU' };
  return { ...plan, resume: saved.meta };
}

/**
 * A cold boot discards any saved state and the root overlay under it (the guest starts from the image again), and
 * makes a fresh overlay; false when there is none (the VM then shuts down at stop instead of saving).
 */
export async function prepareColdBoot(paths: VmPaths, img: VmImage, qemuImg: string | undefined): Promise<boolean> {
  await discardSavedState(paths);
  if (!qemuImg) return false;
  try {
    await freshOverlay(qemuImg, paths, { file: img.rootDisk, format: img.manifest.files.rootDisk.format });
    return true;
  } catch (e) {
    log.warn('no persistent root overlay: this VM will shut down at stop instead of saving', { error: String(e) });
    return false;
  }
}
