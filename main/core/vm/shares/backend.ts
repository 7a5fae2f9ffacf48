// The ShareBackend seam: how host folders reach the guest at the same path (reverse SSHFS on QEMU, drives on WSL2).
import type { ShareTransport, VmShare } from '../../../../app/vm.js';

export interface ShareBackend {
  readonly transport: ShareTransport;
  /** Mounts each folder in the guest at the same absolute path; a folder that fails is reported, never thrown. */
  mount(paths: readonly string[]): Promise<VmShare[]>;
  /** Mounts again what the guest lost (after the SSH link to it dropped and came back). */
  remount(): Promise<VmShare[]>;
  /** The VM is about to go away: the mounts' ends that follow are expected, not failures. */
  expectShutdown(): void;
  /** Unmounts everything (VM stopping); with `guestReachable: false` only the host's side is ended. */
  unmountAll(opts?: { guestReachable?: boolean }): Promise<void>;
  status(): VmShare[];
  /** Every change of a share's state; returns a disposer. */
  onChange(cb: (shares: VmShare[]) => void): () => void;
}

/** WSL2: Windows drives are already mounted at /mnt/<drive> by WSL itself; Berth translates paths, mounts nothing. */
export class WslDriveShares implements ShareBackend {
  readonly transport = 'wsl-drives' as const;
  private shares: VmShare[] = [];

  mount(paths: readonly string[]): Promise<VmShare[]> {
    this.shares = paths.map((path) => ({ path, transport: this.transport, state: 'mounted' as const }));
    return Promise.resolve(this.status());
  }

  remount(): Promise<VmShare[]> {
    return Promise.resolve(this.status());
  }

  expectShutdown(): void {
    // WSL mounts nothing.
  }

  unmountAll(): Promise<void> {
    this.shares = [];
    return Promise.resolve();
  }

  status(): VmShare[] {
    return this.shares.map((s) => ({ ...s }));
  }

  onChange(): () => void {
    return () => undefined;
  }
}
