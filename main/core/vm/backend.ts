// The VmBackend seam (QEMU, WSL2) and the state machine with timed start-up stages that every backend reports through.
import type { Duplex } from 'node:stream';
import { BerthError } from '../../../app/errors.js';
import type { VmAccel, VmBackendKind, VmFailure, VmSettings, VmStage, VmState, VmStatus } from '../../../app/vm.js';
import type { ShareEvents } from './shares/events.js';
import type { ExecResult, ShellHandle } from '../ssh/ssh.js';
import { createLogger } from '../log.js';

const log = createLogger('vm.state');

export type Disposer = () => void;

/** Forwards of guest ports to host ports that a backend can do natively (QEMU hostfwd); absent = use SSH tunnels. */
export interface NativePortForwarder {
  add(protocol: 'tcp' | 'udp', hostIp: string, hostPort: number, guestPort: number): Promise<void>;
  remove(protocol: 'tcp' | 'udp', hostIp: string, hostPort: number): Promise<void>;
}

export interface VmBackend {
  readonly kind: VmBackendKind;
  state(): VmStatus;
  /** Every status change; returns a disposer. */
  onStatus(cb: (s: VmStatus) => void): Disposer;
  /** Makes the VM (keys, disks, registration); absent -> creating -> stopped. */
  create(settings: VmSettings): Promise<void>;
  /** stopped|error -> starting (boot, network, ssh, engine) -> running. */
  start(settings: VmSettings): Promise<void>;
  /**
   * running -> stopping -> stopped: engine first, then the guest, then the process. `save` (QEMU): the whole VM is
   * saved instead, and the next start resumes it; a backend that cannot save shuts down.
   */
  stop(opts?: { save?: boolean }): Promise<void>;
  restart(settings: VmSettings): Promise<void>;
  /** Removes the VM and all its data. */
  delete(): Promise<void>;
  exec(command: string, opts?: { stdin?: string | Buffer; timeoutMs?: number }): Promise<ExecResult>;
  shell(size: { cols: number; rows: number }): Promise<ShellHandle>;
  /** A stream into the guest: to a unix socket path, or to host:port as the guest sees it. */
  forward(target: { socketPath: string } | { host: string; port: number }): Promise<Duplex>;
  /** File events for shared folders, when the backend mounts any (QEMU's reverse SSHFS). */
  readonly shareEvents?: ShareEvents | undefined;
  /** Native guest-port forwarding, when the backend has it. */
  readonly ports?: NativePortForwarder | undefined;
  consoleTail(lines: number): string[];
  /** Sleep and wake without losing anything (QEMU: QMP stop/cont); absent = the backend cannot sleep. */
  pause?(): Promise<void>;
  resume?(): Promise<void>;
  /** Called when the SSH link to the guest goes down (false) or comes back (true). */
  onConnection(cb: (up: boolean) => void): Disposer;
}

const TRANSITIONS: Record<VmState, readonly VmState[]> = {
  absent: ['creating'],
  creating: ['stopped', 'error', 'absent'],
  stopped: ['starting', 'absent', 'creating'],
  starting: ['running', 'stopping', 'error', 'stopped'],
  running: ['stopping', 'error', 'stopped'],
  stopping: ['stopped', 'error'],
  error: ['starting', 'stopping', 'stopped', 'absent', 'creating'],
};

export function canTransition(from: VmState, to: VmState): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

/** Holds a backend's status, enforces the state machine, times the stages and notifies listeners. */
export class StatusTracker {
  private status: VmStatus;
  private t0 = 0;
  private readonly listeners = new Set<(s: VmStatus) => void>();

  constructor(kind: VmBackendKind, initial: VmState = 'absent', private readonly now: () => number = Date.now) {
    this.status = { state: initial, backend: kind, stages: [] };
  }

  get(): VmStatus {
    return structuredClone(this.status);
  }

  on(cb: (s: VmStatus) => void): Disposer {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  private publish(): void {
    const s = this.get();
    for (const l of this.listeners) {
      try {
        l(s);
      } catch (e) {
        log.error('status listener threw', { error: String(e) });
      }
    }
  }

  /** Changes state; an impossible transition is a bug, reported as INTERNAL. */
  set(state: VmState, patch: Partial<Omit<VmStatus, 'state' | 'stages'>> = {}): void {
    const from = this.status.state;
    if (!canTransition(from, state)) throw new BerthError('INTERNAL', `VM state cannot go from ${from} to ${state}.`);
    if (state === 'starting' && from !== 'starting') {
      this.t0 = this.now();
      this.status = { state, backend: this.status.backend, stages: [] };
    } else {
      this.status.state = state;
    }
    if (state !== 'error') delete this.status.error;
    if (state !== 'starting') delete this.status.stage;
    if (state === 'stopped' || state === 'absent') delete this.status.socketPath;
    Object.assign(this.status, patch);
    log.info(`state ${from} -> ${state}`);
    this.publish();
  }

  patch(patch: Partial<Omit<VmStatus, 'state' | 'stages'>>): void {
    Object.assign(this.status, patch);
    this.publish();
  }

  setAccel(accel: VmAccel, note?: string): void {
    this.status.accel = accel;
    if (note) this.status.accelNote = note;
    else delete this.status.accelNote;
    this.publish();
  }

  /** Marks `stage` as begun (ending the one in progress, if any). */
  beginStage(stage: VmStage): void {
    this.endStage();
    this.status.stage = stage;
    this.status.stages.push({ stage, startedAtMs: this.now() - this.t0, status: 'running' });
    this.publish();
  }

  /** Ends the stage in progress as done, logging how long it took. */
  endStage(): void {
    const cur = this.status.stages.at(-1);
    if (!cur || cur.status !== 'running') return;
    cur.status = 'done';
    cur.durationMs = this.now() - this.t0 - cur.startedAtMs;
    log.info(`stage ${cur.stage} done in ${cur.durationMs} ms (at ${cur.startedAtMs + cur.durationMs} ms)`);
  }

  /** Ends the start-up in error: the stage in progress failed, with what failed and the guest's last console lines. */
  fail(err: unknown, consoleTail: string[]): VmFailure {
    const cur = this.status.stages.at(-1);
    const stage = cur?.status === 'running' ? cur.stage : undefined;
    if (cur && cur.status === 'running') {
      cur.status = 'failed';
      cur.durationMs = this.now() - this.t0 - cur.startedAtMs;
    }
    const be = err instanceof BerthError ? err : new BerthError('VM_ERROR', err instanceof Error ? err.message : String(err));
    const failure: VmFailure = { ...be.toWire(), consoleTail };
    if (stage) failure.stage = stage;
    const fix = (err as { fix?: unknown } | undefined)?.fix;
    if (typeof fix === 'string') failure.fix = fix;
    log.error(`VM failed${stage ? ` in stage ${stage}` : ''}: ${be.message}`);
    this.set('error', { error: failure });
    return failure;
  }

  /** ms since the current start began (for logs). */
  elapsed(): number {
    return this.now() - this.t0;
  }
}
