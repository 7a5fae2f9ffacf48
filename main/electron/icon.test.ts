// Icons drawn in code: valid PNGs (signature, CRCs, size) with the state colour in the middle.
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { appIconPng, crc32, TONE_COLORS, trayIconPng } from './icon.js';

function decode(png: Buffer) {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let off = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.subarray(off + 4, off + 8).toString('ascii');
    const data = png.subarray(off + 8, off + 8 + len);
    expect(png.readUInt32BE(off + 8 + len)).toBe(crc32(png.subarray(off + 4, off + 8 + len)));
    if (type === 'IHDR') [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
    if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const px = (x: number, y: number) => [...raw.subarray(y * (width * 4 + 1) + 1 + x * 4, y * (width * 4 + 1) + 1 + x * 4 + 4)];
  return { width, height, px };
}

describe('icons', () => {
  it('crc32 matches the standard check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('draws the tray dot in the colour of each state, transparent in the corners', () => {
    for (const tone of ['running', 'starting', 'stopped', 'error'] as const) {
      const { width, height, px } = decode(trayIconPng(tone, 32));
      expect([width, height]).toEqual([32, 32]);
      expect(px(16, 16)).toEqual([...TONE_COLORS[tone]]);
      expect(px(0, 0)[3]).toBe(0);
    }
  });

  it('draws a 512 px app icon (the size electron-builder needs for macOS)', () => {
    const { width, px } = decode(appIconPng(512));
    expect(width).toBe(512);
    expect(px(256, 256)).toEqual([255, 255, 255, 255]);
    expect(px(40, 256)).toEqual([29, 99, 237, 255]);
  });
});
