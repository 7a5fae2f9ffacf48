// Picks the shell for "open a terminal": bash, else sh, else a fresh static busybox copied into the container at a random path (image unchanged).
import { randomBytes } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { pack } from 'tar-stream';
import { BerthError } from '../../../app/errors.js';
import { FrameDemuxer } from '../streams/frames.js';
import { engineCall } from '../engine/link/errors.js';
import { createLogger } from '../log.js';
import type { Busybox } from './busybox-source.js';

const log = createLogger('shell');

const PROBE_TIMEOUT_MS = 10_000;

export interface ShellChoice {
  cmd: string[];
  /** What the terminal tab shows: "bash", "sh" or "busybox sh". */
  name: string;
  /** For a lent busybox: its folder in the container (`/.berth-<random>`), removed once no Berth shell uses it. */
  lentDir?: string;
}

/**
 * A new place for one lent copy, in the container's writable layer only: a folder with a random name (a container
 * cannot plant or replace a file there in advance) holding `busybox` (the name busybox needs to run its applets).
 */
export function newLentPath(): { dir: string; binary: string } {
  const dir = `/.berth-${randomBytes(8).toString('hex')}`;
  return { dir, binary: `${dir}/busybox` };
}

/** The host's static busybox to copy in: BERTH_BUSYBOX, else Debian's busybox-static. */
export async function hostBusybox(): Promise<string | undefined> {
  for (const p of [process.env.BERTH_BUSYBOX, '/bin/busybox', '/usr/bin/busybox'].filter((x): x is string => !!x)) {
    try {
      await access(p, constants.R_OK);
      return p;
    } catch {
      log.debug(`no busybox at ${p}`);
    }
  }
  return undefined;
}

/** Runs a short command in the container without a TTY; its exit code (126/127: not found) and stdout. */
export async function quickExec(c: Docker.Container, cmd: string[]): Promise<{ exitCode: number | null; stdout: string }> {
  const exec = await c.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, Tty: false });
  const stream = (await exec.start({ hijack: false, stdin: false, Detach: false })) as Readable;
  const out: Buffer[] = [];
  const demux = new FrameDemuxer((type, payload) => {
    if (type === 1) out.push(payload);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      stream.destroy();
      reject(new BerthError('TIMEOUT', `"${cmd.join(' ')}" did not finish within ${PROBE_TIMEOUT_MS / 1000} s.`));
    }, PROBE_TIMEOUT_MS);
    stream.on('data', (b: Buffer) => demux.write(b));
    stream.on('end', () => {
      clearTimeout(timer);
      resolve();
    });
    stream.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
  for (let i = 0; i < 20; i++) {
    const info = await exec.inspect();
    if (!info.Running) return { exitCode: info.ExitCode ?? null, stdout: Buffer.concat(out).toString('utf8') };
    await new Promise((r) => setTimeout(r, 25));
  }
  return { exitCode: null, stdout: Buffer.concat(out).toString('utf8') };
}

/** A tar of `<dir>/busybox` (0755) for the engine's archive API; `dir` is absolute (`/.berth-<random>`). */
export async function busyboxTar(binary: Buffer, dir: string): Promise<Buffer> {
  const name = dir.replace(/^\/+/, '');
  const p = pack();
  p.entry({ name, type: 'directory', mode: 0o755 });
  p.entry({ name: `${name}/busybox`, mode: 0o755, size: binary.length }, binary);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of p as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The host's own static busybox (a local Linux engine); other engines pass theirs (busybox-source.ts). */
async function localBusybox(): Promise<Busybox> {
  const path = await hostBusybox();
  if (!path) {
    throw new BerthError('UNSUPPORTED', 'This container has no shell, and there is no static busybox on this machine to lend it (install busybox-static or set BERTH_BUSYBOX).');
  }
  return { bytes: await readFile(path), from: path };
}

/** Copies a fresh read of a static busybox into the container at `dir/busybox` (never reuses a copy already there). */
export async function installBusybox(c: Docker.Container, dir: string, source: () => Promise<Busybox> = localBusybox): Promise<void> {
  const { bytes, from } = await source();
  const tar = await busyboxTar(bytes, dir);
  await engineCall(() => c.putArchive(tar, { path: '/' }), { what: 'The container' });
  log.info(`copied ${from} into ${c.id.slice(0, 12)} at ${dir}/busybox`);
}

/**
 * bash when present, else sh (one quick probe through sh), else a lent busybox when allowed. `reserve` counts the shell
 * against the copy's folder before it is copied in; the caller releases it when the shell is done.
 */
export async function pickShell(
  c: Docker.Container,
  fallbackShell: boolean,
  reserve: (dir: string) => () => Promise<void> = () => async () => undefined,
  busybox: () => Promise<Busybox> = localBusybox,
): Promise<ShellChoice & { release?: () => Promise<void> }> {
  const probe = await quickExec(c, ['sh', '-c', 'if command -v bash >/dev/null 2>&1 || test -x /bin/bash; then echo bash; else echo sh; fi']).catch((e: unknown) => {
    log.debug('shell probe failed', e);
    return { exitCode: null, stdout: '' };
  });
  if (probe.exitCode === 0) return probe.stdout.trim() === 'bash' ? { cmd: ['bash'], name: 'bash' } : { cmd: ['sh'], name: 'sh' };
  // No sh: an image may still carry bash alone.
  const bash = await quickExec(c, ['bash', '-c', 'exit 0']).catch(() => ({ exitCode: null }));
  if (bash.exitCode === 0) return { cmd: ['bash'], name: 'bash' };
  if (!fallbackShell) {
    throw new BerthError('NOT_FOUND', 'This container has no shell (no bash or sh). Allow the fallback shell to lend it Berth\'s busybox, or run a command instead.');
  }
  const { dir, binary } = newLentPath();
  const release = reserve(dir);
  try {
    await installBusybox(c, dir, busybox);
  } catch (e) {
    await release();
    throw e;
  }
  return { cmd: [binary, 'sh'], name: 'busybox sh', lentDir: dir, release };
}
