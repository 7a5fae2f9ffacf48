// Guest architectures: their spellings, the host's native one, and the one a VM is asked to run (option, BERTH_VM_ARCH).
import { BerthError } from '../../../app/errors.js';

/** The guest architectures Berth builds images for (the names `uname -m` prints in the guest). */
export type GuestArch = 'x86_64' | 'aarch64';

/** x86_64/amd64/x64 and aarch64/arm64 in any of their spellings; anything else is not a Berth guest. */
export function parseGuestArch(s: string | undefined): GuestArch | undefined {
  switch (s?.trim().toLowerCase()) {
    case 'x86_64': case 'amd64': case 'x64': case 'x86-64': return 'x86_64';
    case 'aarch64': case 'arm64': return 'aarch64';
    default: return undefined;
  }
}

/** The guest that runs natively on this host: arm64 hosts get an aarch64 guest, every other host an x86_64 one. */
export function nativeGuestArch(hostArch: string = process.arch): GuestArch {
  return parseGuestArch(hostArch) === 'aarch64' ? 'aarch64' : 'x86_64';
}

/** The guest a VM runs: the option, else $BERTH_VM_ARCH, else the host's native one; a name Berth cannot run is refused. */
export function wantedGuestArch(option: string | undefined, env: NodeJS.ProcessEnv = process.env, hostArch: string = process.arch): GuestArch {
  const asked = option ?? env['BERTH_VM_ARCH'];
  if (asked === undefined || asked === '') return nativeGuestArch(hostArch);
  const arch = parseGuestArch(asked);
  if (!arch) throw new BerthError('INVALID_INPUT', `Unknown guest architecture "${asked}": use x86_64 (amd64) or aarch64 (arm64).`);
  return arch;
}
