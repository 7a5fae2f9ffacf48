// VmManager: the one facade the rest of core calls — lifecycle, settings, engine socket on the host, published ports, shell.
import fs from 'node:fs/promises';
import os from 'node:os';
import Dockerode from 'dockerode';
import { BerthError } from '../../../app/errors.js';
import { bindSourcesOfCreate, dedupeShares, defaultShares, normalizeHostPath, sharedBindSources, toWslCreate, unsharedBind } from '../../../app/shares.js';
import { DEFAULT_SLEEP_AFTER_S, DEFAULT_VM_SETTINGS, VmSettings, type VmDiskTrim, type VmDiskUsage, type VmPortForward, type VmStatus } from '../../../app/vm.js';
import type { Disposer, VmBackend } from './backend.js';
import { DiskReclaimer } from './disk.js';
import { ensureDockerContext } from './docker-context.js';
import { createLogger } from '../log.js';
import { ensurePrivateDir, vmPaths, type VmPaths } from './paths.js';
import { PortWatcher } from './ports.js';
import { QemuBackend, type QemuBackendOptions } from './qemu/backend.js';
import { EngineProxy } from './engine-proxy.js';
import { HostAccessGate } from './host-access.js';
import { IdleSleeper, clockCommand, isWatch, sleepAfterMs } from './sleep.js';
import { keepForwards, keepJson, restoreForwards, takeJson } from './saved-forwards.js';
import { otherOwner } from './stop-request.js';
import type { ExecResult } from '../ssh/ssh.js';
import type { VmImageState } from '../../../app/vm-setup.js';
import { buildImage, imageState, type ImageSetupOptions } from './image-setup.js';

const log = createLogger('vm.manager');

/**
 * Before the VM sleeps, page cache beyond what a working engine keeps warm goes back to the host: when the guest's
 * inactive file pages (read once, not touched since: a pull, a build) pass 256 MiB, proactive reclaim at its root cgroup
 * (cgroup v2 `memory.reclaim`) takes all but 128 MiB of them, then 3 s let free page reporting hand the blocks to QEMU.
 * Reclaiming at every sleep was measured and dropped: it also evicted the engine's own pages, and the first request after
 * a wake waited ~1–2 s for them to be read back (bench 8.wake: 1.0 s median extra with it, 0.12 s without).
 */
export const RECLAIM_BEFORE_SLEEP =
  "n=$(awk '/^Inactive\\(file\\):/{print $2}' /proc/meminfo); if [ \"${n:-0}\" -gt 262144 ]; then echo \"$((n - 131072))K\" > /sys/fs/cgroup/memory.reclaim 2>/dev/null; sleep 3; fi; true";

export interface VmShellSession {
  write(data: string | Uint8Array): void;
  resize(size: { cols: number; rows: number }): void;
  close(): void;
  onData(cb: (data: Uint8Array) => void): Disposer;
  onExit(cb: (code: number | null) => void): Disposer;
}

export interface VmManagerOptions {
  name?: string;
  home?: string;
  /** Defaults to the QEMU backend (WSL2 is chosen by the caller on Windows). */
  backend?: VmBackend & { init?: () => Promise<void> };
  qemu?: QemuBackendOptions;
  /** Where the engine socket is served; default ${BERTH_HOME}/run/docker.sock. */
  socketPath?: string;
  /** The `berth` docker context: written to $DOCKER_CONFIG (or `configDir`) unless false. */
  dockerContext?: { configDir?: string } | false;
  /** Where the default shared folders come from (tests); default this process's platform, home and temp dir. */
  host?: { platform: string; home: string; tmp: string };
}

export class VmManager {
  readonly socketPath: string;
  private readonly paths: VmPaths;
  private readonly backend: VmBackend & { init?: () => Promise<void> };
  private readonly proxy: EngineProxy;
  private readonly hostAccess: HostAccessGate;
  private readonly disk: DiskReclaimer;
  private readonly sleeper: IdleSleeper;
  private ports: PortWatcher | undefined;
  private current: VmSettings = DEFAULT_VM_SETTINGS;
  private readonly listeners = new Set<(s: VmStatus) => void>();
  private readonly portListeners = new Set<(f: VmPortForward[]) => void>();
  private readonly portErrorListeners = new Set<(f: VmPortForward) => void>();
  private serving = false;

  constructor(private readonly opts: VmManagerOptions = {}) {
    this.paths = vmPaths(opts.name ?? 'default', opts.home);
    this.socketPath = opts.socketPath ?? this.paths.dockerSocket;
    this.backend = opts.backend ?? new QemuBackend({ ...opts.qemu, name: opts.name ?? 'default', ...(opts.home ? { home: opts.home } : {}) });
    // Idle with nothing running: the guest's CPUs stop; the first request through the socket or a VM action wakes it.
    this.sleeper = new IdleSleeper({
      idleMs: () => (this.backend.pause && this.backend.resume ? sleepAfterMs(this.current.sleepAfterS ?? DEFAULT_SLEEP_AFTER_S) : 0),
      // Page cache nothing used while idle goes back to the host before the guest stops (free page reporting needs it
      // running: the kernel reports freed blocks ~2 s later). Straight to the backend: this is not use of the VM.
      beforeSleep: async () => void (await this.backend.exec(RECLAIM_BEFORE_SLEEP, { timeoutMs: 20_000 })),
      pause: async () => {
        // Pooled streams are ended while the guest can still confirm it; one left would carry a request to a paused guest.
        this.proxy.linkChanged();
        await this.backend.pause?.();
      },
      resume: async () => this.backend.resume?.(),
      syncClock: async () => void (await this.backend.exec(clockCommand(Date.now()), { timeoutMs: 5000 })),
      onChange: () => this.publish(),
    });
    this.hostAccess = new HostAccessGate((command) => this.awake('host access', () => this.backend.exec(command, { timeoutMs: 15_000 })));
    // Freed blocks reach the host file: a trim after removes and prunes (whoever sent them), daily, and on request.
    this.disk = new DiskReclaimer({
      file: this.paths.dataDisk,
      exec: (command, o) => this.awake('disk trim', () => this.backend.exec(command, o)),
      // Asleep counts as not running here: a look at the disk or the daily trim never wakes the VM (nothing changed meanwhile).
      running: () => this.backend.state().state === 'running' && !this.sleeper.sleeping,
      unsupported: this.backend.kind === 'wsl' ? 'Under WSL2 the data disk is a virtual disk Windows manages; Berth cannot give its space back from here.' : undefined,
    });
    // The docker CLI and compose get the same refusal as the window for a bind of a folder the VM does not share.
    this.proxy = new EngineProxy(this.socketPath, () => this.awake('engine socket', () => this.backend.forward({ socketPath: '/var/run/docker.sock' })), 'in the VM', {
      createPolicy: (body) => {
        // WSL2: C:\… and /c/… become /mnt/c/…; elsewhere a bind must be in a shared folder.
        let next = body;
        if (this.backend.kind === 'wsl') {
          next = toWslCreate(body) ?? body;
        } else {
          const refused = this.unsharedBind(bindSourcesOfCreate(body));
          if (refused) return { status: 400, message: refused.message };
        }
        // With the host open to containers, `host.docker.internal` names it (as on Docker Desktop).
        next = this.hostAccess.createRewrite(next) ?? next;
        return next === body ? undefined : { body: next };
      },
      onAnswer: (method, url, status) => this.disk.noteAnswer(method, url, status),
      // Event streams (the window's, the port watcher's) are watches, not use: with nothing running only a request makes events.
      onRequest: (_method, url) => {
        // To a sleeping VM no request rides a pooled stream (the guest cannot answer it): it opens one, which wakes the VM.
        if (this.sleeper.sleeping) this.proxy.linkChanged();
        return isWatch(url) ? undefined : this.sleeper.begin();
      },
    });
    // Streams the proxy keeps for reuse ride the SSH link: when it drops, they may never answer, so none is reused.
    this.backend.onConnection(() => this.proxy.linkChanged());
    this.backend.onStatus((s) => {
      // The VM died under us: its forwards are gone with it; the socket keeps answering (with an error) until restart.
      if (s.state !== 'running' && s.state !== 'starting') this.hostAccess.reset();
      if (s.state === 'error' && this.ports) {
        const p = this.ports;
        this.ports = undefined;
        void p.stop({ keepNative: true });
      }
      this.publish();
    });
  }

  /** Loads saved settings and what exists on disk. Call once before anything else. */
  async init(): Promise<void> {
    await this.backend.init?.();
    const raw = await fs.readFile(this.paths.settings, 'utf8').catch(() => undefined);
    if (raw) {
      const r = VmSettings.safeParse(JSON.parse(raw));
      if (r.success) this.current = r.data;
      else log.warn('ignoring malformed VM settings', { file: this.paths.settings });
    }
  }

  status(): VmStatus {
    const s = this.backend.state();
    if (s.state === 'running' && this.serving) s.socketPath = this.socketPath;
    if (s.state === 'running') s.hostAccess = this.hostAccess.status();
    if (s.state === 'running' && this.sleeper.sleeping) s.sleeping = true;
    if (this.sleeper.lastWakeMs !== undefined) s.lastWakeMs = this.sleeper.lastWakeMs;
    if (s.running && (s.state === 'running' || s.state === 'starting')) {
      const want = this.settings;
      s.restartNeeded =
        s.running.cpus !== want.cpus || s.running.memoryMiB !== want.memoryMiB || s.running.diskGiB !== want.diskGiB || (s.running.shares ?? []).join('\n') !== (want.shares ?? []).join('\n');
    }
    return s;
  }

  onStatus(cb: (s: VmStatus) => void): Disposer {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  private publish(): void {
    const s = this.status();
    for (const l of this.listeners) l(s);
  }

  /** The saved settings, with the shared folders in effect (the defaults when none were chosen). */
  get settings(): VmSettings {
    const host = this.opts.host ?? { platform: process.platform, home: os.homedir(), tmp: os.tmpdir() };
    // WSL2 reaches Windows drives at /mnt/<drive> by itself: nothing to mount.
    const shares = this.backend.kind === 'wsl' ? [] : (this.current.shares ?? defaultShares(host));
    return { ...this.current, shares };
  }

  /** Under WSL2 a bind's Windows path (C:\…, /c/…) is translated to /mnt/<drive>/… before it reaches the engine. */
  get translatesWindowsPaths(): boolean {
    return this.backend.kind === 'wsl';
  }

  /**
   * The first host path a container would bind that the running VM does not share (with the message that names it
   * and the fix), or undefined. Shares saved but not yet applied by a restart do not count: they are not mounted.
   */
  unsharedBind(hostPaths: readonly string[]): { path: string; message: string } | undefined {
    if (this.backend.kind === 'wsl') return undefined;
    const running = this.backend.state().running;
    return unsharedBind(hostPaths, running?.shares ?? this.settings.shares ?? []);
  }

  /** Saves new settings; they take effect at the next start or restart (the data disk is kept, and only grows). */
  async setSettings(patch: Partial<VmSettings>): Promise<VmSettings> {
    const next = { ...this.current, ...patch };
    if (next.shares) next.shares = dedupeShares(next.shares.map((p) => (p.startsWith('/') ? normalizeHostPath(p) : p)));
    const r = VmSettings.safeParse(next);
    if (!r.success) throw new BerthError('INVALID_INPUT', `Invalid VM settings: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    // Only an existing data disk limits the size: it can grow, never shrink.
    const disk = await fs.stat(this.paths.dataDisk).catch(() => undefined);
    if (disk && r.data.diskGiB * 1024 ** 3 < disk.size) {
      throw new BerthError('INVALID_INPUT', `The disk cannot shrink below its ${Math.round(disk.size / 1024 ** 3)} GiB without losing data; reset the VM to start smaller.`, { field: 'diskGiB' });
    }
    const accessChanged = JSON.stringify(r.data.hostAccess ?? null) !== JSON.stringify(this.current.hostAccess ?? null);
    this.current = r.data;
    await ensurePrivateDir(this.paths.dir);
    await fs.writeFile(this.paths.settings, `${JSON.stringify(this.current, null, 2)}\n`, { mode: 0o600 });
    // Host access needs no restart: the running guest's firewall changes at once (a failure is in the status too).
    this.sleeper.rearm();
    if (accessChanged && this.serving) await this.hostAccess.apply(this.current.hostAccess).finally(() => this.publish());
    this.publish();
    return this.settings;
  }

  async start(): Promise<void> {
    // Another Berth process (the app, `berth vm start`, a serve) running this VM keeps it: a second QEMU on the same
    // disks would be killed as a leftover or corrupt them. Its engine is usable from here as berth-vm.
    const other = await otherOwner(this.paths);
    if (other) {
      throw new BerthError('CONFLICT', `The Berth VM is already running in another Berth process (pid ${other}): use its engine (berth-vm), or stop it there (\`berth vm stop\`) to run it here.`);
    }
    await this.backend.start(this.settings);
    await this.online();
    // `berth vm stop` in another terminal finds this process here.
    await fs.writeFile(this.paths.owner, `${process.pid}\n`, { mode: 0o600 }).catch(() => undefined);
  }

  /** The guest image a start would boot, or why there is none and whether Berth can build it here. */
  imageState(): Promise<VmImageState> {
    return imageState(this.imageOptions());
  }

  /** Builds the missing guest image (Linux, with the recipe and root), each output line to `onLine`. */
  async buildImage(onLine: (line: string) => void, signal?: AbortSignal): Promise<void> {
    await buildImage(this.imageOptions(), onLine, signal);
  }

  private imageOptions(): ImageSetupOptions {
    const q = this.opts.qemu ?? {};
    return { ...(q.imageDir ? { imageDir: q.imageDir } : {}), ...(q.guestArch ? { guestArch: q.guestArch } : {}), ...(q.env ? { env: q.env } : {}), ...(this.backend.kind === 'wsl' ? { platform: 'win32' as const } : {}) };
  }

  /**
   * Stops the VM: saved whole (containers keep running at the next start) unless the settings ask for a clean shutdown
   * or `shutdown` is set (`berth vm stop --shutdown`).
   */
  async stop(opts: { shutdown?: boolean } = {}): Promise<void> {
    // `berth vm stop --shutdown` from another terminal asks for a clean shutdown before it signals this process.
    const requested = await fs.rm(this.paths.shutdownRequest).then(() => true, () => false);
    await fs.rm(this.paths.owner, { force: true });
    const save = opts.shutdown !== true && !requested && this.current.keepContainersRunning !== false && this.backend.state().state === 'running';
    const manual = save ? this.forwards() : [];
    const access = save ? this.hostAccess.kept() : undefined;
    await this.offline();
    await keepForwards(this.paths.savedForwards, manual);
    await keepJson(this.paths.savedHostAccess, access);
    await this.backend.stop({ save });
  }

  /** A restart applies new settings: the guest shuts down cleanly and boots (a saved state would be refused anyway). */
  async restart(): Promise<void> {
    await this.offline();
    await this.backend.restart(this.settings);
    await this.online();
  }

  /** Deletes the VM with all its images, containers and volumes, and makes a fresh one (started again if it was running). */
  async reset(): Promise<void> {
    const wasRunning = this.backend.state().state === 'running';
    await this.offline();
    await this.backend.delete();
    await this.backend.create(this.settings);
    if (wasRunning) await this.start();
  }

  /** Engine socket on the host and port forwards, once the engine answers. */
  private async online(): Promise<void> {
    // Before the socket answers: containers created through it get the host alias only when the host is open to them.
    // A resumed guest still enforces what it was saved with: the same setting is taken back without running the script.
    const resumed = this.backend.state().lastStart?.how === 'resumed';
    const kept = await takeJson(this.paths.savedHostAccess);
    if (!(resumed && this.hostAccess.resumeWith(kept, this.current.hostAccess))) await this.hostAccess.apply(this.current.hostAccess).catch(() => undefined);
    await this.proxy.listen();
    this.serving = true;
    if (this.opts.dockerContext !== false) {
      await ensureDockerContext(this.socketPath, this.opts.dockerContext ?? {}).catch((e: unknown) => log.warn('could not write the berth docker context', { error: String(e) }));
    }
    await this.ports?.stop();
    const docker = new Dockerode({ socketPath: this.socketPath });
    const ports = new PortWatcher({
      docker,
      native: this.backend.ports,
      tunnel: (host, port) => this.backend.forward({ host, port }),
      guestExec: (command) => this.backend.exec(command, { timeoutMs: 15_000 }),
      // The folders running containers bind from the shares are watched on the host; their changes reach the guest.
      onRunning: (list) => {
        this.sleeper.setRunning(list.length);
        const mounted = (this.backend.state().shares ?? []).filter((s) => s.state === 'mounted').map((s) => s.path);
        void this.backend.shareEvents?.watch(sharedBindSources(list, mounted));
      },
    });
    ports.onChange((f) => { for (const l of this.portListeners) l(f); });
    ports.onError((f) => { for (const l of this.portErrorListeners) l(f); });
    this.ports = ports;
    await ports.start();
    await restoreForwards(this.paths.savedForwards, resumed, (f) => ports.addManual(f.containerId ?? '', f.guestPort, f.hostPort, f.protocol));
    this.disk.start();
    this.sleeper.start();
    this.publish();
  }

  /** Runs `fn` once the VM is awake (woken first if it sleeps). */
  private async awake<T>(why: string, fn: () => Promise<T>): Promise<T> {
    await this.sleeper.wake(why);
    // In use until it ends: the VM does not fall asleep under it.
    const done = this.sleeper.begin();
    try {
      return await fn();
    } finally {
      done();
    }
  }

  private async offline(): Promise<void> {
    // A sleeping guest is woken first: its engine and disk are shut down over SSH.
    await this.sleeper.wake('stop').catch((e: unknown) => log.warn('could not wake the VM before stopping it', { error: String(e) }));
    await this.sleeper.stop();
    this.disk.stop();
    await this.ports?.stop();
    this.ports = undefined;
    this.serving = false;
    await this.proxy.close();
  }

  consoleTail(lines = 100): string[] {
    return this.backend.consoleTail(lines);
  }

  exec(command: string, opts?: { stdin?: string | Buffer; timeoutMs?: number }): Promise<ExecResult> {
    return this.awake('exec', () => this.backend.exec(command, opts));
  }

  /** The data disk's size on the host next to its guest filesystem's use (that part absent while the VM sleeps). */
  diskUsage(): Promise<VmDiskUsage> {
    return this.disk.usage();
  }

  /** Trims the data disk now: the bytes returned to the host's filesystem. */
  reclaimDisk(): Promise<VmDiskTrim> {
    return this.awake('give space back', () => this.disk.reclaim('manual'));
  }

  /** A root shell in the VM (the VM terminal), sized to the window. */
  async openShell(size: { cols: number; rows: number }): Promise<VmShellSession> {
    const h = await this.awake('shell', () => this.backend.shell(size));
    // An open terminal is use: the VM stays awake until it ends.
    const done = this.sleeper.begin();
    h.onExit(() => done());
    return {
      write: (d) => h.write(typeof d === 'string' ? d : Buffer.from(d)),
      resize: (s) => h.resize(s.cols, s.rows),
      close: () => {
        done();
        h.close();
      },
      onData: (cb) => h.onData((b) => cb(new Uint8Array(b))),
      onExit: (cb) => h.onExit(cb),
    };
  }

  /** Host ports answering for container ports in the VM. */
  forwards(): VmPortForward[] {
    return this.ports?.forwards() ?? [];
  }

  onForwards(cb: (f: VmPortForward[]) => void): Disposer {
    this.portListeners.add(cb);
    return () => this.portListeners.delete(cb);
  }

  /** A published port that could not be forwarded (host port taken): never silent. */
  onForwardError(cb: (f: VmPortForward) => void): Disposer {
    this.portErrorListeners.add(cb);
    return () => this.portErrorListeners.delete(cb);
  }

  /** Publishes a port of a running container on host 127.0.0.1:hostPort without recreating it. */
  publishPort(containerId: string, containerPort: number, hostPort: number, protocol: 'tcp' | 'udp' = 'tcp'): Promise<VmPortForward> {
    if (!this.ports) return Promise.reject(new BerthError('VM_ERROR', 'The VM is not running; start it first.'));
    return this.ports.addManual(containerId, containerPort, hostPort, protocol);
  }

  unpublishPort(hostPort: number, protocol: 'tcp' | 'udp' = 'tcp'): Promise<void> {
    if (!this.ports) return Promise.reject(new BerthError('VM_ERROR', 'The VM is not running.'));
    return this.ports.removeManual(hostPort, protocol);
  }

  /** Stops everything (app quit). */
  async dispose(): Promise<void> {
    await this.stop().catch((e: unknown) => log.warn('stop on dispose failed', { error: String(e) }));
  }
}

