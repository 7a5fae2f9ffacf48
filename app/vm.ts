// The Berth VM as the UI sees it: state machine, named start-up stages with timings, status, settings, forwards.
import { z } from 'zod';
import { WireError } from './errors.js';
import { HostAccess } from './host-access.js';
import { shareProblem } from './shares.js';

/** absent -> creating -> stopped -> starting -> running -> stopping -> stopped; any step may end in error. */
export const VmState = z.enum(['absent', 'creating', 'stopped', 'starting', 'running', 'stopping', 'error']);
export type VmState = z.infer<typeof VmState>;

/** The start-up stages, in order: kernel+init, guest network, SSH login, engine answering /_ping. */
export const VM_STAGES = ['boot', 'network', 'ssh', 'engine'] as const;
export const VmStage = z.enum(VM_STAGES);
export type VmStage = z.infer<typeof VmStage>;

export const VmStageTiming = z.object({
  stage: VmStage,
  /** ms since the start was requested. */
  startedAtMs: z.number().nonnegative(),
  /** How long the stage took, once done. */
  durationMs: z.number().nonnegative().optional(),
  status: z.enum(['running', 'done', 'failed']),
});
export type VmStageTiming = z.infer<typeof VmStageTiming>;

export const VmAccel = z.enum(['kvm', 'hvf', 'whpx', 'tcg', 'wsl']);
export type VmAccel = z.infer<typeof VmAccel>;

export const VmBackendKind = z.enum(['qemu', 'wsl']);
export type VmBackendKind = z.infer<typeof VmBackendKind>;

/** What failed, in words a person can act on, plus the last lines of the guest's console. */
export const VmFailure = WireError.extend({
  stage: VmStage.optional(),
  consoleTail: z.array(z.string()).optional(),
  /** One command that fixes it, shown ready to copy (e.g. `brew install qemu` when QEMU is missing). */
  fix: z.string().optional(),
});
export type VmFailure = z.infer<typeof VmFailure>;

/** A host folder shared with the VM, mounted in the guest at the same absolute path. */
export const SharePath = z.string().min(1).max(4096).superRefine((p, ctx) => {
  const problem = shareProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const VmSettings = z.object({
  cpus: z.number().int().min(1).max(64),
  memoryMiB: z.number().int().min(512).max(262_144),
  /** Size of the data disk; it only grows (shrinking would lose data). */
  diskGiB: z.number().int().min(4).max(4096),
  /** Host folders shared with the VM (same path inside); absent = the defaults (home and temp folders). */
  shares: z.array(SharePath).max(64).optional(),
  /** Which services on the host's loopback containers may open; absent = none. Applies at once, no restart. */
  hostAccess: HostAccess.optional(),
  /** Seconds with no container running and no client using the engine before the VM sleeps (paused); 0 = never; absent = 300. */
  sleepAfterS: z.number().int().min(0, 'must be 0 (never) or more seconds').max(86_400).optional(),
  /**
   * When Berth quits or the VM is stopped: true (absent) saves the whole VM to a file and resumes it at the next start,
   * containers still running; false shuts the guest down cleanly (containers get SIGTERM) and the next start boots.
   */
  keepContainersRunning: z.boolean().optional(),
});
export type VmSettings = z.infer<typeof VmSettings>;

export const DEFAULT_VM_SETTINGS: VmSettings = { cpus: 2, memoryMiB: 2048, diskGiB: 64 };

/** How long the VM waits, idle, before it sleeps when the settings do not say. */
export const DEFAULT_SLEEP_AFTER_S = 300;

/** How a shared folder reaches the guest: reverse SSHFS (QEMU), or Windows drives already at /mnt/<drive> (WSL2). */
export const ShareTransport = z.enum(['sshfs', 'wsl-drives']);
export type ShareTransport = z.infer<typeof ShareTransport>;

/** One shared folder as the running VM has it. */
export const VmShare = z.object({
  path: z.string(),
  transport: ShareTransport,
  state: z.enum(['mounting', 'mounted', 'failed']),
  /** Why it is not mounted, in words a person can act on. */
  error: z.string().optional(),
});
export type VmShare = z.infer<typeof VmShare>;

/** How a VM start went: `resumed` from the state saved at the last stop, or `booted` cold (coldReason: why a saved state was not used). */
export const VmStartKind = z.object({
  how: z.enum(['resumed', 'booted']),
  /** From the start request to the engine answering. */
  ms: z.number().nonnegative(),
  coldReason: z.string().optional(),
});
export type VmStartKind = z.infer<typeof VmStartKind>;

export const VmStatus = z.object({
  state: VmState,
  backend: VmBackendKind.optional(),
  /** The stage in progress while starting. */
  stage: VmStage.optional(),
  stages: z.array(VmStageTiming),
  error: VmFailure.optional(),
  /** The engine socket exported on the host, once the engine answers. */
  socketPath: z.string().optional(),
  accel: VmAccel.optional(),
  /** Why the accelerator in use is not the best one (e.g. "KVM did not answer within 5 s"). */
  accelNote: z.string().optional(),
  /** The guest's architecture as `uname -m` says it: x86_64 or aarch64. */
  guestArch: z.string().optional(),
  /** The QEMU in use: where it was found and its version; `note` when it is too old for something. */
  emulator: z.object({ path: z.string(), source: z.string(), version: z.string().optional(), note: z.string().optional() }).optional(),
  imageVersion: z.string().optional(),
  /** Settings in effect in the running VM; they can differ from the saved ones until a restart. */
  running: VmSettings.optional(),
  restartNeeded: z.boolean().optional(),
  /** The shared folders of the running VM and their state. */
  shares: z.array(VmShare).optional(),
  /** What the running guest enforces for containers reaching the host, or why it could not (the guest then refuses all). */
  hostAccess: z.object({ applied: HostAccess.optional(), hostAddress: z.string().optional(), error: z.string().optional() }).optional(),
  /** While running: paused because idle (no host CPU); the first engine request or VM action wakes it. */
  sleeping: z.boolean().optional(),
  /** How long the last wake took (ms): the guest running again; its clock is set at once beside the first request. */
  lastWakeMs: z.number().nonnegative().optional(),
  /** How the running VM started: resumed from its saved state, or booted (and why not resumed, when a saved state was refused). */
  lastStart: VmStartKind.optional(),
});
export type VmStatus = z.infer<typeof VmStatus>;

/** A host port answering for a container port in the VM (automatic from published ports, or added by hand). */
export const VmPortForward = z.object({
  protocol: z.enum(['tcp', 'udp']),
  hostIp: z.string(),
  hostPort: z.number().int().min(1).max(65535),
  /** Where the traffic goes inside the VM: the guest's own port, or a container address for publish-on-running. */
  guestHost: z.string().optional(),
  guestPort: z.number().int().min(1).max(65535),
  containerId: z.string().optional(),
  containerName: z.string().optional(),
  origin: z.enum(['published', 'manual']),
  status: z.enum(['active', 'failed']),
  error: WireError.optional(),
});
export type VmPortForward = z.infer<typeof VmPortForward>;

/** Why the data disk was trimmed: the person asked, a removal or prune freed space, or the daily timer. */
export const VmTrimReason = z.enum(['manual', 'removal', 'daily']);
export type VmTrimReason = z.infer<typeof VmTrimReason>;

/** One trim of the data disk: what the guest discarded and what the host's filesystem got back. */
export const VmDiskTrim = z.object({
  reason: VmTrimReason,
  /** When it ended (epoch ms). */
  at: z.number(),
  durationMs: z.number().nonnegative(),
  /** The disk file's allocated bytes on the host before and after. */
  allocatedBefore: z.number().nonnegative(),
  allocatedAfter: z.number().nonnegative(),
  /** allocatedBefore − allocatedAfter, never below 0: the bytes actually returned to the host's filesystem. */
  returnedBytes: z.number().nonnegative(),
  /** What `fstrim` says it discarded in the guest (free space it had not trimmed before; more than what returns). */
  trimmedBytes: z.number().nonnegative().optional(),
});
export type VmDiskTrim = z.infer<typeof VmDiskTrim>;

/** The VM's data disk: its size on the host, its filesystem in the guest, and the last trim. */
export const VmDiskUsage = z.object({
  /** The disk file on the host. */
  file: z.string(),
  /** Bytes the file takes on the host's filesystem (stat blocks × 512). */
  allocatedBytes: z.number().nonnegative(),
  /** Its apparent size: the disk's capacity as the guest sees it. */
  apparentBytes: z.number().nonnegative(),
  /** The guest filesystem's size and use (`df`), while the VM runs. */
  guest: z.object({ sizeBytes: z.number().nonnegative(), usedBytes: z.number().nonnegative() }).optional(),
  lastTrim: VmDiskTrim.optional(),
});
export type VmDiskUsage = z.infer<typeof VmDiskUsage>;

export const VmShellSize = z.object({
  cols: z.number().int().min(1).max(1000),
  rows: z.number().int().min(1).max(1000),
});
export type VmShellSize = z.infer<typeof VmShellSize>;

/** WSL2's `[experimental] autoMemoryReclaim` (%UserProfile%\.wslconfig): what WSL does with the VM's cached memory. */
export const WslMemoryReclaimMode = z.enum(['disabled', 'gradual', 'dropcache']);
export type WslMemoryReclaimMode = z.infer<typeof WslMemoryReclaimMode>;

/** The autoMemoryReclaim setting as the file says it (machine-wide: every WSL distribution shares the VM). */
export const WslMemoryReclaim = z.object({
  /** The file, `%UserProfile%\.wslconfig`. */
  path: z.string(),
  exists: z.boolean(),
  /** The value WSL reads (the first occurrence); absent when the key is not set (WSL's default applies) or unknown. */
  mode: WslMemoryReclaimMode.optional(),
  /** A value WSL does not know, as written: WSL warns and uses its default. */
  unknownValue: z.string().optional(),
  /** Later occurrences of the key in the file, which WSL ignores. */
  ignoredDuplicates: z.number().int().nonnegative(),
  /** The file says something else than when Berth first read it or last restarted WSL: it applies after `wsl --shutdown`. */
  restartNeeded: z.boolean(),
});
export type WslMemoryReclaim = z.infer<typeof WslMemoryReclaim>;
