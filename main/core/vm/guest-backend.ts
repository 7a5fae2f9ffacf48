// What the QEMU and WSL2 backends share: the status they report through, and the SSH link to the guest (the ssh and engine stages, drops and returns, exec, shell, forwards).
import type { Duplex } from 'node:stream';
import { BerthError } from '../../../app/errors.js';
import type { VmBackendKind, VmStatus } from '../../../app/vm.js';
import { StatusTracker, type Disposer } from './backend.js';
import { waitForEngine } from './engine-ready.js';
import type { VmKeys } from './keys.js';
import { SshSession, type ExecResult, type ShellHandle } from '../ssh/ssh.js';

/** How a backend brings its guest's link up (the ssh and engine stages). */
export interface LinkStages {
  /** The guest's sshd on the host's loopback. */
  port: number;
  keys: VmKeys;
  loginMs: number;
  /** Counted from when the engine is first asked (after `beforeEngine`). */
  engineMs: number;
  /** A start that is being cut short (by a stop): the waits give up. */
  stopping?: () => boolean;
  /** Each wait raced against something that ends the start sooner (QEMU's exit). */
  race?: <T>(p: Promise<T>) => Promise<T>;
  /** Hears of the link's drops and returns before the onConnection listeners. */
  onChange?: (up: boolean) => void;
  /** After the login, before the engine stage. */
  afterLogin?: (ssh: SshSession) => Promise<void>;
  /** In the engine stage, before the engine is asked. */
  beforeEngine?: (ssh: SshSession) => Promise<void>;
}

export abstract class GuestBackend {
  protected readonly tracker: StatusTracker;
  protected ssh: SshSession | undefined;
  private readonly connListeners = new Set<(up: boolean) => void>();

  constructor(kind: VmBackendKind) {
    this.tracker = new StatusTracker(kind);
  }

  state(): VmStatus {
    return this.tracker.get();
  }

  onStatus(cb: (s: VmStatus) => void): Disposer {
    return this.tracker.on(cb);
  }

  onConnection(cb: (up: boolean) => void): Disposer {
    this.connListeners.add(cb);
    return () => this.connListeners.delete(cb);
  }

  /** Stages `ssh` (a session as root with the VM's pinned keys, logged in) and `engine` (until the guest's engine answers). */
  protected async linkGuest(o: LinkStages): Promise<void> {
    const race = o.race ?? (<T>(p: Promise<T>): Promise<T> => p);
    const stopping = o.stopping ?? ((): boolean => false);
    this.tracker.beginStage('ssh');
    const ssh = new SshSession({ host: '127.0.0.1', port: o.port, username: 'root', privateKey: o.keys.clientPrivate, hostKeyBlob: o.keys.hostKeyBlob });
    this.ssh = ssh;
    ssh.onConnection((up) => {
      o.onChange?.(up);
      for (const l of this.connListeners) l(up);
    });
    await race(ssh.waitForLogin(Date.now() + o.loginMs, stopping));
    await o.afterLogin?.(ssh);
    this.tracker.beginStage('engine');
    await o.beforeEngine?.(ssh);
    await race(waitForEngine(() => ssh.openUnix('/var/run/docker.sock'), Date.now() + o.engineMs, { shouldStop: stopping }));
    this.tracker.endStage();
  }

  /** Adds the engine's own last words to a failure in the engine stage, when the guest can still be reached. */
  protected async withEngineLog(e: unknown): Promise<unknown> {
    if (!this.ssh?.connected || this.tracker.get().stage !== 'engine') return e;
    const r = await this.ssh.exec('tail -n 20 /var/log/dockerd.log', { timeoutMs: 5000 }).catch(() => undefined);
    if (!r?.stdout) return e;
    const be = e instanceof BerthError ? e : new BerthError('VM_ERROR', String(e));
    return new BerthError(be.code, be.message, { detail: `last lines of /var/log/dockerd.log:\n${r.stdout}` });
  }

  protected requireSsh(): SshSession {
    if (!this.ssh || this.tracker.get().state !== 'running') throw new BerthError('VM_ERROR', 'The VM is not running; start it first.');
    return this.ssh;
  }

  exec(command: string, opts?: { stdin?: string | Buffer; timeoutMs?: number }): Promise<ExecResult> {
    return this.requireSsh().exec(command, opts);
  }

  shell(size: { cols: number; rows: number }): Promise<ShellHandle> {
    return this.requireSsh().shell(size);
  }

  forward(target: { socketPath: string } | { host: string; port: number }): Promise<Duplex> {
    const ssh = this.requireSsh();
    return 'socketPath' in target ? ssh.openUnix(target.socketPath) : ssh.openTcp(target.host, target.port);
  }
}
