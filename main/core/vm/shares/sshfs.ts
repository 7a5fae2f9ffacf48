// Reverse SSHFS: the host runs OpenSSH's own sftp-server per shared folder, piped through an SSH channel to `sshfs -o passive` in the guest.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Duplex, Readable } from 'node:stream';
import { quoteShellWord } from '../../../../app/parse/shellwords.js';
import type { VmShare } from '../../../../app/vm.js';
import { createLogger } from '../../log.js';
import type { ExecResult } from '../../ssh/ssh.js';
import type { ShareBackend } from './backend.js';

const log = createLogger('vm.shares');

/** Where OpenSSH's sftp-server lives: Debian/Ubuntu, Fedora/RHEL, Arch, macOS, Homebrew's OpenSSH. */
export const SFTP_SERVER_CANDIDATES = [
  '/usr/lib/openssh/sftp-server',
  '/usr/libexec/openssh/sftp-server',
  '/usr/lib/ssh/sftp-server',
  '/usr/libexec/sftp-server',
  '/opt/homebrew/libexec/sftp-server',
  '/usr/local/libexec/sftp-server',
];

export function findSftpServer(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = existsSync): string | undefined {
  const chosen = env['BERTH_SFTP_SERVER'];
  if (chosen) return exists(chosen) ? chosen : undefined;
  return SFTP_SERVER_CANDIDATES.find(exists);
}

/**
 * sshfs options, measured in bench figure 10 (see bench/FINDINGS.md):
 * - passive: SFTP over the command's stdin/stdout (the host's sftp-server on the other end), no ssh client in the guest;
 * - allow_other: containers run as any uid; the host decides every access as the person running Berth (no
 *   default_permissions), so a file a container writes is owned on the host by that person;
 * - auto_cache + short directory/attribute caches: a host edit is seen at the next open, a new host file within ~1 s;
 *   the file-event agent also invalidates a changed path at once;
 * - no follow_symlinks: a symlink is shown as one and resolves inside the guest, never to the host's target.
 */
export const SSHFS_OPTIONS = ['passive', 'allow_other', 'auto_cache', 'dcache_timeout=1', 'dcache_stat_timeout=1', 'attr_timeout=1', 'entry_timeout=1', 'max_conns=1'];

/**
 * The guest command that mounts `path` at the same path and stays in the foreground while it is mounted.
 * Debian's sshfs refuses absolute and ".." symlink targets by default (contain_symlinks, EPERM) to protect a client
 * from a hostile server; here the server is the person's own machine, and a target must resolve as it would on it:
 * inside the guest (and a container's own namespace), where the shares sit at the same paths. Builds without the
 * option pass targets through anyway.
 */
export function sshfsCommand(path: string, options: readonly string[] = SSHFS_OPTIONS): string {
  const p = quoteShellWord(path);
  return `mkdir -p ${p} && o=${quoteShellWord(options.join(','))} && { sshfs --help 2>&1 | grep -q contain_symlinks && o=$o,no_contain_symlinks; true; } && exec sshfs -f -o $o berth:${p} ${p}`;
}

export interface SshfsDeps {
  /** A command in the guest whose stdin/stdout is the returned stream (an SSH exec channel). */
  channel(command: string): Promise<Duplex & { stderr: Readable }>;
  exec(command: string, opts?: { timeoutMs?: number }): Promise<ExecResult>;
  env?: NodeJS.ProcessEnv;
  /** How long a mount may take to appear (TCG guests are slow). */
  mountTimeoutMs?: number;
  /** sshfs options instead of SSHFS_OPTIONS (bench/shares-tune.ts measures candidates with it). */
  options?: readonly string[];
}

interface Mounted {
  share: VmShare;
  server?: ChildProcess;
  channel?: Duplex;
}

export class SshfsShares implements ShareBackend {
  readonly transport = 'sshfs' as const;
  private readonly mounts = new Map<string, Mounted>();
  private readonly listeners = new Set<(s: VmShare[]) => void>();
  private stopping = false;

  constructor(private readonly deps: SshfsDeps) {}

  status(): VmShare[] {
    return [...this.mounts.values()].map((m) => ({ ...m.share }));
  }

  onChange(cb: (shares: VmShare[]) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  private publish(): void {
    const s = this.status();
    for (const l of this.listeners) l(s);
  }

  private set(path: string, patch: Partial<VmShare>, m?: Partial<Mounted>): void {
    const cur = this.mounts.get(path) ?? { share: { path, transport: this.transport, state: 'mounting' as const } };
    const share: VmShare = { ...cur.share, ...patch };
    if (patch.state && patch.state !== 'failed') delete share.error;
    this.mounts.set(path, { ...cur, ...m, share });
    this.publish();
  }

  async mount(paths: readonly string[]): Promise<VmShare[]> {
    this.stopping = false;
    await Promise.all(paths.map((p) => this.mountOne(p)));
    return this.status();
  }

  /**
   * After a resume: every sshfs in the guest served a pipe of the QEMU that saved it (this process has mounted none
   * yet), so they are ended and their mounts detached before the shares are mounted afresh.
   */
  async replace(paths: readonly string[]): Promise<VmShare[]> {
    const unmount = paths.map((p) => `fusermount3 -u -z ${quoteShellWord(p)} 2>/dev/null`).join('; ');
    await this.deps.exec(`pkill -x sshfs 2>/dev/null; ${unmount}; true`, { timeoutMs: 10_000 }).catch((e: unknown) => log.warn('could not clear the shares of the saved VM', { error: String(e) }));
    return this.mount(paths);
  }

  async remount(): Promise<VmShare[]> {
    const lost: string[] = [];
    for (const [path, m] of this.mounts) {
      const r = await this.deps.exec(`mountpoint -q ${quoteShellWord(path)}`, { timeoutMs: 10_000 }).catch(() => undefined);
      if (r?.code !== 0 || m.share.state !== 'mounted') lost.push(path);
    }
    for (const path of lost) {
      this.stopOne(path);
      await this.deps.exec(`fusermount3 -u -z ${quoteShellWord(path)} 2>/dev/null; true`, { timeoutMs: 10_000 }).catch(() => undefined);
    }
    await Promise.all(lost.map((p) => this.mountOne(p)));
    return this.status();
  }

  private async mountOne(path: string): Promise<void> {
    this.set(path, { state: 'mounting' });
    const server = findSftpServer(this.deps.env);
    if (!server) {
      this.set(path, { state: 'failed', error: `OpenSSH's sftp-server was not found (looked in ${SFTP_SERVER_CANDIDATES.join(', ')}); install OpenSSH's SFTP server (Debian: apt-get install openssh-sftp-server) or set BERTH_SFTP_SERVER.` });
      return;
    }
    let channel: (Duplex & { stderr: Readable }) | undefined;
    try {
      channel = await this.deps.channel(sshfsCommand(path, this.deps.options));
    } catch (e) {
      this.set(path, { state: 'failed', error: `Could not start sshfs in the VM: ${e instanceof Error ? e.message : String(e)}` });
      return;
    }
    // The server runs as the person running Berth: every file a container creates is theirs on the host.
    const child = spawn(server, ['-e', '-l', 'ERROR'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const stderr: string[] = [];
    const keep = (d: Buffer) => {
      stderr.push(d.toString('utf8'));
      if (stderr.length > 20) stderr.shift();
    };
    channel.stderr.on('data', keep);
    channel.on('error', (e: Error) => keep(Buffer.from(`${e.message}\n`)));
    child.stderr?.on('data', keep);
    channel.pipe(child.stdin as NodeJS.WritableStream);
    (child.stdout as Readable).pipe(channel);
    child.stdin?.on('error', () => undefined);
    const ended = new Promise<string>((resolve) => {
      const done = (why: string) => resolve(why);
      channel?.once('close', () => done('sshfs in the VM exited'));
      child.once('exit', (code) => done(`sftp-server exited (${code ?? 'signal'})`));
      child.once('error', (e) => done(`sftp-server could not run: ${e.message}`));
    });
    this.set(path, { state: 'mounting' }, { server: child, channel });
    void ended.then((why) => this.lost(path, child, `${why}${stderr.length ? `: ${stderr.join('').trim().split('\n').slice(-3).join(' ')}` : ''}`));

    const deadline = Date.now() + (this.deps.mountTimeoutMs ?? 30_000);
    while (Date.now() < deadline) {
      const r = await this.deps.exec(`mountpoint -q ${quoteShellWord(path)}`, { timeoutMs: 10_000 }).catch(() => undefined);
      if (this.mounts.get(path)?.server !== child) return; // it ended (reported by lost) or was replaced
      if (r?.code === 0) {
        this.set(path, { state: 'mounted' });
        log.info('shared folder mounted', { path });
        return;
      }
      await new Promise((r2) => setTimeout(r2, 100));
    }
    this.stopOne(path);
    this.set(path, { state: 'failed', error: `sshfs did not mount ${path} in the VM within ${Math.round((this.deps.mountTimeoutMs ?? 30_000) / 1000)} s${stderr.length ? `: ${stderr.join('').trim()}` : ''}` });
  }

  /** The pipe of a share ended: unless the VM is stopping, the share is failed (remount() brings it back). */
  private lost(path: string, child: ChildProcess, why: string): void {
    const m = this.mounts.get(path);
    if (!m || m.server !== child) return;
    this.stopOne(path);
    if (this.stopping) return;
    log.warn('shared folder lost', { path, why });
    this.set(path, { state: 'failed', error: why });
  }

  private stopOne(path: string): void {
    const m = this.mounts.get(path);
    if (!m) return;
    m.channel?.destroy();
    if (m.server && m.server.exitCode === null) m.server.kill('SIGTERM');
    this.mounts.set(path, { share: m.share });
  }

  /** The VM is going away: the pipes that end now are expected, not failures. */
  expectShutdown(): void {
    this.stopping = true;
  }

  async unmountAll(opts: { guestReachable?: boolean } = {}): Promise<void> {
    this.stopping = true;
    const paths = [...this.mounts.keys()];
    // A guest that is gone (QEMU exited, the link down) has nothing to unmount: do not wait on it.
    if (paths.length > 0 && opts.guestReachable !== false) {
      await this.deps.exec(paths.map((p) => `fusermount3 -u -z ${quoteShellWord(p)} 2>/dev/null`).join('; ') + '; true', { timeoutMs: 10_000 }).catch(() => undefined);
    }
    for (const p of paths) this.stopOne(p);
    this.mounts.clear();
    this.publish();
  }
}
