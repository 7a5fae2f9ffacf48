// Applies the "containers reach this computer" setting in the running guest and names the host for container creates.
import { BerthError } from '../../../app/errors.js';
import { hostAccessArg, withHostAlias, type HostAccess } from '../../../app/host-access.js';
import type { VmStatus } from '../../../app/vm.js';
import { createLogger } from '../log.js';
import type { ExecResult } from '../ssh/ssh.js';

const log = createLogger('vm.host-access');

/** The guest's script (vm-helper/guest/berth-host-access); the guest runs it with "none" before its engine starts. */
export const HOST_ACCESS_SCRIPT = '/usr/local/sbin/berth-host-access';
/** The host as QEMU's user networking shows it to the guest, until the guest says otherwise. */
const QEMU_HOST = '10.0.2.2';

export type GuestExec = (command: string) => Promise<ExecResult>;

export class HostAccessGate {
  private applied: HostAccess | undefined;
  private hostAddress = QEMU_HOST;
  private error: string | undefined;

  constructor(private readonly exec: GuestExec) {}

  /**
   * Makes the guest enforce `access` (its firewall: the host's loopback closed, some ports, or open). Throws when the
   * guest could not; it then keeps what it had (closed at boot), so a failure never opens more than was asked.
   */
  async apply(access: HostAccess | undefined): Promise<void> {
    const arg = hostAccessArg(access);
    let r: ExecResult;
    try {
      r = await this.exec(`${HOST_ACCESS_SCRIPT} ${arg}`);
    } catch (e) {
      this.fail(`the VM did not answer (${e instanceof Error ? e.message : String(e)})`);
    }
    if (r.code === 127) this.fail('this VM image predates the setting; restart the VM to update it');
    if (r.code !== 0) this.fail(r.stderr.trim() || `exit ${r.code}`);
    const addr = r.stdout.trim().split('\n').at(-1) ?? '';
    if (/^[0-9.]+$/.test(addr)) this.hostAddress = addr;
    this.applied = access ?? { mode: 'none' };
    this.error = undefined;
    log.info('host access applied', { access: arg, hostAddress: this.hostAddress });
  }

  private fail(why: string): never {
    this.error = `Could not apply "containers reach this computer": ${why}.`;
    log.error(this.error);
    throw new BerthError('VM_ERROR', this.error);
  }

  /**
   * A resumed guest still enforces what was applied when it was saved (`kept`, from `kept()`): when that is what
   * `access` asks, the gate takes it back without running the script again (seconds under emulation); true if so.
   */
  resumeWith(kept: unknown, access: HostAccess | undefined): boolean {
    const k = kept as { applied?: unknown; hostAddress?: unknown } | undefined;
    const want = access ?? { mode: 'none' };
    if (!k || typeof k.hostAddress !== 'string' || !/^[0-9.]+$/.test(k.hostAddress) || JSON.stringify(k.applied) !== JSON.stringify(want)) return false;
    this.applied = want;
    this.hostAddress = k.hostAddress;
    this.error = undefined;
    log.info('host access kept from the saved VM', { hostAddress: this.hostAddress });
    return true;
  }

  /** What the guest enforces now, to keep beside a saved VM; undefined when nothing was applied. */
  kept(): { applied: HostAccess; hostAddress: string } | undefined {
    return this.applied && !this.error ? { applied: this.applied, hostAddress: this.hostAddress } : undefined;
  }

  /** The VM was stopped: nothing is applied any more. */
  reset(): void {
    this.applied = undefined;
    this.error = undefined;
  }

  /** What the window shows: the setting in force in the guest, the host's address there, or why it failed. */
  status(): NonNullable<VmStatus['hostAccess']> {
    return { ...(this.applied ? { applied: this.applied } : {}), hostAddress: this.hostAddress, ...(this.error ? { error: this.error } : {}) };
  }

  /** A container create with `host.docker.internal` added, while the guest lets containers reach the host. */
  createRewrite(body: unknown): unknown {
    return withHostAlias(body, this.applied, this.hostAddress);
  }
}
