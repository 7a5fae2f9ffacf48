// Errors a window's React error boundaries caught: logged under [window] (the core log, which the diagnostics bundle holds) and the last few kept in memory.
import { createLogger, type Logger } from '../log.js';

export interface WindowError {
  /** Which boundary caught it: "page images", "root". */
  where: string;
  message: string;
  stack?: string | undefined;
  componentStack?: string | undefined;
  route?: string | undefined;
}

export interface WindowErrorEntry extends WindowError {
  at: string;
}

/** Reports kept for the diagnostics bundle, and reports logged per minute (a window failing in a loop cannot flood the log). */
export const KEEP = 50;
export const PER_MINUTE = 20;

export class WindowErrors {
  private readonly entries: WindowErrorEntry[] = [];
  private windowStart = 0;
  private inWindow = 0;
  private dropped = 0;

  constructor(
    private readonly log: Logger = createLogger('window'),
    private readonly now: () => number = Date.now,
  ) {}

  /** Logs one report; `logged: false` when over the per-minute cap (counted and said with the next logged one). */
  report(e: WindowError): { logged: boolean } {
    const t = this.now();
    if (t - this.windowStart >= 60_000) {
      this.windowStart = t;
      this.inWindow = 0;
    }
    if (++this.inWindow > PER_MINUTE) {
      this.dropped++;
      return { logged: false };
    }
    const entry: WindowErrorEntry = { at: new Date(t).toISOString(), ...e };
    this.entries.push(entry);
    if (this.entries.length > KEEP) this.entries.shift();
    const more = this.dropped > 0 ? ` (${this.dropped} more reports were not logged: over ${PER_MINUTE} a minute)` : '';
    this.dropped = 0;
    const where = e.route ? `${e.where} at ${e.route}` : e.where;
    this.log.error(`the window caught an error in ${where}: ${e.message}${more}`, { stack: e.stack, componentStack: e.componentStack });
    return { logged: true };
  }

  /** The newest reports last, for the diagnostics bundle's window-errors section. */
  recent(): WindowErrorEntry[] {
    return [...this.entries];
  }
}
