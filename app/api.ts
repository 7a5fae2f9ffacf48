// The contract: every request, event and stream between a window and the core, each with a zod schema.
import { z } from 'zod';
import { event, request, stream } from './contract.js';
import { RememberedRegistries, Remember } from './credentials.js';
import {
  AddedEngine, CurrentEngine, EngineEntry, EngineRef, MoveImageInput, MoveImageResult, MoveProgress, MoveVolumeInput, MoveVolumeResult, RecreateInput, RecreateResult,
} from './engines.js';
import { RunSpec } from './runspec.js';
import { Settings, SettingsPatch } from './settings.js';
import { VmDiskTrim, VmDiskUsage, VmPortForward, VmSettings, VmStatus, WslMemoryReclaim, WslMemoryReclaimMode } from './vm.js';
import { VmImageState, VmSetUpProgress, VmSetUpResult } from './vm-setup.js';
import {
  BuildChunk, Change, ContainerSummary, ContainersDelta, DiskUsage, EngineEvent, EngineInfo, EngineStatus, EngineVersion,
  HistoryEntry, ImageSummary, ImagesDelta, Json, LogLine, NetworkSummary, NetworksDelta, PruneResult, PullChunk,
  RegistryAuth, StatsSample, TopResult, VolumeSummary, VolumesDelta,
} from './model.js';

const none = z.void();
const ok = z.object({ ok: z.literal(true) });
/** A container, image, volume or network: by id or name. */
const ref = z.string().min(1).max(512);
const byId = z.object({ id: ref });
const hostPath = z.string().min(1).max(4096);
const imageRef = z.string().min(1).max(512);

export const RunResult = z.object({
  id: z.string(),
  name: z.string(),
  warnings: z.array(z.string()),
  /** The host ports actually bound, dynamic ones included. */
  ports: z.array(z.object({ containerPort: z.number(), protocol: z.string(), hostIp: z.string(), hostPort: z.number() })),
});
export type RunResult = z.infer<typeof RunResult>;

const TerminalSize = { cols: z.number().int().min(1).max(1000).default(80), rows: z.number().int().min(1).max(1000).default(24) };

export const ExecInput = z.object({
  id: ref,
  /** Command to run; absent means "a shell": bash, then sh, then Berth's static busybox. */
  cmd: z.array(z.string()).optional(),
  tty: z.boolean().default(true),
  user: z.string().optional(),
  workdir: z.string().optional(),
  env: z.array(z.string()).default([]),
  /** When the container has no shell, copy a static busybox in (the image is not changed). */
  fallbackShell: z.boolean().default(true),
  ...TerminalSize,
});
export type ExecInput = z.infer<typeof ExecInput>;

export const TerminalResult = z.object({ exitCode: z.number().nullable(), shell: z.string().optional() });

export const LogsInput = z.object({
  id: ref,
  follow: z.boolean().default(true),
  /** Number of lines from the end, or absent for all. */
  tail: z.number().int().min(0).optional(),
  /** Unix seconds or an RFC3339 time. */
  since: z.union([z.number(), z.string()]).optional(),
  until: z.union([z.number(), z.string()]).optional(),
  timestamps: z.boolean().default(false),
});
export type LogsInput = z.infer<typeof LogsInput>;

export const api = {
  engine: {
    status: request(none, EngineStatus),
    version: request(none, EngineVersion),
    info: request(none, EngineInfo),
    df: request(none, DiskUsage),
    prune: request(
      z.object({ containers: z.boolean().default(false), images: z.boolean().default(false), allImages: z.boolean().default(false), volumes: z.boolean().default(false), networks: z.boolean().default(false), buildCache: z.boolean().default(false) }),
      z.object({ spaceReclaimed: z.number(), deleted: z.array(z.string()) }),
    ),
    /** The engine came up, went down, or is reconnecting. */
    changed: event(EngineStatus),
    /** Every engine event, as it happens. */
    events: event(EngineEvent),
  },
  containers: {
    list: request(z.object({ all: z.boolean().default(true) }).default({ all: true }), z.array(ContainerSummary)),
    inspect: request(byId, Json),
    run: request(RunSpec, RunResult),
    create: request(RunSpec, RunResult),
    start: request(byId, ok),
    stop: request(z.object({ id: ref, timeout: z.number().int().min(0).max(3600).optional() }), ok),
    restart: request(z.object({ id: ref, timeout: z.number().int().min(0).max(3600).optional() }), ok),
    kill: request(z.object({ id: ref, signal: z.string().regex(/^[A-Z0-9+-]{1,16}$/).optional() }), ok),
    pause: request(byId, ok),
    unpause: request(byId, ok),
    rename: request(z.object({ id: ref, name: z.string().min(1).max(255) }), ok),
    remove: request(z.object({ id: ref, force: z.boolean().default(false), volumes: z.boolean().default(false) }), ok),
    top: request(z.object({ id: ref, psArgs: z.string().max(200).optional() }), TopResult),
    diff: request(byId, z.array(Change)),
    /**
     * `docker commit`: `repo` and `tag` as parseCommitTarget gives them, `changes` one Dockerfile instruction each (CMD, ENV, …).
     * The busybox Berth lent the container for a shell is removed first (while the container runs and no Berth shell uses it);
     * otherwise the commit is refused unless `includeBerthBusybox`.
     */
    commit: request(
      z.object({
        id: ref,
        repo: z.string().min(1).max(512),
        tag: z.string().max(128).optional(),
        comment: z.string().max(4096).optional(),
        author: z.string().max(512).optional(),
        pause: z.boolean().default(true),
        changes: z.array(z.string().max(4096)).max(64).default([]),
        includeBerthBusybox: z.boolean().default(false),
      }),
      z.object({ imageId: z.string(), removedLent: z.array(z.string()).optional() }),
    ),
    export: request(z.object({ id: ref, path: hostPath }), z.object({ path: z.string(), bytes: z.number() })),
    /** Publish one more port of a container (engine-side: recreate is not needed on the VM endpoint). */
    publish: request(
      z.object({ id: ref, containerPort: z.number().int().min(1).max(65535), protocol: z.enum(['tcp', 'udp']).default('tcp'), hostPort: z.number().int().min(0).max(65535).optional() }),
      z.object({ hostIp: z.string(), hostPort: z.number() }),
    ),
    /** The ports Berth published on this container while it runs (publish above); they end when it stops. */
    published: request(byId, z.array(z.object({ hostIp: z.string(), hostPort: z.number(), containerPort: z.number(), protocol: z.enum(['tcp', 'udp']) }))),
    /** Stops forwarding one of those ports. */
    unpublish: request(z.object({ id: ref, hostPort: z.number().int().min(1).max(65535), protocol: z.enum(['tcp', 'udp']).default('tcp') }), ok),
    logs: stream(LogsInput, z.array(LogLine), z.object({ lines: z.number() })),
    stats: stream(byId, StatsSample, z.void()),
    /** One CPU/memory sample of each running container named (list rows, a few seconds apart); gone or stopped ones are left out. */
    statsSnapshot: request(z.object({ ids: z.array(ref).max(500) }), z.record(z.string(), StatsSample)),
    changed: event(ContainersDelta),
  },
  terminals: {
    exec: stream(ExecInput, z.string(), TerminalResult, { duplex: true }),
    attach: stream(z.object({ id: ref, ...TerminalSize }), z.string(), TerminalResult, { duplex: true }),
    /** A shell on the host with DOCKER_HOST at Berth's engine (desktop app only; never offered by `berth serve`). */
    host: stream(z.object({ cwd: z.string().max(4096).optional(), ...TerminalSize }), z.string(), TerminalResult, { duplex: true }),
  },
  images: {
    list: request(none, z.array(ImageSummary)),
    inspect: request(byId, Json),
    history: request(byId, z.array(HistoryEntry)),
    /** Without `auth`, the sign-in remembered for the image's registry (if any); `remember` keeps `auth` once it worked. */
    pull: stream(z.object({ ref: imageRef, auth: RegistryAuth.optional(), remember: Remember.optional() }), PullChunk, z.object({ id: z.string() })),
    push: stream(z.object({ ref: imageRef, auth: RegistryAuth.optional(), remember: Remember.optional() }), PullChunk, z.object({ digest: z.string().optional() })),
    tag: request(z.object({ source: ref, target: imageRef }), ok),
    remove: request(z.object({ id: ref, force: z.boolean().default(false), noPrune: z.boolean().default(false) }), z.object({ untagged: z.array(z.string()), deleted: z.array(z.string()) })),
    prune: request(z.object({ all: z.boolean().default(false) }).default({ all: false }), PruneResult),
    import: request(z.object({ path: hostPath, ref: imageRef.optional(), changes: z.array(z.string()).default([]) }), z.object({ id: z.string() })),
    load: request(z.object({ path: hostPath }), z.object({ loaded: z.array(z.string()) })),
    save: request(z.object({ refs: z.array(ref).min(1), path: hostPath }), z.object({ path: z.string(), bytes: z.number() })),
    build: stream(
      z.object({ context: hostPath, dockerfile: z.string().default('Dockerfile'), tags: z.array(imageRef).default([]), buildArgs: z.record(z.string(), z.string()).default({}), noCache: z.boolean().default(false), pull: z.boolean().default(false) }),
      BuildChunk,
      z.object({ id: z.string() }),
    ),
    changed: event(ImagesDelta),
  },
  registry: {
    /** Without `auth`, the sign-in remembered for that registry host (if any); `remember` keeps `auth` once it worked. */
    repositories: request(z.object({ registry: z.string().min(1), auth: RegistryAuth.optional(), insecure: z.boolean().optional(), remember: Remember.optional() }), z.array(z.string())),
    tags: request(z.object({ registry: z.string().min(1), repository: z.string().min(1), auth: RegistryAuth.optional(), insecure: z.boolean().optional(), remember: Remember.optional() }), z.array(z.string())),
    /** The remembered sign-ins (host and username, never a password) and whether this core can encrypt them. */
    remembered: request(none, RememberedRegistries),
    /** Forgets the sign-in remembered for one registry host. */
    forget: request(z.object({ registry: z.string().min(1).max(512) }), z.object({ forgotten: z.boolean() })),
    rememberedChanged: event(RememberedRegistries),
  },
  volumes: {
    list: request(none, z.array(VolumeSummary)),
    create: request(z.object({ name: z.string().optional(), driver: z.string().default('local'), labels: z.record(z.string(), z.string()).default({}), driverOpts: z.record(z.string(), z.string()).default({}) }), VolumeSummary),
    inspect: request(z.object({ name: ref }), Json),
    remove: request(z.object({ name: ref, force: z.boolean().default(false) }), ok),
    prune: request(z.object({ all: z.boolean().default(false) }).default({ all: false }), PruneResult),
    changed: event(VolumesDelta),
  },
  networks: {
    list: request(none, z.array(NetworkSummary)),
    create: request(z.object({ name: z.string().min(1).max(255), driver: z.string().default('bridge'), internal: z.boolean().default(false), subnet: z.string().optional(), gateway: z.string().optional(), labels: z.record(z.string(), z.string()).default({}) }), NetworkSummary),
    inspect: request(byId, Json),
    remove: request(byId, ok),
    prune: request(none, PruneResult),
    connect: request(z.object({ id: ref, container: ref, aliases: z.array(z.string()).default([]) }), ok),
    disconnect: request(z.object({ id: ref, container: ref, force: z.boolean().default(false) }), ok),
    changed: event(NetworksDelta),
  },
  vm: {
    status: request(none, VmStatus),
    start: request(none, ok),
    /** Stops the VM: saved whole for a resume (the setting keepContainersRunning), or shut down cleanly when `shutdown`. */
    stop: request(z.union([none, z.object({ shutdown: z.boolean().optional() })]), ok),
    restart: request(none, ok),
    /** Deletes the VM's data disk (images, containers, volumes) and starts afresh. */
    reset: request(z.object({ confirm: z.literal('delete my data') }), ok),
    settings: request(none, VmSettings),
    setSettings: request(VmSettings.partial(), VmSettings),
    /** The last lines of the guest's console. */
    console: request(z.object({ lines: z.number().int().min(1).max(5000).default(200) }).default({ lines: 200 }), z.array(z.string())),
    /** A shell inside the VM itself. */
    shell: stream(z.object({ ...TerminalSize }), z.string(), TerminalResult, { duplex: true }),
    forwardList: request(none, z.array(VmPortForward)),
    /** The data disk's size on the host (allocated and apparent), its guest filesystem's use, the last trim. */
    disk: request(none, VmDiskUsage),
    /** Trims the data disk's free space (fstrim in the guest) and reports the bytes returned to the host's filesystem. */
    reclaimDisk: request(none, VmDiskTrim),
    /** WSL2 only (else UNSUPPORTED): `[experimental] autoMemoryReclaim` of %UserProfile%\.wslconfig, machine-wide. */
    wslMemory: request(none, WslMemoryReclaim),
    /** Sets that one key, the rest of the file kept byte for byte (the file is created only now); applies after `wsl --shutdown`. */
    setWslMemory: request(z.object({ mode: WslMemoryReclaimMode }), WslMemoryReclaim),
    /** `wsl --shutdown` (every WSL distribution stops), the Berth VM stopped before and started again after: only on the person's request. */
    restartWsl: request(none, ok),
    /** The guest image a start would boot: installed, or missing with whether Berth can build it here. */
    image: request(none, VmImageState),
    /**
     * First run with no engine, in one click: the image built when missing (its output streamed), the VM started, and its
     * engine made the current, remembered one.
     */
    setUp: stream(none, VmSetUpProgress, VmSetUpResult),
    changed: event(VmStatus),
    forwards: event(z.array(VmPortForward)),
  },
  /** Every engine the core knows at once (the host's, the Berth VM's, docker contexts', added ones) and their states. */
  engines: {
    /** Each with its last known state; one never probed is probed now, and engines.changed tells its answer. */
    list: request(none, z.array(EngineEntry)),
    /** GET /_ping and /version on one engine now, within a timeout. */
    probe: request(EngineRef, EngineEntry),
    /** Keeps an engine in settings (its name unused) and probes it. */
    add: request(AddedEngine, EngineEntry),
    /** Forgets an added engine. */
    remove: request(EngineRef, ok),
    /** The whole list, after any engine's state changed or one was added or removed. */
    changed: event(z.array(EngineEntry)),
    /**
     * Makes an engine the current one: the window's lists, requests and events go there from now on (remembered in
     * settings). Answers once it is up; one that is down is refused with its reason and the current one stays.
     */
    use: request(EngineRef, EngineEntry),
    /** The current engine's id (`endpoint` when Berth was started on an endpoint that is no engine of the list). */
    current: request(none, CurrentEngine),
    /** Another engine became the current one. */
    switched: event(CurrentEngine),
    /** Keeps the named engines connected (and their changes on the bus) while the stream is open: the all-engines views. */
    hold: stream(z.object({ ids: z.array(z.string().min(1).max(200)).max(100) }), z.never(), z.void()),
    /** An image streamed from one engine's save into another's load (no file on the host), bytes as they pass; skipped when the target has its ID. */
    moveImage: stream(MoveImageInput, MoveProgress, MoveImageResult),
    /** A named volume's files (owners and modes kept) into a new volume on another engine, through helper containers never started. */
    moveVolume: stream(MoveVolumeInput, MoveProgress, MoveVolumeResult),
    /** "Recreate on …": the container's run settings on another engine, its image (and optionally volumes) moved first; the original stopped, kept. */
    recreateContainer: stream(RecreateInput, MoveProgress, RecreateResult),
  },
  settings: {
    get: request(none, Settings),
    set: request(SettingsPatch, Settings),
    changed: event(Settings),
  },
  diagnostics: {
    /** Writes a bundle (logs, versions, settings) with secrets redacted; the desktop host asks where. */
    export: request(none, z.object({ path: z.string().optional(), files: z.array(z.string()), bytes: z.number(), cancelled: z.boolean() })),
  },
  app: {
    /** Opens a published port (http(s) on loopback) or an allowlisted URL in the default browser. */
    openExternal: request(z.object({ url: z.string().min(1).max(2048) }), z.object({ opened: z.boolean() })),
    /** The desktop host's folder picker (File sharing); `berth serve` has none, and its window offers a path field. */
    pickFolder: request(z.object({ title: z.string().max(200) }), z.object({ path: z.string().optional(), cancelled: z.boolean() })),
    /** A window's error boundary caught a rendering error: it goes to the core log (and so the diagnostics bundle). */
    reportError: request(
      z.object({ where: z.string().max(200), message: z.string().max(2000), stack: z.string().max(8000).optional(), componentStack: z.string().max(8000).optional(), route: z.string().max(512).optional() }),
      z.object({ logged: z.boolean() }),
    ),
    /** The host asks the window to show a page (menu, tray). */
    navigate: event(z.object({ route: z.string().regex(/^#\/[\w/.-]*$/) })),
  },
} as const;

export type Api = typeof api;
