import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildImage, findRecipe, imageState, type ImageSetupOptions } from './image-setup.js';

const MANIFEST = (arch: string) =>
  JSON.stringify({
    name: 'berth-vm',
    version: `test-${arch}`,
    recipeHash: 'abc',
    kernelVersion: '6.1',
    dockerVersion: '20.10',
    arch,
    cmdline: 'console=ttyS0',
    files: {
      kernel: { path: 'vmlinuz', sha256: 'a'.repeat(64), size: 1 },
      rootDisk: { path: 'root.img', sha256: 'b'.repeat(64), size: 1, format: 'raw' },
      rootfsTar: { path: 'rootfs.tar', sha256: 'c'.repeat(64), size: 1 },
    },
  });

/** A stand-in recipe with build-image.sh's interface: progress on stderr, the image folder on its last stdout line. */
function fakeRecipe(body: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-recipe-'));
  const f = path.join(dir, 'build-image.sh');
  fs.writeFileSync(f, `#!/usr/bin/env bash\nset -e\n${body}\n`, { mode: 0o755 });
  return f;
}

const MAKE_IMAGE = `echo "build-image: debootstrap bookworm minbase" >&2
echo "build-image: packing rootfs.tar" >&2
out="$BERTH_VM_CACHE/abc"; mkdir -p "$out"
printf '%s' '${MANIFEST('x86_64')}' > "$out/manifest.json"
echo "$out"`;

function setup(extra: Partial<ImageSetupOptions> = {}): ImageSetupOptions & { env: NodeJS.ProcessEnv } {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-cache-'));
  return { env: { BERTH_VM_CACHE: cache, PATH: process.env['PATH'] ?? '' }, guestArch: 'x86_64', platform: 'linux', script: fakeRecipe(MAKE_IMAGE), isRoot: () => true, hasProgram: () => true, ...extra };
}

describe('the guest image where none is installed', () => {
  it('is ready when the cache has one of the asked architecture', async () => {
    const o = setup();
    const dir = path.join(o.env['BERTH_VM_CACHE'] as string, 'x');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'manifest.json'), MANIFEST('aarch64'));
    expect(await imageState(o)).toMatchObject({ state: 'missing', arch: 'x86_64', build: { possible: true } });
    fs.writeFileSync(path.join(dir, 'manifest.json'), MANIFEST('x86_64'));
    expect(await imageState(o)).toEqual({ state: 'ready', arch: 'x86_64', version: 'test-x86_64', dir });
  });

  it('says why Berth cannot build it, and what a person does instead', async () => {
    const mac = await imageState(setup({ platform: 'darwin' }));
    expect(mac).toMatchObject({ state: 'missing', build: { possible: false } });
    expect(mac.state === 'missing' && mac.build.why).toContain('Linux only');
    const packaged = await imageState(setup({ script: undefined }));
    expect(packaged.state === 'missing' && packaged.build.why).toContain('no image recipe');
    const noTool = await imageState(setup({ hasProgram: () => false }));
    expect(noTool.state === 'missing' && noTool.build.why).toContain('apt-get install -y debootstrap');
    const user = await imageState(setup({ isRoot: () => false, sudoWorks: () => false }));
    expect(user).toMatchObject({ state: 'missing', build: { possible: false } });
    expect(user.state === 'missing' && user.build.why).toContain('needs root');
    expect(user.state === 'missing' && user.build.command).toMatch(/^sudo bash .*build-image\.sh$/);
    const arm = await imageState(setup({ guestArch: 'arm64', isRoot: () => false, sudoWorks: () => true }));
    expect(arm).toMatchObject({ state: 'missing', arch: 'aarch64', build: { possible: true } });
    expect(arm.state === 'missing' && arm.build.command).toMatch(/build-image\.sh --arch arm64$/);
    const named = setup();
    named.env['BERTH_VM_IMAGE'] = '/nowhere/image';
    const n = await imageState(named);
    expect(n.state === 'missing' && n.build).toMatchObject({ possible: false });
    expect(n.state === 'missing' && n.build.why).toContain('BERTH_VM_IMAGE names /nowhere/image');
  });

  it('builds it with the recipe, streaming its lines, into the cache where the next start finds it', async () => {
    const o = setup();
    const lines: string[] = [];
    const img = await buildImage(o, (l) => lines.push(l));
    expect(lines.slice(0, 2)).toEqual(['build-image: debootstrap bookworm minbase', 'build-image: packing rootfs.tar']);
    expect(img.manifest.version).toBe('test-x86_64');
    expect(await imageState(o)).toMatchObject({ state: 'ready', dir: img.dir });
  });

  it('fails with the build\'s own last words, and refuses where it cannot build', async () => {
    const o = setup({ script: fakeRecipe('echo "build-image: step one" >&2\necho "build-image: missing cpio: install it" >&2\nexit 3') });
    const e = (await buildImage(o, () => undefined).then(() => new Error('built'), (x: unknown) => x)) as Error & { detail?: string };
    expect(e.message).toBe('Building the guest image failed (exit 3): build-image: missing cpio: install it');
    expect(e.detail).toContain('step one');
    await expect(buildImage(setup({ platform: 'darwin' }), () => undefined)).rejects.toThrow('Linux only');
    const wrong = setup({ guestArch: 'arm64' });
    await expect(buildImage(wrong, () => undefined)).rejects.toThrow('not the aarch64 one asked for');
  });

  it('stops the whole build when aborted', async () => {
    const marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'berth-abort-')), 'child.pid');
    const o = setup({ script: fakeRecipe(`sleep 30 & echo $! > ${marker}\necho "build-image: working" >&2\nwait`) });
    const ac = new AbortController();
    const done = buildImage(o, () => ac.abort(), ac.signal);
    await expect(done).rejects.toThrow('The image build was stopped.');
    const pid = Number(fs.readFileSync(marker, 'utf8'));
    // Gone, or a zombie waiting for its reaper (it no longer runs); polled, as a loaded machine may take a while to end it.
    const state = () => {
      try {
        return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
      } catch {
        return 'gone';
      }
    };
    await expect.poll(state, { timeout: 5_000, interval: 20 }).toMatch(/^(gone|Z)$/);
  });

  it('finds the recipe of this source tree', () => {
    expect(findRecipe()).toMatch(/vm-helper\/build-image\.sh$/);
    expect(findRecipe(os.tmpdir())).toBeUndefined();
  });
});
