// Icons drawn in code (no binary assets to ship or keep in sync): the tray's state dot and the app icon, as PNG bytes.
import { deflateSync } from 'node:zlib';

export type Rgba = readonly [number, number, number, number];

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Encodes RGBA pixels (row-major, 4 bytes each) as a PNG. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4) throw new Error('encodePng: pixel buffer has the wrong size');
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Paints with a per-pixel coverage function (0..1), anti-aliased by 4x4 supersampling. */
function paint(size: number, layers: { color: Rgba; cover: (x: number, y: number) => boolean }[]): Uint8Array {
  const px = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (const { color, cover } of layers) {
        let hits = 0;
        for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) if (cover((x + (sx + 0.5) / 4) / size, (y + (sy + 0.5) / 4) / size)) hits++;
        const ca = (hits / 16) * (color[3] / 255);
        // "over" compositing
        const na = ca + a * (1 - ca);
        if (na > 0) {
          r = (color[0] * ca + r * a * (1 - ca)) / na;
          g = (color[1] * ca + g * a * (1 - ca)) / na;
          b = (color[2] * ca + b * a * (1 - ca)) / na;
        }
        a = na;
      }
      const i = (y * size + x) * 4;
      px[i] = Math.round(r);
      px[i + 1] = Math.round(g);
      px[i + 2] = Math.round(b);
      px[i + 3] = Math.round(a * 255);
    }
  }
  return px;
}

const circle = (cx: number, cy: number, rad: number) => (x: number, y: number) => (x - cx) ** 2 + (y - cy) ** 2 <= rad * rad;
const ring = (cx: number, cy: number, outer: number, inner: number) => (x: number, y: number) => {
  const d = (x - cx) ** 2 + (y - cy) ** 2;
  return d <= outer * outer && d >= inner * inner;
};

export type TrayTone = 'running' | 'starting' | 'stopped' | 'error';

export const TONE_COLORS: Record<TrayTone, Rgba> = {
  running: [46, 160, 67, 255],
  starting: [219, 154, 4, 255],
  stopped: [128, 128, 128, 255],
  error: [207, 34, 46, 255],
};

/** The tray icon: a ring (the berth) around a dot whose colour is the engine's state. */
export function trayIconPng(tone: TrayTone, size = 16): Buffer {
  return encodePng(size, size, paint(size, [
    { color: [90, 90, 96, 255], cover: ring(0.5, 0.5, 0.47, 0.36) },
    { color: TONE_COLORS[tone], cover: circle(0.5, 0.5, 0.26) },
  ]));
}

/** The app icon (build/icon.png for electron-builder): a rounded blue tile with a white berth ring and dot. */
export function appIconPng(size = 512): Buffer {
  const rounded = (x: number, y: number) => {
    const m = 0.04; // margin
    const r = 0.2; // corner radius
    const cx = Math.min(Math.max(x, m + r), 1 - m - r);
    const cy = Math.min(Math.max(y, m + r), 1 - m - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
  return encodePng(size, size, paint(size, [
    { color: [29, 99, 237, 255], cover: rounded },
    { color: [255, 255, 255, 255], cover: ring(0.5, 0.5, 0.33, 0.25) },
    { color: [255, 255, 255, 255], cover: circle(0.5, 0.5, 0.13) },
  ]));
}
