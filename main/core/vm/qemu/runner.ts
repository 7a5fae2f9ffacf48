// One VM's QEMU process and its QMP link: spawned (again on another SSH port when one is lost to a race), waited on, saved and quit, powered off, killed.
import fs from 'node:fs/promises';
import { BerthError } from '../../../../app/errors.js';
import type { VmSettings } from '../../../../app/vm.js';
import type { VmImage } from '../image.js';
import { createLogger } from '../../log.js';
import type { VmPaths } from '../paths.js';
import type { QemuAccel } from './accel.js';
import { vmQemuArgs } from './args.js';
import type { ConsoleCapture } from './console.js';
import type { QemuFound } from './find.js';
import type { VmNetworkMode } from './hostfwd.js';
import { exitedWithin, QemuProcess, type QemuExit } from './process.js';
import { QmpClient } from './qmp.js';
import { discardSavedState, loadFromFile, migrateToFile, recordSaved, type SavedMachine, type SavedStateMeta } from './saved-state.js';
import { awaitLine, raceExit } from './wait.js';
import { freeLoopbackPort } from './vmdir.js';

const log = createLogger('vm.qemu');

export interface RunnerDeps {
  paths: VmPaths;
  network: VmNetworkMode;
  /** Where the guest's console goes (kept across runs, for its tail after a failure). */
  console: ConsoleCapture;
  /** A stop is under way: QEMU's exit is expected, and waits say the VM was stopped. */
  stopping: () => boolean;
  /** QEMU went away on its own (not while stopping). */
  onExit: (ex: QemuExit) => void;
  /** Undoes a launch that lost its SSH port, before the next try (the backend's whole teardown). */
  teardown: () => Promise<void>;
}

/** What one QEMU is started with. */
export interface Launch {
  qemu: string;
  img: VmImage;
  settings: VmSettings;
  accel: QemuAccel;
  bios: string | undefined;
  qemuVersion: QemuFound['parsed'];
  /** The root disk is the persistent overlay (else QEMU's throwaway one). */
  rootOverlay: boolean;
  /** QEMU waits paused for a saved state to load. */
  incoming?: boolean;
}

export class QemuRunner {
  private current: QemuProcess | undefined;
  private qmpClient: QmpClient | undefined;

  constructor(private readonly d: RunnerDeps) {}

  /** The QEMU of this run, until kill(). */
  get proc(): QemuProcess | undefined {
    return this.current;
  }

  get qmp(): QmpClient | undefined {
    return this.qmpClient;
  }

  requireQmp(): QmpClient {
    if (!this.qmpClient) throw new BerthError('VM_ERROR', 'The VM is not running; start it first.');
    return this.qmpClient;
  }

  /** Spawns QEMU and connects to its QMP socket; returns the loopback SSH port (a port lost to a race is retried). */
  async launch(l: Launch): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.launchOnce(l);
      } catch (e) {
        const lostPort = /forwarding rule|hostfwd/i.test(this.current?.exit?.stderr ?? '');
        if (!lostPort || attempt >= 3 || this.d.stopping()) throw e;
        log.warn('the SSH port was taken before QEMU bound it; retrying with another');
        await this.d.teardown();
      }
    }
  }

  private async launchOnce(l: Launch): Promise<number> {
    const { paths, network } = this.d;
    const sshPort = await freeLoopbackPort();
    await fs.unlink(paths.qmpSocket).catch(() => undefined);
    const args = vmQemuArgs({ paths, img: l.img, settings: l.settings, accel: l.accel, bios: l.bios, network, sshPort, qemuVersion: l.qemuVersion, rootOverlay: l.rootOverlay ? paths.rootOverlay : undefined, incoming: l.incoming === true });
    this.d.console.openFile(paths.consoleLog);
    const proc = new QemuProcess(l.qemu, args, this.d.console);
    this.current = proc;
    void proc.exited.then((ex) => {
      if (proc === this.current && !this.d.stopping()) this.d.onExit(ex);
    });
    this.qmpClient = await this.raceExit(QmpClient.connect(paths.qmpSocket, 15_000));
    return sshPort;
  }

  /**
   * Launches a cold boot and waits `firstWaitMs` for the guest's `boot done` line. A guest that never gets there gets one
   * more QEMU: under a hardware accelerator that did not work, with TCG (`toTcg` is told); under TCG (a rare hang of the
   * emulated kernel), TCG again, waited on for `bootMs`. Returns the SSH port and the accelerator that booted.
   */
  async bootCold(l: Launch, firstWaitMs: number, bootMs: number, toTcg: () => void): Promise<{ sshPort: number; accel: QemuAccel }> {
    const sshPort = await this.launch(l);
    if (await this.awaitLine('berth: stage boot done', firstWaitMs, true)) return { sshPort, accel: l.accel };
    const tail = this.d.console.tail(10).join('\n');
    log.warn(`${l.accel} booted nothing in ${Math.round(firstWaitMs / 1000)} s; starting QEMU again under TCG`, { console: tail || '(no output)' });
    await this.d.teardown();
    if (l.accel !== 'tcg') toTcg();
    this.d.console.reset();
    const again = await this.launch({ ...l, accel: 'tcg' });
    await this.awaitLine('berth: stage boot done', bootMs, false);
    return { sshPort: again, accel: 'tcg' };
  }

  /** Waits for a console line with `marker` (`failure`: a line that fails the stage); false on timeout when `soft`. */
  awaitLine(marker: string, timeoutMs: number, soft: boolean, failure?: RegExp): Promise<boolean> {
    return awaitLine({ console: this.d.console, proc: this.current, marker, timeoutMs, soft, failure, stopping: this.d.stopping });
  }

  /** `p`, unless QEMU exits first (then why it exited). */
  raceExit<T>(p: Promise<T>): Promise<T> {
    return raceExit(this.current, p, this.d.stopping);
  }

  /** Loads the saved state into a QEMU launched `incoming`, drops it (the guest moves past it from here) and lets the guest run. */
  async resumeFrom(meta: SavedStateMeta): Promise<void> {
    try {
      await this.raceExit(loadFromFile(this.requireQmp(), this.d.paths, meta));
    } catch (e) {
      if (e instanceof BerthError && /checksum/.test(e.message)) throw e;
      // QEMU reads the stream as it comes and quits at the first thing it cannot take: its own words say what.
      if (this.current) await exitedWithin(this.current, 3000);
      const said = this.current?.exit?.stderr?.trim().split('\n').at(-1) ?? (e instanceof Error ? e.message : String(e));
      throw new BerthError('VM_ERROR', `the saved state is damaged or not one this QEMU can read (${said})`);
    }
    // From `cont` on, the guest and its disks move past the saved state: it must never be loaded again.
    await discardSavedState(this.d.paths);
    await this.requireQmp().execute('cont');
  }

  /**
   * Saves the running VM (`machine`: what it is, for the next start to check) and ends QEMU; false (the guest running
   * again) when it cannot be saved. The guest is paused first, so nothing it does after the save is lost. `letGo` runs
   * once the state is written, before QEMU quits.
   */
  async saveAndQuit(proc: QemuProcess, machine: SavedMachine | undefined, letGo: () => void): Promise<boolean> {
    const qmp = this.qmpClient;
    if (!machine || !qmp) {
      log.warn('this VM cannot be saved (its root disk has no persistent overlay); shutting it down instead');
      return false;
    }
    try {
      await qmp.execute('stop');
      const stream = await migrateToFile(qmp, this.d.paths);
      letGo();
      await qmp.execute('quit').catch(() => undefined);
      if (!(await exitedWithin(proc, 10_000))) proc.kill('SIGKILL');
      await proc.exited;
      const meta = await recordSaved(this.d.paths, machine, stream);
      log.info(`VM saved in ${stream.ms} ms`, { bytes: meta.bytes });
      return true;
    } catch (e) {
      log.warn('could not save the VM; shutting it down instead', { error: String(e) });
      await discardSavedState(this.d.paths);
      if (!proc.exit) await qmp.execute('cont').catch(() => undefined);
      return false;
    }
  }

  /** Waits for a guest that was told to shut down to power off (30 s), then asks QEMU to quit (5 s), then kills it. */
  async awaitPowerOff(proc: QemuProcess): Promise<void> {
    if (!(await exitedWithin(proc, 30_000))) {
      log.warn('guest did not power off in 30 s; asking QEMU to quit');
      await this.qmpClient?.execute('quit').catch(() => undefined);
      if (!(await exitedWithin(proc, 5000))) proc.kill('SIGKILL');
    }
    await proc.exited;
  }

  /** Closes QMP, kills a QEMU still running and waits for it, closes the console file and removes the pid file. */
  async kill(): Promise<void> {
    this.qmpClient?.close();
    this.qmpClient = undefined;
    const proc = this.current;
    this.current = undefined;
    if (proc && !proc.exit) {
      proc.kill('SIGKILL');
      await proc.exited;
    }
    this.d.console.close();
    await fs.unlink(this.d.paths.qemuPid).catch(() => undefined);
  }
}
