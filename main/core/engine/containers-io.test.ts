import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backpressure, Batcher, FrameDemuxer } from './containers-io.js';

function frame(type: number, payload: string | Buffer): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const head = Buffer.alloc(8);
  head.writeUInt8(type, 0);
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
}

describe('FrameDemuxer', () => {
  const collect = () => {
    const frames: [number, string][] = [];
    return { frames, demux: new FrameDemuxer((t, p) => frames.push([t, p.toString()])) };
  };

  it('splits several frames in one chunk', () => {
    const { frames, demux } = collect();
    demux.write(Buffer.concat([frame(1, 'out'), frame(2, 'err'), frame(1, '')]));
    expect(frames).toEqual([[1, 'out'], [2, 'err'], [1, '']]);
  });

  it('reassembles frames split at every byte', () => {
    const { frames, demux } = collect();
    const all = Buffer.concat([frame(1, 'hello world'), frame(2, 'x'.repeat(300))]);
    for (let i = 0; i < all.length; i++) demux.write(all.subarray(i, i + 1));
    expect(frames).toEqual([[1, 'hello world'], [2, 'x'.repeat(300)]]);
    expect(demux.pending()).toBe(0);
  });

  it('passes a stream that is not multiplexed through as stdout', () => {
    const { frames, demux } = collect();
    demux.write(Buffer.from('plain text that is no header'));
    demux.write(Buffer.from(' more'));
    expect(frames).toEqual([[1, 'plain text that is no header'], [1, ' more']]);
  });
});

describe('Batcher', () => {
  afterEach(() => vi.useRealTimers());

  it('delivers after the interval', () => {
    vi.useFakeTimers();
    const out: number[][] = [];
    const b = new Batcher<number>((xs) => out.push(xs), { intervalMs: 16, maxItems: 100, maxBytes: 1000 }, () => 1);
    b.add(1);
    b.add(2);
    expect(out).toEqual([]);
    vi.advanceTimersByTime(16);
    expect(out).toEqual([[1, 2]]);
  });

  it('delivers at once when a batch is full by items or bytes', () => {
    const out: string[][] = [];
    const b = new Batcher<string>((xs) => out.push(xs), { intervalMs: 1000, maxItems: 3, maxBytes: 10 }, (s) => s.length);
    b.add('a');
    b.add('b');
    b.add('c');
    b.add('0123456789');
    expect(out).toEqual([['a', 'b', 'c'], ['0123456789']]);
    b.dispose();
  });
});

describe('backpressure', () => {
  it('pauses the source when push is refused and resumes on drain', () => {
    const src = new PassThrough();
    src.resume();
    let drain: (() => void) | undefined;
    let waits = 0;
    const pushed = backpressure(src, (cb) => {
      waits++;
      drain = cb;
    });
    pushed(true);
    expect(src.isPaused()).toBe(false);
    pushed(false);
    pushed(false);
    expect(src.isPaused()).toBe(true);
    expect(waits).toBe(1);
    drain?.();
    expect(src.isPaused()).toBe(false);
  });

  it('with leading: delivers a lone item at once, batches what follows within the window', async () => {
    const out: string[][] = [];
    const b = new Batcher<string>((xs) => out.push(xs), { intervalMs: 20, maxItems: 100, maxBytes: 1000, leading: true }, (s) => s.length);
    b.add('a');
    expect(out).toEqual([['a']]);
    b.add('b');
    b.add('c');
    expect(out).toEqual([['a']]);
    await new Promise((r) => setTimeout(r, 40));
    expect(out).toEqual([['a'], ['b', 'c']]);
    await new Promise((r) => setTimeout(r, 30));
    b.add('d');
    expect(out.at(-1)).toEqual(['d']);
    b.dispose();
  });
});
