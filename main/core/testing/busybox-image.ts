// Test helper: an image of Debian's static busybox (plus optional random bytes) made by `docker import`, on any engine; no registry needed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BusyboxImageOptions {
  /** The engine to import into (unix://…); the docker CLI's default when absent. */
  host?: string;
  /** Bytes of random data in /data/random (a big image for a benchmark); none by default. */
  randomBytes?: number;
  /** A file /id with this text, so two images made alike still differ in ID. */
  id?: string;
}

/**
 * Imports `/bin/busybox` (it must be the static build: busybox-static) with its applets linked in /bin, `ENV PATH=/bin`
 * and `CMD ["sh"]`, as `ref`; returns the image ID.
 */
export function importBusyboxImage(ref: string, o: BusyboxImageOptions = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bbimg-'));
  try {
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.copyFileSync('/bin/busybox', path.join(bin, 'busybox'));
    fs.chmodSync(path.join(bin, 'busybox'), 0o755);
    const applets = execFileSync('/bin/busybox', ['--list'], { encoding: 'utf8' }).split('\n').filter((a) => a && a !== 'busybox');
    for (const a of applets) fs.symlinkSync('busybox', path.join(bin, a));
    if (o.id) fs.writeFileSync(path.join(dir, 'id'), `${o.id}\n`);
    if (o.randomBytes) {
      fs.mkdirSync(path.join(dir, 'data'));
      const fd = fs.openSync(path.join(dir, 'data', 'random'), 'w');
      try {
        execFileSync('head', ['-c', String(o.randomBytes), '/dev/urandom'], { stdio: ['ignore', fd, 'inherit'] });
      } finally {
        fs.closeSync(fd);
      }
    }
    const env = { ...process.env, ...(o.host ? { DOCKER_HOST: o.host } : {}) };
    const out = execFileSync('sh', ['-c', `tar -C "$1" -c . | docker import -c 'ENV PATH=/bin' -c 'CMD ["sh"]' - "$2"`, 'sh', dir, ref], { env, encoding: 'utf8', maxBuffer: 1 << 20 });
    return out.trim();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
