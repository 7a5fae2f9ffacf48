// A scripted Berth VM for the window (vm.* over ScriptedCore): a start walks the four stages at a chosen pace and emits
// vm.changed as the core does; settings, console, forwards, a tiny shell and reset answer like the contract says.
// Used where the real VM cannot run (here: the e2e machine); it checks the window, not the VM.
import type { Page } from '@playwright/test';
import { ScriptedCore, type ScriptedError, type StreamIo } from './ScriptedCore.js';

type Stage = 'boot' | 'network' | 'ssh' | 'engine';
interface StageTiming {
  stage: Stage;
  startedAtMs: number;
  durationMs?: number;
  status: 'running' | 'done' | 'failed';
}
export interface ScriptedVmStatus {
  state: 'absent' | 'creating' | 'stopped' | 'starting' | 'running' | 'stopping' | 'error';
  backend?: 'qemu' | 'wsl';
  stage?: Stage;
  stages: StageTiming[];
  error?: ScriptedError & { stage?: Stage; consoleTail?: string[]; fix?: string };
  socketPath?: string;
  accel?: 'kvm' | 'hvf' | 'whpx' | 'tcg' | 'wsl';
  accelNote?: string;
  imageVersion?: string;
  running?: { cpus: number; memoryMiB: number; diskGiB: number };
  restartNeeded?: boolean;
  guestArch?: string;
  emulator?: { path: string; source: string; version?: string; note?: string };
  hostAccess?: { applied?: ScriptedHostAccess; hostAddress?: string; error?: string };
  sleeping?: boolean;
  lastWakeMs?: number;
  lastStart?: { how: 'resumed' | 'booted'; ms: number; coldReason?: string };
}
/** WSL2's autoMemoryReclaim in a scripted %UserProfile%\.wslconfig (vm.wslMemory answers UNSUPPORTED unless backend is 'wsl'). */
export interface ScriptedWslMemory {
  path: string;
  exists: boolean;
  mode?: 'disabled' | 'gradual' | 'dropcache';
  unknownValue?: string;
  ignoredDuplicates: number;
  restartNeeded: boolean;
}
export interface ScriptedHostAccess {
  mode: 'none' | 'ports' | 'all';
  ports?: number[];
}
export interface ScriptedForward {
  protocol: 'tcp' | 'udp';
  hostIp: string;
  hostPort: number;
  guestHost?: string;
  guestPort: number;
  containerId?: string;
  containerName?: string;
  origin: 'published' | 'manual';
  status: 'active' | 'failed';
  error?: ScriptedError;
}

const STAGES: Stage[] = ['boot', 'network', 'ssh', 'engine'];

export const CONSOLE = [
  '[    0.000000] Linux version 6.1.0-berth-cloud-amd64 (debian-kernel@lists.debian.org)',
  '[    0.412305] nvme nvme0: 1/0/0 default/read/poll queues',
  '[    1.081220] EXT4-fs (nvme0n1): mounted filesystem with ordered data mode.',
  'berth-init: mounting /proc /sys /dev /run',
  'berth-init: eth0 up, 10.0.2.15/24 via 10.0.2.2',
  'berth-init: sshd listening on :22',
  'berth-init: starting dockerd (data on /dev/nvme1n1)',
  'dockerd: API listen on /var/run/docker.sock',
];

export class ScriptedVm {
  status: ScriptedVmStatus;
  settings: { cpus: number; memoryMiB: number; diskGiB: number; hostAccess?: ScriptedHostAccess } = { cpus: 2, memoryMiB: 2048, diskGiB: 64 };
  forwards: ScriptedForward[] = [];
  /** The scripted .wslconfig's autoMemoryReclaim; `wslRestarts` counts `wsl --shutdown`s asked for. */
  wslMemory: ScriptedWslMemory = { path: 'C:\\Users\\Ann Lee\\.wslconfig', exists: false, ignoredDuplicates: 0, restartNeeded: false };
  wslRestarts = 0;
  /** Wall time per reported ms for the next start (0.1: a 20 s start plays in 2 s). */
  pace = 0.1;
  /** Makes the next start fail at a stage. */
  failNext: { stage: Stage; error: ScriptedError & { consoleTail?: string[]; fix?: string } } | undefined;
  private timers: ReturnType<typeof setTimeout>[] = [];

  private constructor(
    readonly core: ScriptedCore,
    initial: ScriptedVmStatus,
    /** Stage durations (ms) for a start. */
    public durations: Record<Stage, number>,
  ) {
    this.status = initial;
  }

  static async install(page: Page, opts: { initial?: Partial<ScriptedVmStatus>; durations?: Partial<Record<Stage, number>>; extra?: Parameters<typeof ScriptedCore.install>[1] } = {}): Promise<ScriptedVm> {
    const ref: { vm?: ScriptedVm } = {};
    const need = () => ref.vm as ScriptedVm;
    const core = await ScriptedCore.install(page, {
      requests: {
        'vm.status': () => need().status,
        'vm.settings': () => need().settings,
        'vm.setSettings': (patch) => need().setSettings(patch as Partial<ScriptedVm['settings']>),
        'vm.console': () => [...CONSOLE.slice(0, need().status.error ? -1 : undefined), ...(need().status.error?.consoleTail ?? [])],
        'vm.forwardList': () => need().forwards,
        'vm.start': () => need().startFromWindow(),
        'vm.stop': () => need().stop(),
        'vm.restart': async () => {
          await need().stop();
          return need().startFromWindow();
        },
        'vm.reset': () => need().reset(),
        'vm.wslMemory': () => need().wslMemoryAnswer(),
        'vm.setWslMemory': (input) => need().setWslMemory((input as { mode: NonNullable<ScriptedWslMemory['mode']> }).mode),
        'vm.restartWsl': () => need().restartWsl(),
        ...opts.extra?.requests,
      },
      streams: {
        'vm.shell': (_input, io) => shell(io),
        ...opts.extra?.streams,
      },
    });
    const vm = new ScriptedVm(
      core,
      { state: 'stopped', backend: 'qemu', stages: [], accel: 'tcg', accelNote: 'KVM did not answer within 5 s; using TCG (software emulation).', imageVersion: 'bookworm-2026.11.2', ...opts.initial },
      { boot: 4200, network: 900, ssh: 5100, engine: 9800, ...opts.durations },
    );
    ref.vm = vm;
    return vm;
  }

  private emit(): void {
    this.core.emit('vm.changed', this.status);
  }

  set(next: Partial<ScriptedVmStatus>): void {
    this.status = { ...this.status, ...next };
    this.emit();
  }

  setForwards(f: ScriptedForward[]): void {
    this.forwards = f;
    this.core.emit('vm.forwards', f);
  }

  setSettings(patch: Partial<ScriptedVm['settings']>): ScriptedVm['settings'] {
    this.settings = { ...this.settings, ...patch };
    const r = this.status.running;
    if (r) this.set({ restartNeeded: r.cpus !== this.settings.cpus || r.memoryMiB !== this.settings.memoryMiB || r.diskGiB !== this.settings.diskGiB });
    // As the core does: host access applies in the running guest at once.
    if (patch.hostAccess && this.status.state === 'running') this.set({ hostAccess: { applied: patch.hostAccess, hostAddress: '10.0.2.2' } });
    return this.settings;
  }

  wslMemoryAnswer(): ScriptedWslMemory {
    if (this.status.backend !== 'wsl') throw { code: 'UNSUPPORTED', message: 'Giving memory back through .wslconfig is a WSL2 setting; this Berth VM does not run under WSL2.' };
    return { ...this.wslMemory };
  }

  setWslMemory(mode: NonNullable<ScriptedWslMemory['mode']>): ScriptedWslMemory {
    this.wslMemoryAnswer();
    const was = this.wslMemory;
    this.wslMemory = { path: was.path, exists: true, mode, ignoredDuplicates: was.ignoredDuplicates, restartNeeded: was.restartNeeded || was.mode !== mode };
    return { ...this.wslMemory };
  }

  /** As the core does: the VM stopped, WSL shut down, the VM started again when it was running. */
  async restartWsl(): Promise<{ ok: true }> {
    this.wslMemoryAnswer();
    const was = this.status.state === 'running';
    if (was) await this.stop();
    this.wslRestarts++;
    this.wslMemory = { ...this.wslMemory, restartNeeded: false };
    if (was) await this.start(this.pace);
    return { ok: true };
  }

  startFromWindow(): Promise<{ ok: true }> {
    const f = this.failNext;
    this.failNext = undefined;
    return this.start(this.pace, f);
  }

  /** Walks the stages in (scaled) real time; `pace` < 1 runs them faster than their reported durations. */
  start(pace = 0.1, failAt?: { stage: Stage; error: ScriptedError & { consoleTail?: string[]; fix?: string } }): Promise<{ ok: true }> {
    this.clear();
    const stages: StageTiming[] = [];
    this.set({ state: 'starting', stage: 'boot', stages: [], error: undefined, restartNeeded: false, running: undefined });
    return new Promise((ok, fail) => {
      let at = 0;
      let wait = 0;
      STAGES.forEach((stage, i) => {
        const startAt = at;
        this.timers.push(
          setTimeout(() => {
            stages.push({ stage, startedAtMs: startAt, status: 'running' });
            this.set({ stage, stages: stages.map((s) => ({ ...s })) });
          }, wait),
        );
        const d = this.durations[stage];
        at += d;
        wait += d * pace;
        this.timers.push(
          setTimeout(() => {
            const s = stages[i] as StageTiming;
            if (failAt?.stage === stage) {
              s.status = 'failed';
              s.durationMs = d;
              this.set({ state: 'error', stage: undefined, stages: stages.map((x) => ({ ...x })), error: { ...failAt.error, stage } });
              this.clear();
              fail(failAt.error);
              return;
            }
            s.status = 'done';
            s.durationMs = d;
            if (i === STAGES.length - 1) {
              this.set({ state: 'running', stage: undefined, stages: stages.map((x) => ({ ...x })), socketPath: '/home/you/.berth/run/docker.sock', running: { ...this.settings }, restartNeeded: false });
              ok({ ok: true });
            } else this.set({ stages: stages.map((x) => ({ ...x })) });
          }, wait),
        );
      });
    });
  }

  async stop(): Promise<{ ok: true }> {
    this.clear();
    this.set({ state: 'stopping' });
    await new Promise((r) => setTimeout(r, 300));
    this.set({ state: 'stopped', stage: undefined, socketPath: undefined, running: undefined, restartNeeded: false });
    this.setForwards([]);
    return { ok: true };
  }

  async reset(): Promise<{ ok: true }> {
    const was = this.status.state === 'running';
    await this.stop();
    this.set({ state: 'creating', stages: [] });
    await new Promise((r) => setTimeout(r, 300));
    this.set({ state: 'stopped' });
    if (was) await this.start(this.pace);
    return { ok: true };
  }

  private clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
  }
}

/** A shell that echoes what is typed and answers each line with a fixed line and a prompt. */
function shell(io: StreamIo) {
  const prompt = 'root@berth-vm:~# ';
  let line = '';
  setTimeout(() => io.data(`Debian GNU/Linux 12 (Berth VM)\r\n${prompt}`), 50);
  return {
    write(d: string) {
      for (const ch of d) {
        if (ch === '\r') {
          const cmd = line.trim();
          line = '';
          if (cmd === 'exit') {
            io.data('\r\nlogout\r\n');
            io.end({ exitCode: 0, shell: 'bash' });
            return;
          }
          const out = cmd === 'uname -r' ? '6.1.0-berth-cloud-amd64' : cmd === 'docker info --format {{.Driver}}' ? 'overlay2' : cmd ? `(scripted VM shell) ${cmd}` : '';
          io.data(`\r\n${out ? `${out}\r\n` : ''}${prompt}`);
        } else if (ch === '\x7f') {
          line = line.slice(0, -1);
          io.data('\b \b');
        } else {
          line += ch;
          io.data(ch);
        }
      }
    },
  };
}
