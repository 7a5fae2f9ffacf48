import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findImage, loadImage, verifyImage } from './image.js';

function makeImage(cache: string, name: string, version: string): string {
  const dir = path.join(cache, name);
  fs.mkdirSync(dir, { recursive: true });
  const entry = (file: string, content: string): Record<string, unknown> => {
    fs.writeFileSync(path.join(dir, file), content);
    return { path: file, sha256: crypto.createHash('sha256').update(content).digest('hex'), size: Buffer.byteLength(content) };
  };
  const manifest = {
    name: 'berth-vm', version, recipeHash: name, suite: 'bookworm', kernelVersion: '6.1', dockerVersion: '20.10', arch: 'x86_64',
    cmdline: 'console=ttyS0', files: { kernel: entry('vmlinuz', 'k'), rootDisk: { ...entry('root.img', 'root'), format: 'raw' }, rootfsTar: entry('rootfs.tar', 'tar') },
  };
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

describe('VM image', () => {
  it('finds the newest built image in the cache, or the one named by BERTH_VM_IMAGE', async () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-img-'));
    const old = makeImage(cache, 'aaaa', 'v1');
    fs.utimesSync(path.join(old, 'manifest.json'), new Date(2000, 1, 1), new Date(2000, 1, 1));
    makeImage(cache, 'bbbb', 'v2');
    fs.mkdirSync(path.join(cache, '.build-partial'));
    expect((await findImage(undefined, { BERTH_VM_CACHE: cache })).manifest.version).toBe('v2');
    expect((await findImage(undefined, { BERTH_VM_CACHE: cache, BERTH_VM_IMAGE: old })).manifest.version).toBe('v1');
    await expect(findImage(undefined, { BERTH_VM_CACHE: path.join(cache, 'none') })).rejects.toThrow(/build-image\.sh/);
  });

  it('verifies checksums and names the damaged file', async () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-img-'));
    const img = await loadImage(makeImage(cache, 'cccc', 'v3'));
    await verifyImage(img, { withTar: true });
    fs.writeFileSync(img.rootDisk, 'ROOT');
    await expect(verifyImage(img)).rejects.toThrow(/root\.img does not match its manifest/);
    await expect(verifyImage(img, { withRootDisk: false })).resolves.toBeUndefined();
    fs.writeFileSync(path.join(img.dir, 'manifest.json'), '{"name":"other"}');
    await expect(loadImage(img.dir)).rejects.toMatchObject({ code: 'VM_ERROR' });
  });
});
