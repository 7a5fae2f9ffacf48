// Owner-only files: JSON read/written atomically as 0600 inside 0700 folders (settings, window state, bundles).
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { BerthError } from '../../../app/errors.js';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/** mkdir -p with 0700, and tighten a folder that already existed with looser bits. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  if (process.platform === 'win32') return; // POSIX modes do not apply; the user profile's ACLs do.
  const st = await stat(dir);
  if ((st.mode & 0o777) !== DIR_MODE) await chmod(dir, DIR_MODE);
}

/** Writes `data` to `file` atomically (temp file, fsync, rename) with mode 0600. */
export async function writePrivateFile(file: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(file);
  await ensurePrivateDir(dir);
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', FILE_MODE);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    if (process.platform !== 'win32') await chmod(tmp, FILE_MODE); // umask cannot loosen, but be explicit.
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

export async function writePrivateJson(file: string, value: unknown): Promise<void> {
  await writePrivateFile(file, `${JSON.stringify(value, null, 2)}\n`);
}

export type ReadJsonResult = { state: 'missing' } | { state: 'ok'; value: unknown } | { state: 'corrupt'; reason: string };

/** Reads a JSON file; a missing file and a file that is not JSON are outcomes, not exceptions. */
export async function readJson(file: string): Promise<ReadJsonResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    throw new BerthError('PERMISSION_DENIED', `Berth could not read ${file}.`, { detail: (e as Error).message });
  }
  try {
    return { state: 'ok', value: JSON.parse(text) as unknown };
  } catch (e) {
    return { state: 'corrupt', reason: (e as Error).message };
  }
}

/** Tightens an existing file to 0600 (a file restored from a backup may be world-readable). */
export async function tightenFile(file: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const st = await stat(file);
    if ((st.mode & 0o777) !== FILE_MODE) await chmod(file, FILE_MODE);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}
