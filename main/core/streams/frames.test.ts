import { describe, expect, it } from 'vitest';
import { FrameDemuxer } from './frames.js';

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
