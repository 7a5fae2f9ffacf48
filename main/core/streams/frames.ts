// The engine's multiplexed stream (non-TTY logs, attach, exec) split back into stdout and stderr frames.

export type StreamType = 0 | 1 | 2;

/**
 * Splits the engine's multiplexed stream (non-TTY logs, attach, exec) into frames: an 8-byte
 * header (stream type, 3 zero bytes, big-endian length) then the payload. Emits whole frames;
 * a header with an impossible stream type means the stream is raw after all, and the rest passes
 * through as stdout (as docker-modem does).
 */
export class FrameDemuxer {
  private chunks: Buffer[] = [];
  private length = 0;
  private header: { type: StreamType; size: number } | undefined;
  private raw = false;

  constructor(private readonly onFrame: (type: StreamType, payload: Buffer) => void) {}

  write(chunk: Buffer): void {
    if (this.raw) {
      if (chunk.length > 0) this.onFrame(1, chunk);
      return;
    }
    this.chunks.push(chunk);
    this.length += chunk.length;
    for (;;) {
      if (!this.header) {
        if (this.length < 8) return;
        const head = this.take(8);
        const type = head.readUInt8(0);
        if (type > 2) {
          this.raw = true;
          const rest = Buffer.concat([head, this.take(this.length)]);
          this.onFrame(1, rest);
          return;
        }
        this.header = { type: type as StreamType, size: head.readUInt32BE(4) };
      }
      if (this.length < this.header.size) return;
      const payload = this.take(this.header.size);
      const type = this.header.type;
      this.header = undefined;
      this.onFrame(type, payload);
    }
  }

  /** Bytes held back waiting for the rest of a frame. */
  pending(): number {
    return this.length;
  }

  private take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    const first = this.chunks[0] as Buffer;
    if (first.length === n) {
      this.chunks.shift();
      this.length -= n;
      return first;
    }
    if (first.length > n) {
      this.chunks[0] = first.subarray(n);
      this.length -= n;
      return first.subarray(0, n);
    }
    const all = Buffer.concat(this.chunks);
    this.chunks = all.length > n ? [all.subarray(n)] : [];
    this.length -= n;
    return all.subarray(0, n);
  }
}
