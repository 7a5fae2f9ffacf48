// Stages the built VM image (kernel, root disk, rootfs.tar, manifest) into out/vm-image for electron-builder's extraResources,
// after checking every file's size and sha256 against its manifest. No image built: warns (or fails with --require).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { copyFile, constants, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'out', 'vm-image');
const require = process.argv.includes('--require');

function imageDir() {
  if (process.env.BERTH_VM_IMAGE) return resolve(process.env.BERTH_VM_IMAGE);
  try {
    return execFileSync('bash', [join(root, 'vm-helper', 'build-image.sh'), '--print-dir'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

const sha256 = (file) =>
  new Promise((res, rej) => {
    const h = createHash('sha256');
    createReadStream(file).on('data', (d) => h.update(d)).on('error', rej).on('end', () => res(h.digest('hex')));
  });

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const dir = imageDir();
if (!dir || !existsSync(join(dir, 'manifest.json'))) {
  const msg = `no built VM image${dir ? ` at ${dir}` : ''}: the package will not contain one (build it with sudo vm-helper/build-image.sh, or set BERTH_VM_IMAGE)`;
  if (require) {
    console.error(`stage-vm: ${msg}`);
    process.exit(1);
  }
  console.warn(`stage-vm: warning: ${msg}`);
  process.exit(0);
}
const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
for (const [name, f] of Object.entries(manifest.files ?? {})) {
  const src = join(dir, f.path);
  if (f.path.includes('..') || f.path.startsWith('/')) throw new Error(`stage-vm: manifest entry ${name} points outside the image: ${f.path}`);
  const st = await stat(src);
  if (st.size !== f.size || (await sha256(src)) !== f.sha256) throw new Error(`stage-vm: ${src} does not match its manifest (damaged or modified); rebuild with vm-helper/build-image.sh --force`);
  await copyFile(src, join(out, f.path), constants.COPYFILE_FICLONE);
  console.log(`stage-vm: ${name} ${f.path} (${Math.round(f.size / 1024 / 1024)} MiB) verified`);
}
await copyFile(join(dir, 'manifest.json'), join(out, 'manifest.json'));
console.log(`stage-vm: ${dir} -> ${out}`);
