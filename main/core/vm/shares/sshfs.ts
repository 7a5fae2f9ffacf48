// Reverse SSHFS: sshfs in the guest reaches OpenSSH's own sftp-server on the host through a socket the guest's sshd forwards to Berth, and reconnects through a new one when the link comes back.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Duplex, Readable } from 'node:stream';
import { quoteShellWord } from '../../../../app/parse/shellwords.js';
import type { VmShare } from '../../../../app/vm.js';
import { createLogger } from '../../log.js';
import type { ExecResult } from '../../ssh/ssh.js';
import type { ShareBackend } from './backend.js';
import { INSTALL_RELAY, linkSocket, RELAY_DIR, RELAY_PATH, RELAY_SCRIPT, switchLinkCommand } from './sftp-relay.js';

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
 * - allow_other: containers run as any uid; the host decides every access as the person running Berth (no
 *   default_permissions), so a file a container writes is owned on the host by that person;
 * - auto_cache + short directory/attribute caches: a host edit is seen at the next open, a new host file within ~1 s;
 *   the file-event agent also invalidates a changed path at once;
 * - no follow_symlinks: a symlink is shown as one and resolves inside the guest, never to the host's target.
 */
export const SSHFS_OPTIONS = ['allow_other', 'auto_cache', 'dcache_timeout=1', 'dcache_stat_timeout=1', 'attr_timeout=1', 'entry_timeout=1', 'max_conns=1'];

/**
 * How sshfs reaches the host, whatever the tuning: the relay as its "ssh", and `reconnect`, so a mount outlives the SSH
 * link it started on. A container's bind of a shared folder holds the FUSE mount itself: after a resume or a dropped
 * link the same sshfs carries on through a new relay (a file it held open then answers EIO; opened again, it works).
 */
const LINK_OPTIONS = ['reconnect', `ssh_command=${RELAY_PATH}`];

/**
 * The guest command that mounts `path` at the same path; sshfs connects, mounts, then leaves for the background, so
 * the command ends with the mount in place or with sshfs's own words on stderr.
 * Debian's sshfs refuses absolute and ".." symlink targets by default (contain_symlinks, EPERM) to protect a client
 * from a hostile server; here the server is the person's own machine, and a target must resolve as it would on it:
 * inside the guest (and a container's own namespace), where the shares sit at the same paths. Builds without the
 * option pass targets through anyway.
 */
export function sshfsCommand(path: string, options: readonly string[] = SSHFS_OPTIONS): string {
  const p = quoteShellWord(path);
  const o = quoteShellWord([...options, ...LINK_OPTIONS].join(','));
  return [
    `mkdir -p ${p}`,
    `o=${o}`,
    `{ sshfs --help 2>&1 | grep -q contain_symlinks && o=$o,no_contain_symlinks; true; }`,
    `log=$(mktemp ${RELAY_DIR}/mount.XXXXXX)`,
    `{ sshfs -o $o berth:${p} ${p} </dev/null >/dev/null 2>$log || { cat $log >&2; rm -f $log; exit 1; }; }`,
    `rm -f $log`,
  ].join(' && ');
}

export interface SshfsDeps {
  /** Has the guest's sshd listen on a unix socket, handing each connection to `onStream` (SshSession.listenUnix). */
  listen(path: string, onStream: (stream: Duplex) => void): Promise<void>;
  exec(command: string, opts?: { stdin?: string; timeoutMs?: number }): Promise<ExecResult>;
  env?: NodeJS.ProcessEnv;
  /** How long a mount may take to appear (TCG guests are slow). */
  mountTimeoutMs?: number;
  /** sshfs options instead of SSHFS_OPTIONS (bench/shares-tune.ts measures candidates with it). */
  options?: readonly string[];
}

export class SshfsShares implements ShareBackend {
  readonly transport = 'sshfs' as const;
  private readonly shares = new Map<string, VmShare>();
  private readonly servers = new Set<ChildProcess>();
  private readonly listeners = new Set<(s: VmShare[]) => void>();
  /** The socket of the link sshfs reconnects through; undefined until bound on the current SSH connection. */
  private socket: string | undefined;
  private links = 0;

  constructor(private readonly deps: SshfsDeps) {}

  status(): VmShare[] {
    return [...this.shares.values()].map((s) => ({ ...s }));
  }

  onChange(cb: (shares: VmShare[]) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  private publish(): void {
    const s = this.status();
    for (const l of this.listeners) l(s);
  }

  private set(path: string, state: VmShare['state'], error?: string): void {
    this.shares.set(path, { path, transport: this.transport, state, ...(error ? { error } : {}) });
    this.publish();
  }

  async mount(paths: readonly string[]): Promise<VmShare[]> {
    return this.attach(paths, false);
  }

  /**
   * After a resume: the guest's sshfs mounts are the ones it was saved with, each waiting on a relay of the link that
   * ended with the old QEMU. A new link ends those relays; each mount that still answers carries on (a container that
   * binds it keeps working), one that does not is mounted again.
   */
  async replace(paths: readonly string[]): Promise<VmShare[]> {
    return this.attach(paths, true);
  }

  /** The SSH link came back: sshfs reconnects through a new one; what the guest lost is mounted again. */
  async remount(): Promise<VmShare[]> {
    return this.attach([...this.shares.keys()], true);
  }

  private async attach(paths: readonly string[], kept: boolean): Promise<VmShare[]> {
    if (paths.length === 0) return this.status();
    for (const p of paths) this.set(p, 'mounting');
    const server = findSftpServer(this.deps.env);
    if (!server) {
      for (const p of paths) this.set(p, 'failed', `OpenSSH's sftp-server was not found (looked in ${SFTP_SERVER_CANDIDATES.join(', ')}); install OpenSSH's SFTP server (Debian: apt-get install openssh-sftp-server) or set BERTH_SFTP_SERVER.`);
      return this.status();
    }
    try {
      // A mount on a link already made joins it; after a resume or a drop the link is new.
      if (kept || this.socket === undefined) await this.link(server);
    } catch (e) {
      for (const p of paths) this.set(p, 'failed', `Could not link the VM to this computer's files: ${e instanceof Error ? e.message : String(e)}`);
      return this.status();
    }
    await Promise.all(paths.map(async (p) => {
      if (kept && (await this.answers(p))) {
        this.set(p, 'mounted');
        return;
      }
      if (kept) await this.deps.exec(`fusermount3 -u -z ${quoteShellWord(p)} 2>/dev/null; true`, { timeoutMs: 10_000 }).catch(() => undefined);
      await this.mountOne(p);
    }));
    return this.status();
  }

  /** A new link on the current SSH connection: the relay installed, sshd listening for Berth, older links ended. */
  private async link(server: string): Promise<void> {
    const socket = linkSocket(`${process.pid.toString(36)}-${Date.now().toString(36)}-${(++this.links).toString(36)}`);
    const installed = await this.deps.exec(INSTALL_RELAY, { stdin: RELAY_SCRIPT, timeoutMs: 10_000 });
    if (installed.code !== 0) throw new Error(`installing the relay failed: ${installed.stderr.trim() || `exit ${installed.code ?? installed.signal}`}`);
    await this.deps.listen(socket, (stream) => this.serve(server, stream));
    await this.deps.exec(switchLinkCommand(socket), { timeoutMs: 10_000 });
    this.socket = socket;
  }

  /** One sshfs connection: the person's own sftp-server, running as them, so every file a container creates is theirs. */
  private serve(server: string, stream: Duplex): void {
    const child = spawn(server, ['-e', '-l', 'ERROR'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.servers.add(child);
    const stderr: string[] = [];
    child.stderr?.on('data', (d: Buffer) => {
      stderr.push(d.toString('utf8'));
      if (stderr.length > 20) stderr.shift();
    });
    stream.pipe(child.stdin as NodeJS.WritableStream);
    (child.stdout as Readable).pipe(stream);
    child.stdin?.on('error', () => undefined);
    stream.on('error', () => undefined);
    stream.once('close', () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    });
    child.once('error', (e) => log.warn('sftp-server could not run', { error: e.message }));
    child.once('exit', (code) => {
      this.servers.delete(child);
      if (code && !stream.destroyed) log.warn('sftp-server ended', { code, stderr: stderr.join('').trim().split('\n').slice(-3).join(' ') });
      stream.destroy();
    });
  }

  /** Whether the guest still has `path` mounted and answering (a mount whose sshfs died reads as not connected). */
  private async answers(path: string): Promise<boolean> {
    const r = await this.deps.exec(`mountpoint -q ${quoteShellWord(path)}`, { timeoutMs: 10_000 }).catch(() => undefined);
    return r?.code === 0;
  }

  private async mountOne(path: string): Promise<void> {
    this.set(path, 'mounting');
    const seconds = Math.round((this.deps.mountTimeoutMs ?? 30_000) / 1000);
    let r: ExecResult;
    try {
      r = await this.deps.exec(sshfsCommand(path, this.deps.options), { timeoutMs: this.deps.mountTimeoutMs ?? 30_000 });
    } catch (e) {
      this.set(path, 'failed', `sshfs did not mount ${path} in the VM within ${seconds} s: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (r.code !== 0) {
      this.set(path, 'failed', `sshfs could not mount ${path} in the VM: ${r.stderr.trim().split('\n').slice(-3).join(' ') || `exit ${r.code ?? r.signal}`}`);
      return;
    }
    if (!(await this.answers(path))) {
      this.set(path, 'failed', `sshfs reported ${path} mounted, but the VM does not see it mounted.`);
      return;
    }
    this.set(path, 'mounted');
    log.info('shared folder mounted', { path });
  }

  /** The VM is going away (stopped or saved): the mounts stay as they are in the guest; nothing more is mounted. */
  expectShutdown(): void {
    this.socket = undefined;
  }

  async unmountAll(opts: { guestReachable?: boolean } = {}): Promise<void> {
    const paths = [...this.shares.keys()];
    // A guest that is gone (QEMU exited or saved, the link down) has nothing to unmount: do not wait on it.
    if (paths.length > 0 && opts.guestReachable !== false) {
      await this.deps.exec(paths.map((p) => `fusermount3 -u -z ${quoteShellWord(p)} 2>/dev/null`).join('; ') + '; true', { timeoutMs: 10_000 }).catch(() => undefined);
    }
    for (const child of this.servers) if (child.exitCode === null) child.kill('SIGTERM');
    this.servers.clear();
    this.socket = undefined;
    this.shares.clear();
    this.publish();
  }
}
