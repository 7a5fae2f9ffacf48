// Output batching: items handed over every few milliseconds, or at once when a batch is full (logs, terminals, the VM console).

export interface BatchLimits {
  intervalMs: number;
  maxItems: number;
  maxBytes: number;
  /** Deliver the first item of a quiet spell at once, then batch what follows for `intervalMs` (terminal echo). */
  leading?: boolean;
}

/** Collects items and hands them over every `intervalMs`, or at once when a batch reaches its item or byte limit. */
export class Batcher<T> {
  private items: T[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deliver: (items: T[]) => void,
    private readonly limits: BatchLimits,
    private readonly sizeOf: (item: T) => number,
  ) {}

  add(item: T): void {
    if (this.limits.leading && this.timer === undefined && this.items.length === 0) {
      // Open a batching window and let this item through now: a lone keystroke's echo is not delayed.
      this.timer = setTimeout(() => this.flush(), this.limits.intervalMs);
      this.deliver([item]);
      return;
    }
    this.items.push(item);
    this.bytes += this.sizeOf(item);
    if (this.items.length >= this.limits.maxItems || this.bytes >= this.limits.maxBytes) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.limits.intervalMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.bytes = 0;
    this.deliver(items);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.items = [];
    this.bytes = 0;
  }
}
