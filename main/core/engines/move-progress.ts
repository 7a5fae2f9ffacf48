// A move's progress on its stream: bytes counted as they pass, the latest state sent at most every 100 ms, only the newest while the window is behind.
import { Transform } from 'node:stream';
import type { MoveProgress } from '../../../app/engines.js';

/** Where the progress goes: a contract stream's sink (its push answers false while the consumer is behind). */
export interface ProgressSink {
  push(chunk: MoveProgress): boolean;
  onDrain(cb: () => void): void;
}

export class MoveReporter {
  private current: MoveProgress | undefined;
  private dirty = false;
  private behind = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly sink: ProgressSink,
    private readonly intervalMs = 100,
  ) {}

  /** Starts a step (sent at once): what it works on and, when known, about how many bytes it will pass. */
  step(step: MoveProgress['step'], what: string, total?: number): void {
    this.current = { step, what, bytes: 0, ...(total !== undefined ? { total } : {}) };
    this.send();
  }

  /** Ends the current step with a word on it ("already there: same image ID"), sent at once. */
  done(status: string): void {
    if (!this.current) return;
    this.current = { ...this.current, status };
    this.send();
  }

  /** Bytes that passed in the current step. */
  add(bytes: number): void {
    if (!this.current) return;
    this.current = { ...this.current, bytes: this.current.bytes + bytes };
    this.dirty = true;
    if (!this.timer && !this.behind && !this.closed) this.timer = setTimeout(() => this.send(), this.intervalMs);
  }

  /** A pass-through stream that counts what flows through it into the current step. */
  counter(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _enc, cb) => {
        this.add(chunk.length);
        cb(null, chunk);
      },
    });
  }

  /** The bytes of the current step so far. */
  get bytes(): number {
    return this.current?.bytes ?? 0;
  }

  /** Sends the last state now, then nothing more. */
  close(): void {
    if (this.dirty) this.send();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private send(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed || !this.current) return;
    this.dirty = true;
    // While the window is behind, only the newest state is kept: it goes once the window catches up.
    if (this.behind) return;
    this.dirty = false;
    if (this.sink.push(this.current)) return;
    this.behind = true;
    this.sink.onDrain(() => {
      this.behind = false;
      if (this.dirty) this.send();
    });
  }
}
