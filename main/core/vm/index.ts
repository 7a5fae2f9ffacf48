// Public entry of the VM service: the VmManager facade and a factory that picks the backend for this platform.
import { VmManager, type VmManagerOptions } from './manager.js';
import { WslBackend } from './wsl/backend.js';

export { VmManager } from './manager.js';
export type { VmManagerOptions, VmShellSession } from './manager.js';
export type { VmNetworkMode } from './qemu/backend.js';

/** WSL2 on Windows, QEMU elsewhere (macOS, Linux). Call `init()` on the result before use. */
export function createVmManager(opts: VmManagerOptions = {}, platform: NodeJS.Platform = process.platform): VmManager {
  if (platform === 'win32' && !opts.backend) {
    return new VmManager({ ...opts, backend: new WslBackend({ ...(opts.home ? { home: opts.home } : {}) }), socketPath: opts.socketPath ?? '\\\\.\\pipe\\berth-docker' });
  }
  return new VmManager(opts);
}
