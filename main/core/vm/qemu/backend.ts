// The QEMU VmBackend: creates the VM, boots it through timed stages, watches the process, stops it cleanly or by force.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { BerthError } from '../../../../app/errors.js';
import type { VmSettings, VmStage, VmStatus } from '../../../../app/vm.js';
import { StatusTracker, type Disposer, type NativePortForwarder, type VmBackend } from '../backend.js';
import { waitForEngine } from '../engine-ready.js';
import type { VmImage } from '../image.js';
import { ensureKeys } from '../keys.js';
import { createLogger } from '../../log.js';
import { vmPaths, type VmPaths } from '../paths.js';
import { SshSession, type ExecResult, type ShellHandle } from '../../ssh/ssh.js';
import { ShareEvents } from '../shares/events.js';
import { SshfsShares } from '../shares/sshfs.js';
import { wantedGuestArch, type GuestArch } from '../arch.js';
import { chooseAccel, type QemuAccel } from './accel.js';
import { vmQemuArgs } from './args.js';
import { enableBalloon } from './balloon.js';
import { ConsoleCapture } from './console.js';
import { findQemu, SOURCE_WORDS, type QemuFound } from './find.js';
import { describeExit, exitedWithin, findQboot, QemuProcess } from './process.js';
export type { VmNetworkMode } from './hostfwd.js';
export type { QemuBackendOptions } from './options.js';
import { QmpClient } from './qmp.js';
import { qmpPortForwarder, type VmNetworkMode } from './hostfwd.js';
import { awaitLine, raceExit } from './wait.js';
import { createVmDir, ensureDataDisk, freeLoopbackPort, killStale, readMeta, resolveImage } from './vmdir.js';
import { discardSavedState, loadFromFile, migrateToFile, recordSaved, type SavedMachine, type SavedStateMeta } from './saved-state.js';
import { planStart, prepareColdBoot } from './start-plan.js';
import { FAST_ACCEL_BOOT_LIMIT_MS, networkMode, stageTimeouts, timeoutScale, type QemuBackendOptions } from './options.js';
import { clockCommand } from '../sleep.js';
import type { VmKeys } from '../keys.js';

const log = createLogger('vm.qemu');

export class QemuBackend implements VmBackend {
  readonly kind = 'qemu' as const;
  readonly paths: VmPaths;
  private readonly tracker = new StatusTracker('qemu');
  private readonly console = new ConsoleCapture();
  private readonly connListeners = new Set<(up: boolean) => void>();
  private proc: QemuProcess | undefined;
  private qmp: QmpClient | undefined;
  private ssh: SshSession | undefined;
  private stopping = false;
  private releaseKeepalive: (() => void) | undefined;
  /** The version of the QEMU found for the current start (some options depend on it). */
  private qemuVersion: QemuFound['parsed'];
  private op: Promise<void> = Promise.resolve();
  /** The machine of the running QEMU as a saved state records it; set while its root disk is a persistent overlay (it can be saved). */
  private saveable: SavedMachine | undefined;
  /** This run's root disk is the persistent overlay (else QEMU's throwaway one). */
  private rootOverlay = false;
  private readonly timeouts: Record<VmStage, number>;
  private readonly env: NodeJS.ProcessEnv;
  readonly network: VmNetworkMode;

  readonly ports: NativePortForwarder;
  /** Host folders in the guest (reverse SSHFS over the SSH link). */
  readonly shares: SshfsShares;
  /** Host-side changes in shared folders, raised as inotify events in the guest. */
  readonly shareEvents: ShareEvents;

  constructor(private readonly opts: QemuBackendOptions = {}) {
    this.env = opts.env ?? process.env;
    this.network = networkMode(opts, this.env);
    this.ports = qmpPortForwarder(() => this.requireQmp(), this.network);
    this.paths = vmPaths(opts.name ?? 'default', opts.home);
    const linked = (): SshSession => {
      if (!this.ssh) throw new BerthError('VM_ERROR', 'The VM is not running.');
      return this.ssh;
    };
    this.shares = new SshfsShares({
      channel: async (command) => linked().channel(command),
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
      this.proc?.kill('SIGKILL');
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
    if (this.proc) await this.teardown();
    this.stopping = false;
    this.console.reset();
    this.tracker.set('starting', { running: settings, restartNeeded: false });
    this.saveable = undefined;
    try {
      this.tracker.beginStage('boot');
      const { img, found } = await this.machine();
      const qemu = found.path;
      this.tracker.patch({ imageVersion: img.manifest.version });
      const keys = await ensureKeys(this.paths);
      await fs.writeFile(this.paths.fwAuthorizedKeys, `${keys.clientPublic}\n`, { mode: 0o600 });
      await killStale(this.paths.qemuPid, this.paths.dataDisk);
      const bios = img.arch === 'x86_64' ? findQboot(qemu) : undefined;
      const forced = (this.opts.accel ?? this.env['BERTH_VM_ACCEL']) as QemuAccel | undefined;
      const choice = await chooseAccel({ qemu, kernel: img.kernel, bios, forced, arch: img.arch, qemuVersion: found.parsed, cacheFile: path.join(path.dirname(this.paths.dir), 'accel.json') });
      this.tracker.setAccel(choice.accel, choice.note);

      // Resume from the state saved at the last stop when it was made by this very machine; otherwise boot, saying why.
      const plan = await planStart({ paths: this.paths, img, qemu, qemuVersion: found.version, accel: choice.accel, settings, network: this.network, env: this.env });
      const { machine } = plan;
      let coldReason = plan.coldReason;
      if (plan.resume) {
        try {
          await this.resumeSaved(qemu, img, settings, choice.accel, bios, plan.resume, keys);
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
      const overlay = await prepareColdBoot(this.paths, img, plan.qemuImg);
      await ensureDataDisk(this.paths.dataDisk, settings.diskGiB);

      let accel = choice.accel;
      this.rootOverlay = overlay;
      let sshPort = await this.launch(qemu, img, settings, accel, bios);
      const firstWait = accel === 'tcg' ? this.timeouts.boot : FAST_ACCEL_BOOT_LIMIT_MS;
      const boot = await this.awaitLine('berth: stage boot done', firstWait, true);
      if (!boot) {
        // A guest that never finishes booting gets one more QEMU: under a hardware accelerator that
        // did not work, with TCG; under TCG (a rare hang of the emulated kernel), TCG again.
        const tail = this.console.tail(10).join('\n');
        log.warn(`${accel} booted nothing in ${Math.round(firstWait / 1000)} s; starting QEMU again under TCG`, { console: tail || '(no output)' });
        await this.teardown();
        if (accel !== 'tcg') this.tracker.setAccel('tcg', `${choice.accel.toUpperCase()} started but the guest never booted; using TCG`);
        accel = 'tcg';
        this.console.reset();
        sshPort = await this.launch(qemu, img, settings, accel, bios);
        await this.awaitLine('berth: stage boot done', this.timeouts.boot, false);
      }

      this.tracker.beginStage('network');
      await this.awaitLine('berth: stage network done', this.timeouts.network, false, /berth: error: no network/);

      await this.connectGuest(sshPort, keys, settings, false);
      if (overlay) this.saveable = { ...machine, accel };
      this.tracker.set('running', { lastStart: { how: 'booted', ms: this.tracker.elapsed(), ...(coldReason ? { coldReason } : {}) } });
      log.info('VM running', { stages: this.tracker.get().stages.map((s) => `${s.stage}=${s.durationMs}ms`).join(' '), accel });
    } catch (e) {
      if (this.stopping) throw new BerthError('CANCELLED', 'Start-up was cancelled by a stop.');
      const failure = this.tracker.fail(await this.diagnose(e), this.console.tail(40));
      await this.teardown();
      throw BerthError.fromWire(failure);
    }
  }

  /** The SSH link and the engine: stages `ssh` and `engine`, after a boot or a resume. */
  private async connectGuest(sshPort: number, keys: VmKeys, settings: VmSettings, resumed: boolean): Promise<void> {
    this.tracker.beginStage('ssh');
    const ssh = new SshSession({ host: '127.0.0.1', port: sshPort, username: 'root', privateKey: keys.clientPrivate, hostKeyBlob: keys.hostKeyBlob });
    this.ssh = ssh;
    ssh.onConnection((up) => {
      // A dropped link takes the sshfs pipes with it: mount again what the guest lost.
      if (up && this.tracker.get().state === 'running') void this.shares.remount();
      for (const l of this.connListeners) l(up);
    });
    await this.raceExit(ssh.waitForLogin(Date.now() + this.timeouts.ssh, () => this.stopping));
    // A resumed guest's clock stands where it was saved: set it before anything reads it (TLS, logs, cron).
    if (resumed) await ssh.exec(clockCommand(Date.now()), { timeoutMs: 10_000 });
    // Beside the engine stage, never holding it up: a balloon that fails to load is logged, and the VM runs on.
    else void enableBalloon((c, o) => ssh.exec(c, o));

    this.tracker.beginStage('engine');
    const shares = settings.shares ?? [];
    if (shares.length > 0) {
      // Before dockerd starts (it waits for this file): a failed share is reported, and the engine starts anyway. After
      // a resume the guest's mounts belong to pipes that ended with the old QEMU: they are replaced.
      await this.raceExit(resumed ? this.shares.replace(shares) : this.shares.mount(shares));
      if (!resumed) await ssh.exec('touch /run/berth-shares.ready', { timeoutMs: 10_000 });
    }
    await this.raceExit(waitForEngine(() => ssh.openUnix('/var/run/docker.sock'), Date.now() + this.timeouts.engine, { shouldStop: () => this.stopping }));
    this.tracker.endStage();
  }

  /** Boot stage of a resume: a QEMU waiting paused loads the saved state, which is dropped before the guest runs on. */
  private async resumeSaved(qemu: string, img: VmImage, settings: VmSettings, accel: QemuAccel, bios: string | undefined, meta: SavedStateMeta, keys: VmKeys): Promise<void> {
    this.rootOverlay = true;
    const sshPort = await this.launch(qemu, img, settings, accel, bios, true);
    try {
      await this.raceExit(loadFromFile(this.requireQmp(), this.paths, meta));
    } catch (e) {
      if (e instanceof BerthError && /checksum/.test(e.message)) throw e;
      // QEMU reads the stream as it comes and quits at the first thing it cannot take: its own words say what.
      if (this.proc) await exitedWithin(this.proc, 3000);
      const said = this.proc?.exit?.stderr?.trim().split('\n').at(-1) ?? (e instanceof Error ? e.message : String(e));
      throw new BerthError('VM_ERROR', `the saved state is damaged or not one this QEMU can read (${said})`);
    }
    // From `cont` on, the guest and its disks move past the saved state: it must never be loaded again.
    await discardSavedState(this.paths);
    await this.requireQmp().execute('cont');
    await this.connectGuest(sshPort, keys, settings, true);
  }

  /**
   * The image and QEMU for this start: the image of the asked architecture (an explicit image's own otherwise), and
   * the qemu-system binary for it, found as a desktop app must (find.ts), with its version.
   */
  private async machine(): Promise<{ img: VmImage; found: QemuFound }> {
    const asked = this.opts.guestArch ?? this.env['BERTH_VM_ARCH'];
    const arch: GuestArch = wantedGuestArch(asked, this.env);
    const img = await resolveImage(this.paths, this.opts.imageDir, this.env, arch);
    if (asked && img.arch !== arch) throw new BerthError('VM_ERROR', `The VM image ${img.dir} is ${img.arch}, but an ${arch} guest was asked for (guestArch or BERTH_VM_ARCH).`);
    const found = await findQemu({ arch: img.arch, env: this.env, bundledDir: this.opts.bundledQemuDir });
    if (found.note) log.warn(found.note, { qemu: found.path });
    this.qemuVersion = found.parsed;
    this.tracker.patch({ guestArch: img.arch, emulator: { path: found.path, source: SOURCE_WORDS[found.source], ...(found.version ? { version: found.version } : {}), ...(found.note ? { note: found.note } : {}) } });
    return { img, found };
  }

  /** Adds the engine's own last words to a failure when the guest can still be reached. */
  private async diagnose(e: unknown): Promise<unknown> {
    if (!this.ssh?.connected || this.tracker.get().stage !== 'engine') return e;
    const r = await this.ssh.exec('tail -n 20 /var/log/dockerd.log', { timeoutMs: 5000 }).catch(() => undefined);
    if (!r?.stdout) return e;
    const be = e instanceof BerthError ? e : new BerthError('VM_ERROR', String(e));
    return new BerthError(be.code, be.message, { detail: `last lines of /var/log/dockerd.log:\n${r.stdout}` });
  }

  /** Spawns QEMU and connects to its QMP socket; returns the loopback SSH port (a port lost to a race is retried). */
  private async launch(qemu: string, img: VmImage, settings: VmSettings, accel: QemuAccel, bios: string | undefined, incoming = false): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.launchOnce(qemu, img, settings, accel, bios, incoming);
      } catch (e) {
        const lostPort = /forwarding rule|hostfwd/i.test(this.proc?.exit?.stderr ?? '');
        if (!lostPort || attempt >= 3 || this.stopping) throw e;
        log.warn('the SSH port was taken before QEMU bound it; retrying with another');
        await this.teardown();
      }
    }
  }

  private async launchOnce(qemu: string, img: VmImage, settings: VmSettings, accel: QemuAccel, bios: string | undefined, incoming: boolean): Promise<number> {
    const sshPort = await freeLoopbackPort();
    await fs.unlink(this.paths.qmpSocket).catch(() => undefined);
    const args = vmQemuArgs({ paths: this.paths, img, settings, accel, bios, network: this.network, sshPort, qemuVersion: this.qemuVersion, rootOverlay: this.rootOverlay ? this.paths.rootOverlay : undefined, incoming });
    this.console.openFile(this.paths.consoleLog);
    const proc = new QemuProcess(qemu, args, this.console);
    this.proc = proc;
    void proc.exited.then((ex) => this.onExit(proc, ex));
    this.qmp = await this.raceExit(QmpClient.connect(this.paths.qmpSocket, 15_000));
    return sshPort;
  }

  /** QEMU went away: expected while stopping, otherwise the VM crashed or was killed. */
  private onExit(proc: QemuProcess, ex: Awaited<QemuProcess['exited']>): void {
    if (proc !== this.proc || this.stopping) return;
    const st = this.tracker.get().state;
    if (st === 'running') {
      this.tracker.fail(new BerthError('VM_ERROR', `The VM stopped unexpectedly: ${describeExit(ex)}. Restart it; the engine's data is kept.`), this.console.tail(40));
      void this.teardown();
    }
  }

  private awaitLine(marker: string, timeoutMs: number, soft: boolean, failure?: RegExp): Promise<boolean> {
    return awaitLine({ console: this.console, proc: this.proc, marker, timeoutMs, soft, failure, stopping: () => this.stopping });
  }

  private raceExit<T>(p: Promise<T>): Promise<T> {
    return raceExit(this.proc, p, () => this.stopping);
  }

  private async doStop(save = false): Promise<void> {
    const st = this.tracker.get().state;
    if (st === 'absent' || st === 'stopped') return;
    if (st === 'creating') throw new BerthError('CONFLICT', 'The VM is being created; stop it once it is ready.');
    this.stopping = true;
    this.tracker.set('stopping');
    const proc = this.proc;
    if (save && st === 'running' && proc && !proc.exit && (await this.saveAndQuit(proc))) {
      await this.teardown();
      this.tracker.set('stopped');
      return;
    }
    if (proc && !proc.exit) {
      // Engine first (containers get SIGTERM), then the data disk is flushed and unmounted, then power off.
      if (this.ssh?.connected) await this.ssh.exec('nohup /usr/local/sbin/berth-shutdown >/dev/null 2>&1 &', { timeoutMs: 5000 }).catch(() => undefined);
      // The guest is going away: the SSH link must not try to come back, and the shares' pipes end with it.
      this.shares.expectShutdown();
      this.ssh?.close();
      if (!(await exitedWithin(proc, 30_000))) {
        log.warn('guest did not power off in 30 s; asking QEMU to quit');
        await this.qmp?.execute('quit').catch(() => undefined);
        if (!(await exitedWithin(proc, 5000))) proc.kill('SIGKILL');
      }
      await proc.exited;
    }
    await this.teardown();
    this.tracker.set('stopped');
  }

  /**
   * Saves the running VM and ends QEMU; false (the guest running again) when it cannot be saved, for a clean shutdown
   * instead. The guest is paused first, so nothing it does after the save is lost.
   */
  private async saveAndQuit(proc: QemuProcess): Promise<boolean> {
    const machine = this.saveable;
    const qmp = this.qmp;
    if (!machine || !qmp) {
      log.warn('this VM cannot be saved (its root disk has no persistent overlay); shutting it down instead');
      return false;
    }
    try {
      await qmp.execute('stop');
      const stream = await migrateToFile(qmp, this.paths);
      this.shares.expectShutdown();
      this.ssh?.close();
      await qmp.execute('quit').catch(() => undefined);
      if (!(await exitedWithin(proc, 10_000))) proc.kill('SIGKILL');
      await proc.exited;
      const meta = await recordSaved(this.paths, machine, stream);
      log.info(`VM saved in ${stream.ms} ms`, { bytes: meta.bytes });
      return true;
    } catch (e) {
      log.warn('could not save the VM; shutting it down instead', { error: String(e) });
      await discardSavedState(this.paths);
      if (!proc.exit) await qmp.execute('cont').catch(() => undefined);
      return false;
    }
  }

  private async teardown(): Promise<void> {
    this.releaseKeepalive?.();
    this.releaseKeepalive = undefined;
    await this.shareEvents.stop();
    await this.shares.unmountAll({ guestReachable: this.ssh?.connected === true && this.proc !== undefined && !this.proc.exit });
    this.ssh?.close();
    this.ssh = undefined;
    this.qmp?.close();
    this.qmp = undefined;
    const proc = this.proc;
    this.proc = undefined;
    if (proc && !proc.exit) {
      proc.kill('SIGKILL');
      await proc.exited;
    }
    this.console.close();
    await fs.unlink(this.paths.qemuPid).catch(() => undefined);
  }

  private requireSsh(): SshSession {
    if (!this.ssh || this.tracker.get().state !== 'running') throw new BerthError('VM_ERROR', 'The VM is not running; start it first.');
    return this.ssh;
  }

  private requireQmp(): QmpClient {
    if (!this.qmp) throw new BerthError('VM_ERROR', 'The VM is not running; start it first.');
    return this.qmp;
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

  /** Sleep: the guest's CPUs stop (QMP `stop`); the SSH link is kept, its keepalive held until `resume`. */
  async pause(): Promise<void> {
    const release = this.requireSsh().holdKeepalive();
    try {
      await this.requireQmp().execute('stop');
    } catch (e) {
      release();
      throw e;
    }
    this.releaseKeepalive = release;
  }

  /** Wakes a paused guest (QMP `cont`); its clock is behind by the time it slept until someone sets it. */
  async resume(): Promise<void> {
    await this.requireQmp().execute('cont');
    this.releaseKeepalive?.();
    this.releaseKeepalive = undefined;
  }

  /** QMP `query-status`: `running`, `paused`, … (tests). */
  async runState(): Promise<string> {
    const r = (await this.requireQmp().execute('query-status')) as { status?: string };
    return r.status ?? 'unknown';
  }

  /** Test hook: the live QEMU process id (to kill it as a crash would). */
  get qemuPid(): number | undefined {
    return this.proc?.pid;
  }

  /** Test hook: the SSH session (to drop its connection). */
  get sshSession(): SshSession | undefined {
    return this.ssh;
  }
}
