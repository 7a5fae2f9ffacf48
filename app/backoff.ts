// The one backoff of every reconnect (engine link, VM port watcher, SSH sessions, the window's socket): a delay that doubles.

export interface BackoffOptions {
  /** The first delay (ms). */
  firstMs: number;
  /** No later delay is longer (ms); the first one is `firstMs` even when that is longer (a caller that wants no early retry). */
  maxMs: number;
}

/** The delay before retry `attempt` (0: the first): `firstMs`, then doubling, at most `maxMs`. */
export function backoffDelay(attempt: number, o: BackoffOptions): number {
  return attempt === 0 ? o.firstMs : Math.min(o.maxMs, o.firstMs * 2 ** attempt);
}

/** A backoff that counts its own attempts: `next()` before each retry, `reset()` after a success. */
export class Backoff {
  private attempt = 0;

  constructor(private readonly o: BackoffOptions) {}

  next(): number {
    return backoffDelay(this.attempt++, this.o);
  }

  reset(): void {
    this.attempt = 0;
  }
}
