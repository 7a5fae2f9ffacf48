// How a start begins: resume the saved VM when the very same machine made it, else a cold boot on a fresh root overlay (and why).
import type { VmSettings } from '../../../../app/vm.js';
import type { VmImage } from '../image.js';
import { createLogger } from '../../log.js';
import type { VmPaths } from '../paths.js';
import { checkSaved, discardSavedState, findQemuImg, freshOverlay, savedMachine, type SavedMachine, type SavedStateMeta } from './saved-state.js';

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
