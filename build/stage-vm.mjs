// Stages the built VM images (kernel, root disk, rootfs.tar, manifest) into out/vm-image/<arch> for electron-builder's
// extraResources (x64: the x86_64 guest, arm64: the aarch64 one), after checking every file's size and sha256 against its
// manifest. An architecture with no image built: warns (or fails with --require, for the architectures asked).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { copyFile, constants, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outRoot = join(root, 'out', 'vm-image');
const require = process.argv.includes('--require');
/** electron-builder's architecture name -> the guest's (uname -m) and the variable that may name its image. */
const ARCHES = { x64: { guest: 'x86_64', env: 'BERTH_VM_IMAGE' }, arm64: { guest: 'aarch64', env: 'BERTH_VM_IMAGE_ARM64' } };
const asked = process.argv.filter((a) => a.startsWith('--arch=')).map((a) => a.slice('--arch='.length));

function imageDir(arch) {
  const { guest, env } = ARCHES[arch];
  if (process.env[env]) return resolve(process.env[env]);
  try {
    return execFileSync('bash', [join(root, 'vm-helper', 'build-image.sh'), '--print-dir', '--arch', guest], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

const sha256 = (file) =>
  new Promise((res, rej) => {
    const h = createHash('sha256');
    createReadStream(file).on('data', (d) => h.update(d)).on('error', rej).on('end', () => res(h.digest('hex')));
  });

async function stage(arch) {
  const out = join(outRoot, arch);
  await mkdir(out, { recursive: true });
  const dir = imageDir(arch);
  if (!dir || !existsSync(join(dir, 'manifest.json'))) {
    const msg = `no built ${ARCHES[arch].guest} VM image${dir ? ` at ${dir}` : ''}: the ${arch} package will not contain one (build it with sudo vm-helper/build-image.sh --arch ${ARCHES[arch].guest}, or set ${ARCHES[arch].env})`;
    if (require) throw new Error(`stage-vm: ${msg}`);
    console.warn(`stage-vm: warning: ${msg}`);
    return;
  }
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
  if ((manifest.arch ?? 'x86_64') !== ARCHES[arch].guest) throw new Error(`stage-vm: ${dir} is a ${manifest.arch} image, not the ${ARCHES[arch].guest} one the ${arch} package needs`);
  for (const [name, f] of Object.entries(manifest.files ?? {})) {
    const src = join(dir, f.path);
    if (f.path.includes('..') || f.path.startsWith('/')) throw new Error(`stage-vm: manifest entry ${name} points outside the image: ${f.path}`);
    const st = await stat(src);
    if (st.size !== f.size || (await sha256(src)) !== f.sha256) throw new Error(`stage-vm: ${src} does not match its manifest (damaged or modified); rebuild with vm-helper/build-image.sh --force`);
    await copyFile(src, join(out, f.path), constants.COPYFILE_FICLONE);
    console.log(`stage-vm: ${arch} ${name} ${f.path} (${Math.round(f.size / 1024 / 1024)} MiB) verified`);
  }
  await copyFile(join(dir, 'manifest.json'), join(out, 'manifest.json'));
  console.log(`stage-vm: ${dir} -> ${out}`);
}

await rm(outRoot, { recursive: true, force: true });
try {
  for (const arch of asked.length ? asked : Object.keys(ARCHES)) {
    if (!ARCHES[arch]) throw new Error(`stage-vm: unknown architecture ${arch} (x64 or arm64)`);
    await stage(arch);
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
