import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDataDisk, freeLoopbackPort } from './vmdir.js';

describe('data disk', () => {
  it('is created sparse at the set size, grows, and never shrinks', async () => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'berth-disk-')), 'data.img');
    expect(await ensureDataDisk(f, 4)).toEqual({ sizeGiB: 4, grown: false });
    const st = fs.statSync(f);
    expect(st.size).toBe(4 * 1024 ** 3);
    expect(st.blocks * 512).toBeLessThan(1024 * 1024);
    expect(st.mode & 0o777).toBe(0o600);
    expect(await ensureDataDisk(f, 6)).toEqual({ sizeGiB: 6, grown: true });
    expect(await ensureDataDisk(f, 5)).toEqual({ sizeGiB: 6, grown: false });
    expect(fs.statSync(f).size).toBe(6 * 1024 ** 3);
  });

  it('finds a free loopback port', async () => {
    const p = await freeLoopbackPort();
    expect(p).toBeGreaterThan(1023);
  });
});
