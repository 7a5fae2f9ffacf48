// IdleSleeper: pauses the VM when no container runs and no client has used the engine for a while; the first request wakes it.
import { BerthError } from '../../../app/errors.js';
import { createLogger } from '../log.js';

const log = createLogger('vm.sleep');

export interface IdleSleeperOptions {
  /** How long nothing may happen before the VM sleeps (ms); 0 = never. Read at each decision, so a setting applies at once. */
  idleMs: () => number;
  /**
   * Runs when the idle time is up, before the pause and outside it (a request meanwhile is not held up, and keeps the VM
   * awake): the guest gives back page cache nothing uses, while it can still report the freed memory to the host.
   */
  beforeSleep?: () => Promise<void>;
  /** Stops the guest's CPUs (QMP `stop`). */
  pause: () => Promise<void>;
  /** Starts them again (QMP `cont`). */
  resume: () => Promise<void>;
  /** Sets the guest clock to the host's: it stood still while the VM slept. */
  syncClock: () => Promise<void>;
  /** Told after every sleep and wake (the status changes). */
  onChange?: () => void;
  now?: () => number;
}

/** A sleep time as the settings give it (seconds, 0 = never) checked and turned into ms. */
export function sleepAfterMs(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds < 0) throw new BerthError('INVALID_INPUT', `The idle time before the VM sleeps must be 0 (never) or more seconds, not ${seconds}.`);
  return Math.round(seconds * 1000);
}

/** An engine event stream (`GET /events`, any API version): a watch that does not keep the VM awake. */
export function isWatch(url: string): boolean {
  return /^(?:\/v[\d.]+)?\/events(?:\?|$)/.test(url);
}

/** The guest command that sets its clock to `epochMs` (GNU date keeps the ms; a date that refuses them gets whole seconds). */
export function clockCommand(epochMs: number): string {
  if (!Number.isFinite(epochMs) || epochMs < 0) throw new BerthError('INVALID_INPUT', `Not a time: ${epochMs}.`);
  const s = epochMs / 1000;
  return `date -u -s @${s.toFixed(3)} >/dev/null 2>&1 || date -u -s @${Math.round(s)} >/dev/null`;
}

/**
 * Counts what keeps the VM awake: requests in flight from clients (a `logs -f` or an attach for as long as it is open),
 * running containers, and the time since the last request ended. Engine event streams (the window's and the port
 * watcher's) are not counted by the caller: with no container running, only another request can cause an event.
 */
export class IdleSleeper {
  private busy = 0;
  private running = 0;
  private last: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private active = false;
  private asleep = false;
  /** Sleeps and wakes, one at a time. */
  private op: Promise<void> = Promise.resolve();
  private pending = 0;
  /** How long the last wake took (QMP cont; the guest clock is set beside the first request), ms. */
  lastWakeMs: number | undefined;
  /** Wakes so far (tests, diagnostics). */
  wakes = 0;
  private readonly now: () => number;

  constructor(private readonly o: IdleSleeperOptions) {
    this.now = o.now ?? Date.now;
    this.last = this.now();
  }

  get sleeping(): boolean {
    return this.asleep;
  }

  /** The VM is up: the idle clock starts now. */
  start(): void {
    this.active = true;
    this.last = this.now();
    this.arm();
  }

  /** The VM is going down (or away): no more sleeps; one that is under way is waited for. */
  async stop(): Promise<void> {
    this.active = false;
    this.clear();
    await this.op;
  }

  /** A client request began: the VM stays awake until the returned function is called (once; later calls do nothing). */
  begin(): () => void {
    this.busy++;
    this.last = this.now();
    this.clear();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.busy--;
      this.last = this.now();
      this.arm();
    };
  }

  /** How many containers run now (the port watcher's list). */
  setRunning(n: number): void {
    this.running = n;
    if (n > 0) this.clear();
    else this.arm();
  }

  /** Settings changed: the timer is set again from the last activity. */
  rearm(): void {
    this.arm();
  }

  /** Wakes the VM if it sleeps (or is falling asleep), then resolves; at once when it is awake. */
  wake(why: string): Promise<void> {
    if (!this.asleep && this.pending === 0) return Promise.resolve();
    return this.serial(async () => {
      if (!this.asleep) return;
      const t0 = this.now();
      await this.o.resume();
      this.asleep = false;
      this.lastWakeMs = this.now() - t0;
      this.wakes++;
      this.last = this.now();
      // The guest clock stood still while asleep: it is set at once, beside the request that woke the VM rather than
      // before it (an SSH exec under emulation is a few hundred ms the request need not wait for).
      const clock = this.now();
      void this.o.syncClock().then(
        () => log.info(`woke in ${this.lastWakeMs} ms (${why}); guest clock set ${this.now() - clock} ms later`),
        (e: unknown) => log.warn('could not set the guest clock after a wake', { error: String(e) }),
      );
      this.o.onChange?.();
      this.arm();
    });
  }

  private serial(fn: () => Promise<void>): Promise<void> {
    this.pending++;
    const next = this.op.then(fn).finally(() => this.pending--);
    this.op = next.catch(() => undefined);
    return next;
  }

  private idleMs(): number {
    try {
      return this.o.idleMs();
    } catch (e) {
      log.warn('bad idle time; not sleeping', { error: String(e) });
      return 0;
    }
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    this.clear();
    const idle = this.idleMs();
    if (!this.active || this.asleep || this.busy > 0 || this.running > 0 || idle <= 0) return;
    this.timer = setTimeout(() => void this.fallAsleep(), Math.max(0, this.last + idle - this.now()));
    this.timer.unref?.();
  }

  private idleEnough(): boolean {
    const idle = this.idleMs();
    return this.active && !this.asleep && this.busy === 0 && this.running === 0 && idle > 0 && this.now() - this.last >= idle;
  }

  private async fallAsleep(): Promise<void> {
    this.timer = undefined;
    if (this.o.beforeSleep && this.idleEnough()) {
      await this.o.beforeSleep().catch((e: unknown) => log.warn('could not trim the guest before it sleeps', { error: String(e) }));
    }
    await this.sleep();
  }

  private sleep(): Promise<void> {
    return this.serial(async () => {
      this.timer = undefined;
      const idle = this.idleMs();
      if (!this.active || this.asleep || this.busy > 0 || this.running > 0 || idle <= 0) return;
      if (this.now() - this.last < idle) {
        this.arm();
        return;
      }
      try {
        await this.o.pause();
      } catch (e) {
        log.warn('could not put the VM to sleep; trying again later', { error: String(e) });
        this.last = this.now();
        this.arm();
        return;
      }
      if (this.busy > 0 || this.running > 0 || this.now() - this.last < idle) {
        // A request came in while the guest was being paused: it must not wait for the next wake.
        await this.o.resume();
        await this.o.syncClock().catch(() => undefined);
        this.arm();
        return;
      }
      this.asleep = true;
      log.info(`asleep after ${Math.round((this.now() - this.last) / 1000)} s idle`);
      this.o.onChange?.();
    });
  }
}
