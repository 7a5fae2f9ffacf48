// Log lines kept as a few large strings: every CHUNK lines are joined into one string with an offset table, so a
// million lines are a few hundred objects for the garbage collector instead of millions of small strings.

/** Lines per sealed chunk. */
export const CHUNK = 4096;
/** A chunk whose text would be longer than this keeps its lines as separate strings (V8 strings stop at ~2^29). */
const MAX_JOINED = 1 << 26;

const STDERR = 1;
const HAS_TS = 2;

/** Strings joined into one, with where each ends; or kept apart when too long to join. */
type Joined = { text: string; ends: Uint32Array } | { parts: string[] };

interface Sealed {
  text: Joined;
  ts: Joined;
  flags: Uint8Array;
}

function join(parts: string[]): Joined {
  const ends = new Uint32Array(parts.length);
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    at += (parts[i] as string).length;
    if (at > MAX_JOINED) return { parts };
    ends[i] = at;
  }
  return { text: parts.join(''), ends };
}

function part(j: Joined, k: number): string {
  if ('parts' in j) return j.parts[k] as string;
  return j.text.slice(k > 0 ? (j.ends[k - 1] as number) : 0, j.ends[k]);
}

export class LineChunks {
  private sealed: Sealed[] = [];
  private openText: string[] = [];
  private openTs: string[] = [];
  private openFlags: number[] = [];
  /** Lines of the first chunk (sealed or open) already dropped. */
  private head = 0;

  constructor(private readonly chunk = CHUNK) {}

  get length(): number {
    return this.sealed.length * this.chunk + this.openText.length - this.head;
  }

  push(text: string, ts: string | undefined, stderr: boolean): void {
    this.openText.push(text);
    this.openTs.push(ts ?? '');
    this.openFlags.push((stderr ? STDERR : 0) | (ts !== undefined ? HAS_TS : 0));
    if (this.openText.length >= this.chunk) this.seal();
  }

  private seal(): void {
    this.sealed.push({ text: join(this.openText), ts: join(this.openTs), flags: Uint8Array.from(this.openFlags) });
    this.openText = [];
    this.openTs = [];
    this.openFlags = [];
  }

  /** Line `i`: its text, timestamp (when it had one) and whether it came from stderr; empty past the end. */
  row(i: number): { text: string; ts: string | undefined; stderr: boolean } {
    if (i < 0 || i >= this.length) return { text: '', ts: undefined, stderr: false };
    const abs = this.head + i;
    const n = Math.floor(abs / this.chunk);
    const c = this.sealed[n];
    if (c) {
      const k = abs - n * this.chunk;
      const f = c.flags[k] as number;
      return { text: part(c.text, k), ts: f & HAS_TS ? part(c.ts, k) : undefined, stderr: (f & STDERR) !== 0 };
    }
    const k = abs - this.sealed.length * this.chunk;
    const f = this.openFlags[k] as number;
    return { text: this.openText[k] as string, ts: f & HAS_TS ? this.openTs[k] : undefined, stderr: (f & STDERR) !== 0 };
  }

  /** Line `i`'s text alone (search, download). */
  text(i: number): string {
    if (i < 0 || i >= this.length) return '';
    const abs = this.head + i;
    const n = Math.floor(abs / this.chunk);
    const c = this.sealed[n];
    return c ? part(c.text, abs - n * this.chunk) : (this.openText[abs - this.sealed.length * this.chunk] as string);
  }

  /** Drops `n` lines from the front: whole chunks go at once, so the cost does not grow with the line count. */
  dropFront(n: number): void {
    this.head += Math.min(Math.max(0, n), this.length);
    while (this.head >= this.chunk && this.sealed.length > 0) {
      this.sealed.shift();
      this.head -= this.chunk;
    }
    if (this.sealed.length === 0 && this.head > 0) {
      this.openText.splice(0, this.head);
      this.openTs.splice(0, this.head);
      this.openFlags.splice(0, this.head);
      this.head = 0;
    }
  }
}
