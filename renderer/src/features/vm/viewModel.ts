// Pure presentation of the Berth VM: state words, start-up stages with their timings, a live elapsed time, allowed actions.
import { VM_STAGES, type VmAccel, type VmStage, type VmState, type VmStatus } from '../../../../app/vm.js';

export const STAGE_TITLES: Record<VmStage, string> = {
  boot: 'Boot (kernel and init)',
  network: 'Guest network',
  ssh: 'SSH login',
  engine: 'Engine answering',
};

const STAGE_WAITS: Record<VmStage, string> = {
  boot: 'booting the kernel',
  network: 'waiting for the guest network',
  ssh: 'waiting for the SSH login',
  engine: 'waiting for the engine to answer',
};

export type VmAction = 'start' | 'stop' | 'restart' | 'reset';

export type StageStatus = 'pending' | 'running' | 'done' | 'failed';

export interface StageVM {
  stage: VmStage;
  title: string;
  status: StageStatus;
  /** "4.2 s" for a finished stage, the live elapsed time for the running one, '' when pending. */
  time: string;
}

export interface VmView {
  state: VmState;
  /** Word(s) for the state, never colour alone: "Starting — SSH login (12.3 s)". */
  stateWord: string;
  /** Class for the dot. */
  tone: 'up' | 'connecting' | 'down' | 'idle';
  stages: StageVM[];
  /** While starting: how long the start has taken so far; once running: how long it took. */
  elapsed?: string | undefined;
  actions: Record<VmAction, boolean>;
  accel?: string | undefined;
  accelNote?: string | undefined;
  /** "QEMU 9.2.0 (Homebrew)" and the guest's architecture, once a start has found them. */
  emulator?: string | undefined;
  guestArch?: string | undefined;
  /** Something to know about the QEMU in use (too old for a feature). */
  emulatorNote?: string | undefined;
  /** `fix`: the one command that fixes the failure (e.g. `brew install qemu`), shown ready to copy. */
  error?: { title: string; detail?: string | undefined; fix?: string | undefined; consoleTail: string[] } | undefined;
  restartNote?: string | undefined;
  /** How the running VM started: "Resumed in 1.4 s — containers kept running", or why it booted instead of resuming. */
  startNote?: string | undefined;
}

/** "850 ms", "4.2 s", "1 min 05 s". */
export function seconds(ms: number): string {
  const v = Math.max(0, ms);
  if (v < 1000) return `${Math.round(v)} ms`;
  if (v < 60_000) return `${(v / 1000).toFixed(1)} s`;
  const s = Math.round(v / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

const ACCEL_WORDS: Record<VmAccel, string> = {
  kvm: 'KVM (hardware)',
  hvf: 'Hypervisor.framework (hardware)',
  whpx: 'Windows Hypervisor Platform (hardware)',
  tcg: 'TCG (software emulation — slower)',
  wsl: 'WSL2',
};

/** When, in this window's clock, the start began: each status estimates it from its newest stage transition; the earliest estimate wins. */
export function startAnchor(prev: { status: VmStatus | undefined; anchor: number | undefined }, next: VmStatus, receivedAt: number): number | undefined {
  if (next.stages.length === 0) return next.state === 'starting' ? (prev.anchor ?? receivedAt) : undefined;
  let latest = 0;
  for (const s of next.stages) latest = Math.max(latest, s.startedAtMs + (s.status === 'running' ? 0 : (s.durationMs ?? 0)));
  const estimate = receivedAt - latest;
  // A new start: the stage list began again (fewer stages, or the first stage started at a different offset).
  const prevStages = prev.status?.stages ?? [];
  const restarted = prevStages.length > next.stages.length || (prevStages[0] !== undefined && next.stages[0] !== undefined && prevStages[0].startedAtMs !== next.stages[0].startedAtMs) || (prev.status?.state !== 'starting' && next.state === 'starting');
  if (prev.anchor === undefined || restarted) return estimate;
  return Math.min(prev.anchor, estimate);
}

function stageRows(status: VmStatus, anchor: number | undefined, now: number): StageVM[] {
  const byStage = new Map(status.stages.map((s) => [s.stage, s]));
  // A resume has no network stage (the guest's network was saved with it); its boot is loading the saved state.
  const resumed = status.lastStart?.how === 'resumed';
  return VM_STAGES.filter((stage) => !resumed || byStage.has(stage)).map((stage) => {
    const t = byStage.get(stage);
    if (!t) return { stage, title: STAGE_TITLES[stage], status: 'pending' as const, time: '' };
    if (resumed && stage === 'boot') return { stage, title: 'Load the saved VM', status: t.status, time: t.durationMs !== undefined ? seconds(t.durationMs) : '' };
    if (t.status === 'running') {
      const ms = anchor !== undefined && status.state === 'starting' ? now - anchor - t.startedAtMs : undefined;
      return { stage, title: STAGE_TITLES[stage], status: status.state === 'starting' ? ('running' as const) : ('failed' as const), time: ms !== undefined ? seconds(ms) : '' };
    }
    return { stage, title: STAGE_TITLES[stage], status: t.status, time: t.durationMs !== undefined ? seconds(t.durationMs) : '' };
  });
}

export function vmView(status: VmStatus, anchor: number | undefined, now: number): VmView {
  const stages = stageRows(status, anchor, now);
  const running = stages.find((s) => s.status === 'running');
  let elapsed: string | undefined;
  if (status.state === 'starting' && anchor !== undefined) elapsed = seconds(now - anchor);
  else if (status.stages.length > 0 && status.stages.every((s) => s.status === 'done')) {
    const end = Math.max(...status.stages.map((s) => s.startedAtMs + (s.durationMs ?? 0)));
    elapsed = seconds(end);
  }
  let stateWord: string;
  let tone: VmView['tone'];
  switch (status.state) {
    case 'absent':
      stateWord = 'Not created yet';
      tone = 'idle';
      break;
    case 'creating':
      stateWord = 'Creating the VM (disk and keys)…';
      tone = 'connecting';
      break;
    case 'stopped':
      stateWord = 'Stopped';
      tone = 'idle';
      break;
    case 'starting': {
      const stage = running?.stage ?? status.stage;
      stateWord = `Starting — ${stage ? STAGE_WAITS[stage] : 'launching the VM'}${elapsed ? ` (${elapsed})` : ''}`;
      tone = 'connecting';
      break;
    }
    case 'running':
      // Asleep when idle (paused, no host CPU): still running as far as anyone using it can tell.
      if (status.sleeping) {
        stateWord = 'Sleeping — wakes on the next request';
        tone = 'idle';
      } else {
        stateWord = elapsed ? `Running (${status.lastStart?.how === 'resumed' ? 'resumed' : 'started'} in ${elapsed})` : 'Running';
        if (status.lastWakeMs !== undefined) stateWord += `, last woke in ${Math.round(status.lastWakeMs)} ms`;
        tone = 'up';
      }
      break;
    case 'stopping':
      stateWord = 'Stopping — shutting the guest down…';
      tone = 'connecting';
      break;
    case 'error':
      stateWord = status.error?.stage ? `Failed at “${STAGE_TITLES[status.error.stage]}”` : 'Failed';
      tone = 'down';
      break;
  }
  const s = status.state;
  const actions: Record<VmAction, boolean> = {
    start: s === 'stopped' || s === 'absent' || s === 'error',
    stop: s === 'running' || s === 'starting',
    restart: s === 'running' || s === 'error',
    reset: s !== 'creating' && s !== 'stopping',
  };
  const r = status.running;
  return {
    state: s,
    stateWord,
    tone,
    stages,
    elapsed,
    actions,
    accel: status.accel ? ACCEL_WORDS[status.accel] : undefined,
    accelNote: status.accelNote,
    emulator: status.emulator ? `QEMU ${status.emulator.version ?? '(version unknown)'} (${status.emulator.source})` : undefined,
    guestArch: status.guestArch,
    emulatorNote: status.emulator?.note,
    error: status.error
      ? { title: status.error.message, detail: status.error.detail, fix: status.error.fix, consoleTail: status.error.consoleTail ?? [] }
      : undefined,
    startNote: startNote(status),
    restartNote: status.restartNeeded && r ? `Running with ${r.cpus} CPUs, ${r.memoryMiB} MiB memory and a ${r.diskGiB} GiB disk; the saved settings apply after a restart.` : undefined,
  };
}

function startNote(status: VmStatus): string | undefined {
  const l = status.lastStart;
  if (!l || (status.state !== 'running' && status.state !== 'stopping')) return undefined;
  if (l.how === 'resumed') return `Resumed in ${seconds(l.ms)}: containers kept running from the last stop.`;
  return l.coldReason ? `Booted in ${seconds(l.ms)} instead of resuming: ${l.coldReason}.` : undefined;
}

/** The rail's word for the VM. */
export function railWord(supported: 'unknown' | 'yes' | 'no', status: VmStatus | undefined): { word: string; dot: string } {
  if (supported === 'no') return { word: 'not in use', dot: '' };
  if (!status) return { word: '', dot: '' };
  const dot = { running: 'up', starting: 'connecting', creating: 'connecting', stopping: 'connecting', error: 'down', stopped: '', absent: '' }[status.state];
  if (status.state === 'running' && status.sleeping) return { word: 'sleeping', dot: '' };
  const word = { running: 'running', starting: 'starting', creating: 'creating', stopping: 'stopping', error: 'failed', stopped: 'stopped', absent: 'not created' }[status.state];
  return { word, dot };
}
