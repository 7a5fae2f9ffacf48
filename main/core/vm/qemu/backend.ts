// The QEMU VmBackend: creates the VM, boots or resumes it through timed stages, watches the process, stops it cleanly, by saving it or by force.
import fs from 'node:fs/promises';
import { BerthError } from '../../../../app/errors.js';
import type { VmSettings, VmStage } from '../../../../app/vm.js';
import type { NativePortForwarder, VmBackend } from '../backend.js';
import { GuestBackend } from '../guest-backend.js';
import type { VmKeys } from '../keys.js';
import { createLogger } from '../../log.js';
import { vmPaths, type VmPaths } from '../paths.js';
import type { SshSession } from '../../ssh/ssh.js';
import { ShareEvents } from '../shares/events.js';
import { SshfsShares } from '../shares/sshfs.js';
import { wantedGuestArch } from '../arch.js';
import { clockCommand } from '../sleep.js';
import { enableBalloon } from './balloon.js';
import { ConsoleCapture } from './console.js';
import { describeExit, type QemuExit } from './process.js';
import { qmpPortForwarder, type VmNetworkMode } from './hostfwd.js';
import { QemuRunner } from './runner.js';
import { createVmDir, ensureDataDisk, readMeta } from './vmdir.js';
import type { SavedMachine } from './saved-state.js';
import { prepareColdBoot, prepareStart } from './start-plan.js';
import { FAST_ACCEL_BOOT_LIMIT_MS, networkMode, stageTimeouts, timeoutScale, type QemuBackendOptions } from './options.js';
export type { VmNetworkMode } from './hostfwd.js';
export type { QemuBackendOptions } from './options.js';

const log = createLogger('vm.qemu');

export class QemuBackend extends GuestBackend implements VmBackend {
  readonly kind = 'qemu' as const;
  readonly paths: VmPaths;
  private readonly console = new ConsoleCapture();
  private readonly runner: QemuRunner;
  private stopping = false;
  private releaseKeepalive: (() => void) | undefined;
  private op: Promise<void> = Promise.resolve();
  /** The machine of the running QEMU as a saved state records it; set while its root disk is a persistent overlay (it can be saved). */
  private saveable: SavedMachine | undefined;
  private readonly timeouts: Record<VmStage, number>;
  private readonly env: NodeJS.ProcessEnv;
  readonly network: VmNetworkMode;

  readonly ports: NativePortForwarder;
  /** Host folders in the guest (reverse SSHFS over the SSH link). */
  readonly shares: SshfsShares;
  /** Host-side changes in shared folders, raised as inotify events in the guest. */
  readonly shareEvents: ShareEvents;

  constructor(private readonly opts: QemuBackendOptions = {}) {
    super('qemu');
    this.env = opts.env ?? process.env;
    this.network = networkMode(opts, this.env);
    this.paths = vmPaths(opts.name ?? 'default', opts.home);
    this.runner = new QemuRunner({
      paths: this.paths,
      network: this.network,
      console: this.console,
      stopping: () => this.stopping,
      onExit: (ex) => this.onExit(ex),
      teardown: () => this.teardown(),
    });
    this.ports = qmpPortForwarder(() => this.runner.requireQmp(), this.network);
    const linked = (): SshSession => {
      if (!this.ssh) throw new BerthError('VM_ERROR', 'The VM is not running.');
      return this.ssh;
    };
    this.shares = new SshfsShares({
      listen: async (path, onStream) => linked().listenUnix(path, onStream),
      exec: async (command, o) => linked().exec(command, o),
      env: this.env,
      mountTimeoutMs: 30_000 * timeoutScale(this.env),
    });
    this.shares.onChange((shares) => this.tracker.patch({ shares }));
    this.shareEvents = new ShareEvents({ channel: async (command) => linked().channel(command) });
    this.timeouts = stageTimeouts(opts, this.env);
  }

  /** Reads what exists on disk: a created VM is `stopped`, otherwise `absent`. */
  async init(): Promise<void> {
    const meta = await readMeta(this.paths);
    if (meta && this.tracker.get().state === 'absent') {
      this.tracker.set('creating');
      this.tracker.set('stopped', { imageVersion: meta.imageVersion });
    }
  }

  consoleTail(lines: number): string[] {
    return this.console.tail(lines);
  }

  /** Runs operations one at a time (start while stopping waits for the stop). */
  private serial(fn: () => Promise<void>): Promise<void> {
    const next = this.op.then(fn, fn);
    this.op = next.catch(() => undefined);
    return next;
  }

  create(settings: VmSettings): Promise<void> {
    return this.serial(() => this.doCreate(settings));
  }

  private async doCreate(settings: VmSettings): Promise<void> {
    if (this.tracker.get().state !== 'absent') return;
    this.tracker.set('creating');
    try {
      const version = await createVmDir(this.paths, settings, this.opts.imageDir, this.env, wantedGuestArch(this.opts.guestArch, this.env));
      this.tracker.set('stopped', { imageVersion: version });
    } catch (e) {
      this.tracker.fail(e, []);
      throw e;
    }
  }

  start(settings: VmSettings): Promise<void> {
    return this.serial(async () => {
      if (this.tracker.get().state === 'absent') await this.doCreate(settings);
      await this.doStart(settings);
    });
  }

  restart(settings: VmSettings): Promise<void> {
    return this.serial(async () => {
      await this.doStop();
      await this.doStart(settings);
    });
  }

  /**
   * `save`: the whole VM is written to a file and the next start resumes it, containers still running (falls back to
   * a clean shutdown when it cannot be saved). Otherwise the guest shuts down cleanly.
   */
  stop(opts: { save?: boolean } = {}): Promise<void> {
    // A start in progress is cut short (its waits end when QEMU exits) rather than waited for.
    if (this.tracker.get().state === 'starting') {
      this.stopping = true;
      this.runner.proc?.kill('SIGKILL');
    }
    return this.serial(() => this.doStop(opts.save === true));
  }

  delete(): Promise<void> {
    return this.serial(async () => {
      await this.doStop();
      await fs.rm(this.paths.dir, { recursive: true, force: true });
      if (this.tracker.get().state !== 'absent') this.tracker.set('absent', { imageVersion: undefined });
    });
  }

  private async doStart(settings: VmSettings): Promise<void> {
    const st = this.tracker.get().state;
    if (st === 'running' || st === 'starting') return;
    if (st !== 'stopped' && st !== 'error') throw new BerthError('CONFLICT', `The VM cannot start while ${st}.`);
    if (this.runner.proc) await this.teardown();
    this.stopping = false;
    this.console.reset();
    this.tracker.set('starting', { running: settings, restartNeeded: false });
    this.saveable = undefined;
    try {
      this.tracker.beginStage('boot');
      const { launch, keys, plan } = await prepareStart({ paths: this.paths, opts: this.opts, env: this.env, settings, network: this.network, tracker: this.tracker });

      // Resume from the state saved at the last stop when it was made by this very machine; otherwise boot, saying why.
      const { machine } = plan;
      let coldReason = plan.coldReason;
      if (plan.resume) {
        try {
          // A QEMU waiting paused loads the saved state, which is dropped before the guest runs on.
          const sshPort = await this.runner.launch({ ...launch, rootOverlay: true, incoming: true });
          await this.runner.resumeFrom(plan.resume);
          await this.connectGuest(sshPort, keys, settings, true);
          this.saveable = machine;
          this.tracker.set('running', { lastStart: { how: 'resumed', ms: this.tracker.elapsed() } });
          log.info('VM resumed', { stages: this.tracker.get().stages.map((s) => `${s.stage}=${s.durationMs}ms`).join(' ') });
          return;
        } catch (e) {
          if (this.stopping) throw e;
          coldReason = `it could not be loaded: ${e instanceof Error ? e.message : String(e)}`;
          await this.teardown();
          this.console.reset();
        }
      }
      if (coldReason) log.warn(`booting cold: the saved VM was not resumed because ${coldReason}`);
      const overlay = await prepareColdBoot(this.paths, launch.img, plan.qemuImg);
      await ensureDataDisk(this.paths.dataDisk, settings.diskGiB);

      const firstWait = launch.accel === 'tcg' ? this.timeouts.boot : FAST_ACCEL_BOOT_LIMIT_MS;
      const { sshPort, accel } = await this.runner.bootCold({ ...launch, rootOverlay: overlay }, firstWait, this.timeouts.boot, () =>
        this.tracker.setAccel('tcg', `${launch.accel.toUpperCase()} started but the guest never booted; using TCG`),
      );

      this.tracker.beginStage('network');
      await this.runner.awaitLine('berth: stage network done', this.timeouts.network, false, /berth: error: no network/);

      await this.connectGuest(sshPort, keys, settings, false);
      if (overlay) this.saveable = { ...machine, accel };
      this.tracker.set('running', { lastStart: { how: 'booted', ms: this.tracker.elapsed(), ...(coldReason ? { coldReason } : {}) } });
      log.info('VM running', { stages: this.tracker.get().stages.map((s) => `${s.stage}=${s.durationMs}ms`).join(' '), accel });
    } catch (e) {
      if (this.stopping) throw new BerthError('CANCELLED', 'Start-up was cancelled by a stop.');
      const failure = this.tracker.fail(await this.withEngineLog(e), this.console.tail(40));
      await this.teardown();
      throw BerthError.fromWire(failure);
    }
  }

  /** The SSH link and the engine: stages `ssh` and `engine`, after a boot or a resume. */
  private async connectGuest(sshPort: number, keys: VmKeys, settings: VmSettings, resumed: boolean): Promise<void> {
    const shares = settings.shares ?? [];
    await this.linkGuest({
      port: sshPort,
      keys,
      loginMs: this.timeouts.ssh,
      engineMs: this.timeouts.engine,
      stopping: () => this.stopping,
      race: (p) => this.runner.raceExit(p),
      // A dropped link ends sshfs's relays: it reconnects through a new link; what the guest lost is mounted again.
      onChange: (up) => {
        if (up && this.tracker.get().state === 'running') void this.shares.remount();
      },
      afterLogin: async (ssh) => {
        // A resumed guest's clock stands where it was saved: set it before anything reads it (TLS, logs, cron).
        if (resumed) await ssh.exec(clockCommand(Date.now()), { timeoutMs: 10_000 });
        // Beside the engine stage, never holding it up: a balloon that fails to load is logged, and the VM runs on.
        else void enableBalloon((c, o) => ssh.exec(c, o));
      },
      beforeEngine: async (ssh) => {
        if (shares.length === 0) return;
        // Before dockerd starts (it waits for this file): a failed share is reported, and the engine starts anyway. After
        // a resume the guest's mounts wait on a link that ended with the old QEMU: a new one takes over.
        await this.runner.raceExit(resumed ? this.shares.replace(shares) : this.shares.mount(shares));
        if (!resumed) await ssh.exec('touch /run/berth-shares.ready', { timeoutMs: 10_000 });
      },
    });
  }

  /** QEMU went away when no stop was under way: a running VM crashed or was killed. */
  private onExit(ex: QemuExit): void {
    if (this.tracker.get().state !== 'running') return;
    this.tracker.fail(new BerthError('VM_ERROR', `The VM stopped unexpectedly: ${describeExit(ex)}. Restart it; the engine's data is kept.`), this.console.tail(40));
    void this.teardown();
  }

  private async doStop(save = false): Promise<void> {
    const st = this.tracker.get().state;
    if (st === 'absent' || st === 'stopped') return;
    if (st === 'creating') throw new BerthError('CONFLICT', 'The VM is being created; stop it once it is ready.');
    this.stopping = true;
    this.tracker.set('stopping');
    const proc = this.runner.proc;
    if (save && st === 'running' && proc && !proc.exit && (await this.runner.saveAndQuit(proc, this.saveable, () => this.letGo()))) {
      await this.teardown();
      this.tracker.set('stopped');
      return;
    }
    if (proc && !proc.exit) {
      // Engine first (containers get SIGTERM), then the data disk is flushed and unmounted, then power off.
      if (this.ssh?.connected) await this.ssh.exec('nohup /usr/local/sbin/berth-shutdown >/dev/null 2>&1 &', { timeoutMs: 5000 }).catch(() => undefined);
      this.letGo();
      await this.runner.awaitPowerOff(proc);
    }
    await this.teardown();
    this.tracker.set('stopped');
  }

  /** The guest is going away: the SSH link must not try to come back; the shares' mounts stay as the guest has them. */
  private letGo(): void {
    this.shares.expectShutdown();
    this.ssh?.close();
  }

  private async teardown(): Promise<void> {
    this.releaseKeepalive?.();
    this.releaseKeepalive = undefined;
    await this.shareEvents.stop();
    const proc = this.runner.proc;
    await this.shares.unmountAll({ guestReachable: this.ssh?.connected === true && proc !== undefined && !proc.exit });
    this.ssh?.close();
    this.ssh = undefined;
    await this.runner.kill();
  }

  /** Sleep: the guest's CPUs stop (QMP `stop`); the SSH link is kept, its keepalive held until `resume`. */
  async pause(): Promise<void> {
    const release = this.requireSsh().holdKeepalive();
    try {
      await this.runner.requireQmp().execute('stop');
    } catch (e) {
      release();
      throw e;
    }
    this.releaseKeepalive = release;
  }

  /** Wakes a paused guest (QMP `cont`); its clock is behind by the time it slept until someone sets it. */
  async resume(): Promise<void> {
    await this.runner.requireQmp().execute('cont');
    this.releaseKeepalive?.();
    this.releaseKeepalive = undefined;
  }

  /** QMP `query-status`: `running`, `paused`, … (tests). */
  async runState(): Promise<string> {
    const r = (await this.runner.requireQmp().execute('query-status')) as { status?: string };
    return r.status ?? 'unknown';
  }

  /** Test hook: the live QEMU process id (to kill it as a crash would). */
  get qemuPid(): number | undefined {
    return this.runner.proc?.pid;
  }

  /** Test hook: the SSH session (to drop its connection). */
  get sshSession(): SshSession | undefined {
    return this.ssh;
  }
}
