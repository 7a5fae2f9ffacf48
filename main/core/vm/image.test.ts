import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findImage, loadImage, verifyImage } from './image.js';

function makeImage(cache: string, name: string, version: string, arch: string | undefined = 'x86_64'): string {
  const dir = path.join(cache, name);
  fs.mkdirSync(dir, { recursive: true });
  const entry = (file: string, content: string): Record<string, unknown> => {
    fs.writeFileSync(path.join(dir, file), content);
    return { path: file, sha256: crypto.createHash('sha256').update(content).digest('hex'), size: Buffer.byteLength(content) };
  };
  const manifest = {
    name: 'berth-vm', version, recipeHash: name, suite: 'bookworm', kernelVersion: '6.1', dockerVersion: '20.10', ...(arch === undefined ? {} : { arch }),
    cmdline: 'console=ttyS0', files: { kernel: entry(arch === 'arm64' ? 'Image' : 'vmlinuz', 'k'), rootDisk: { ...entry('root.img', 'root'), format: 'raw' }, rootfsTar: entry('rootfs.tar', 'tar') },
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

  it('carries the architecture: none in the manifest is x86_64; the cache is searched for the one asked for', async () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-img-'));
    const old = makeImage(cache, 'x86old', 'x1', undefined);
    fs.utimesSync(path.join(old, 'manifest.json'), new Date(2000, 1, 1), new Date(2000, 1, 1));
    expect((await loadImage(old)).arch).toBe('x86_64');
    makeImage(cache, 'arm', 'a1', 'arm64');
    const env = { BERTH_VM_CACHE: cache };
    // The newest image is arm64, yet an x86_64 guest still gets the x86_64 one.
    expect((await findImage(undefined, env, 'x86_64')).manifest.version).toBe('x1');
    const arm = await findImage(undefined, env, 'aarch64');
    expect(arm.arch).toBe('aarch64');
    expect(path.basename(arm.kernel)).toBe('Image');
    const onlyArm = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-img-'));
    makeImage(onlyArm, 'arm', 'a1', 'aarch64');
    await expect(findImage(undefined, { BERTH_VM_CACHE: onlyArm }, 'x86_64')).rejects.toThrow(/No x86_64 VM image .*it has aarch64 images: set BERTH_VM_ARCH/);
    await expect(findImage(undefined, { BERTH_VM_CACHE: cache + '-none' }, 'aarch64')).rejects.toThrow(/build-image\.sh --arch arm64/);
    // An explicit image is used whatever its architecture; one Berth cannot run is refused.
    expect((await findImage(undefined, { ...env, BERTH_VM_IMAGE: path.join(onlyArm, 'arm') }, 'x86_64')).arch).toBe('aarch64');
    await expect(loadImage(makeImage(cache, 'riscv', 'r1', 'riscv64'))).rejects.toThrow(/is for riscv64/);
  });
});
