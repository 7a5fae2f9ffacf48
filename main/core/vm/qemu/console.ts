// Guest serial console capture: appends to console.log, keeps a ring of recent lines and wakes waiters on marker lines.
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';

export interface LineWaiter {
  test: (line: string) => boolean;
  resolve: (line: string) => void;
}

export class ConsoleCapture {
  private readonly ring: string[] = [];
  private partial = '';
  private readonly decoder = new StringDecoder('utf8');
  private waiters: LineWaiter[] = [];
  private file: fs.WriteStream | undefined;
  private readonly listeners = new Set<(line: string) => void>();

  constructor(private readonly maxLines = 2000) {}

  /** Starts a fresh log file for this boot (the previous one is kept as console.log.1). */
  openFile(path: string): void {
    try {
      fs.renameSync(path, `${path}.1`);
    } catch {
      // no previous boot log
    }
    this.file = fs.createWriteStream(path, { flags: 'w', mode: 0o600 });
  }

  attach(stream: Readable): void {
    stream.on('data', (chunk: Buffer) => this.push(chunk));
    stream.on('end', () => this.flushPartial());
  }

  push(chunk: Buffer | string): void {
    this.file?.write(chunk);
    const text = this.partial + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const parts = text.split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    for (const p of parts) this.addLine(p);
  }

  private flushPartial(): void {
    if (this.partial.length > 0) this.addLine(this.partial);
    this.partial = '';
  }

  private addLine(raw: string): void {
    // Strip terminal escapes and carriage returns so the tail reads cleanly in the window.
    // eslint-disable-next-line no-control-regex
    const line = raw.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
    this.ring.push(line);
    if (this.ring.length > this.maxLines) this.ring.splice(0, this.ring.length - this.maxLines);
    for (const l of this.listeners) l(line);
    const still: LineWaiter[] = [];
    for (const w of this.waiters) {
      if (w.test(line)) w.resolve(line);
      else still.push(w);
    }
    this.waiters = still;
  }

  /** Resolves with the first line (from now on, or already seen this boot if `seen`) that matches. */
  waitFor(test: (line: string) => boolean, opts: { includeSeen?: boolean } = {}): { promise: Promise<string>; cancel: () => void } {
    if (opts.includeSeen) {
      const hit = this.ring.find(test);
      if (hit !== undefined) return { promise: Promise.resolve(hit), cancel: () => undefined };
    }
    let waiter: LineWaiter | undefined;
    const promise = new Promise<string>((resolve) => {
      waiter = { test, resolve };
      this.waiters.push(waiter);
    });
    return { promise, cancel: () => { this.waiters = this.waiters.filter((w) => w !== waiter); } };
  }

  onLine(cb: (line: string) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  tail(lines: number): string[] {
    const all = this.partial.length > 0 ? [...this.ring, this.partial] : this.ring;
    return all.slice(Math.max(0, all.length - lines));
  }

  reset(): void {
    this.ring.length = 0;
    this.partial = '';
    this.waiters = [];
  }

  close(): void {
    this.flushPartial();
    this.file?.end();
    this.file = undefined;
  }
}
