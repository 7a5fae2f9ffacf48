// Where the static busybox lent to a shell-less container comes from: the engine's side (the VM's own), the host's only when it fits.
import { readFile } from 'node:fs/promises';
import { BerthError } from '../../../app/errors.js';
import type { CoreContext } from '../context.js';
import { engineCall } from '../engine/link/errors.js';
import { hostBusybox } from './shell.js';

/** A static busybox's bytes and where they were read, for the log. */
export interface Busybox {
  bytes: Buffer;
  from: string;
}

/** The names Node (`process.arch`) and the engine (`docker info`'s Architecture) give one CPU architecture. */
function sameArch(engineArch: string, nodeArch: string): boolean {
  const norm = (a: string): string => ({ x64: 'x86_64', amd64: 'x86_64', arm64: 'aarch64' })[a.toLowerCase()] ?? a.toLowerCase();
  return norm(engineArch) === norm(nodeArch);
}

/**
 * The busybox for the engine `ctx` talks to. The Berth VM lends its own (`busybox-static` of the guest's architecture,
 * read over its SSH link). Any other engine gets the host's static busybox only where it can run: a Linux host of the
 * engine's architecture (the host's binary on a macOS or Windows machine, or for an arm64 engine on an x86_64 host,
 * would not start in the container).
 */
export async function busyboxFor(ctx: Pick<CoreContext, 'conn' | 'docker' | 'vm'>, host: { platform: string; arch: string } = process): Promise<Busybox> {
  if (ctx.conn.endpoint.kind === 'vm' && ctx.vm) {
    const r = await ctx.vm.exec('base64 -w0 /bin/busybox', { timeoutMs: 30_000 });
    const bytes = r.code === 0 ? Buffer.from(r.stdout.trim(), 'base64') : Buffer.alloc(0);
    if (bytes.length < 4 || bytes.readUInt32BE(0) !== 0x7f454c46) {
      throw new BerthError('UNSUPPORTED', `This container has no shell, and the Berth VM has no static busybox to lend it (${r.stderr.trim() || 'not an ELF program'}); restart the VM to update its image.`);
    }
    return { bytes, from: "the Berth VM's /bin/busybox" };
  }
  const info = await engineCall(() => ctx.docker.info() as Promise<{ Architecture?: string }>, { what: 'The engine' });
  const engineArch = info.Architecture ?? 'unknown';
  if (host.platform !== 'linux' || !sameArch(engineArch, host.arch)) {
    throw new BerthError('UNSUPPORTED', `This container has no shell, and Berth has no static busybox that runs on this engine (${engineArch}): this ${host.platform}/${host.arch} machine's own would not start there. Run a command instead, or use an image with a shell.`);
  }
  const path = await hostBusybox();
  if (!path) throw new BerthError('UNSUPPORTED', 'This container has no shell, and there is no static busybox on this machine to lend it (install busybox-static or set BERTH_BUSYBOX).');
  return { bytes: await readFile(path), from: path };
}
