// Public entry of the VM service: the VmManager facade and a factory that picks the backend for this platform.
import { forgetDockerContext } from './docker-context.js';
import { enginePipeName, guardEnginePipe, isAddressInUse, squattedError } from './engine-pipe.js';
import { VmManager, type VmManagerOptions } from './manager.js';
import { WslBackend } from './wsl/backend.js';

export { VmManager } from './manager.js';
export type { VmManagerOptions, VmShellSession } from './manager.js';
export type { VmNetworkMode } from './qemu/backend.js';
export { enginePipeName } from './engine-pipe.js';

/**
 * A manager whose engine socket is a Windows named pipe (machine-wide names): before serving, a name that already
 * answers is refused (and the docker context pointing at it removed); a listen that loses the race to another
 * program (EADDRINUSE: libuv creates a pipe's first instance exclusively) gets the same clear error.
 */
export class PipeGuardedVmManager extends VmManager {
  constructor(private readonly guard: VmManagerOptions & { probeTimeoutMs?: number }) {
    super(guard);
  }

  override async start(): Promise<void> {
    // Serving already: the name answers because it is ours.
    if (this.status().socketPath === undefined) {
      await guardEnginePipe(this.socketPath, { dockerContext: this.guard.dockerContext ?? {}, ...(this.guard.probeTimeoutMs === undefined ? {} : { timeoutMs: this.guard.probeTimeoutMs }) });
    }
    await super.start().catch((e: unknown) => this.explain(e));
  }

  override async restart(): Promise<void> {
    await super.restart().catch((e: unknown) => this.explain(e));
  }

  private async explain(e: unknown): Promise<never> {
    if (!isAddressInUse(e)) throw e;
    const ctx = this.guard.dockerContext ?? {};
    if (ctx !== false) await forgetDockerContext(this.socketPath, ctx).catch(() => false);
    throw squattedError(this.socketPath);
  }
}

/** WSL2 on Windows, QEMU elsewhere (macOS, Linux). Call `init()` on the result before use. */
export function createVmManager(opts: VmManagerOptions = {}, platform: NodeJS.Platform = process.platform): VmManager {
  if (platform === 'win32' && !opts.backend) {
    return new PipeGuardedVmManager({ ...opts, backend: new WslBackend({ ...(opts.home ? { home: opts.home } : {}) }), socketPath: opts.socketPath ?? enginePipeName() });
  }
  return new VmManager(opts);
}
