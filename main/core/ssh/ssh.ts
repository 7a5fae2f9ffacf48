// One ssh2 connection to a guest (pinned host key): exec, shell with resize, unix/TCP forwarding, reconnect with backoff.
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { ClientChannel, ConnectConfig } from 'ssh2';
import { backoffDelay, type BackoffOptions } from '../../../app/backoff.js';
import { BerthError } from '../../../app/errors.js';
import { fingerprint } from './keys.js';
import { createLogger } from '../log.js';

const log = createLogger('vm.ssh');

export interface SshTarget {
  host: string;
  port: number;
  username: string;
  privateKey?: string;
  /** An ssh-agent socket to authenticate with (remote engines). */
  agent?: string;
  /** The only host key accepted (raw blob): the VM's pinned key. */
  hostKeyBlob?: Buffer;
  /** Or a check against known_hosts (remote engines): an error refuses the key. */
  verifyHostKey?: (key: Buffer) => BerthError | undefined;
  /** How messages name the other side; "the guest" by default. */
  peer?: string;
  /** Error code of failures; VM_ERROR by default. */
  errorCode?: 'VM_ERROR' | 'ENGINE_UNREACHABLE';
  /** Refused credentials end the attempts at once instead of being retried (a remote host is not booting). */
  authFailureIsFatal?: boolean;
  /** How long a dropped connection is retried before calls fail (30 s by default). */
  reconnectTimeoutMs?: number;
}

export interface ExecResult {
  code: number | null;
  signal: string | undefined;
  stdout: string;
  stderr: string;
}

export interface ShellHandle {
  write(data: string | Buffer): void;
  resize(cols: number, rows: number): void;
  close(): void;
  onData(cb: (data: Buffer) => void): () => void;
  onExit(cb: (code: number | null) => void): () => void;
}

type Listener = (up: boolean) => void;

/** ssh2 pings the guest this often; 3 unanswered pings drop the link. */
const KEEPALIVE_MS = 5000;

/** Backoff delays for reconnecting: 100 ms doubling to 3 s. */
export const RECONNECT_BACKOFF: BackoffOptions = { firstMs: 100, maxMs: 3000 };

/** A single attempt to log in; rejects with a BerthError saying why. */
export function connectOnce(t: SshTarget, timeoutMs: number): Promise<ssh2.Client> {
  return new Promise((resolve, reject) => {
    const c = new ssh2.Client();
    let hostKeyRefusal: BerthError | undefined;
    const peer = t.peer ?? 'the guest';
    const code = t.errorCode ?? 'VM_ERROR';
    const cfg: ConnectConfig = {
      host: t.host,
      port: t.port,
      username: t.username,
      readyTimeout: timeoutMs,
      keepaliveInterval: KEEPALIVE_MS,
      keepaliveCountMax: 3,
      hostVerifier: (key: Buffer) => {
        if (t.verifyHostKey) hostKeyRefusal = t.verifyHostKey(key);
        else if (!t.hostKeyBlob || !key.equals(t.hostKeyBlob)) {
          const pinned = t.hostKeyBlob ? `the pinned ${fingerprint(t.hostKeyBlob)}` : 'a pinned key';
          hostKeyRefusal = new BerthError(code, `${peer.charAt(0).toUpperCase()}${peer.slice(1)} at ${t.host}:${t.port} presented a host key other than ${pinned}; refusing to connect.`, { fatal: true });
        }
        return hostKeyRefusal === undefined;
      },
    };
    if (t.privateKey !== undefined) cfg.privateKey = t.privateKey;
    if (t.agent !== undefined) cfg.agent = t.agent;
    let settled = false;
    const onError = (e: Error): void => {
      if (settled) return;
      settled = true;
      c.removeAllListeners('ready');
      c.end();
      const level = (e as Error & { level?: string }).level;
      if (hostKeyRefusal) reject(hostKeyRefusal);
      else if (level === 'client-authentication' && t.authFailureIsFatal) {
        reject(new BerthError(code, `${t.username}@${t.host} refused Berth's SSH keys. Add your public key to ~/.ssh/authorized_keys there, or load the key into ssh-agent.`, { fatal: true, detail: String(e) }));
      } else reject(new BerthError(code, `SSH to ${peer} at ${t.host}:${t.port} failed: ${e.message}`, { detail: String(e) }));
    };
    // ssh2 can emit several errors for one failure; keep a listener for the stragglers.
    c.on('error', onError);
    c.once('ready', () => {
      settled = true;
      // Nagle held small writes (SFTP requests of shared folders, engine API calls) for the peer's delayed ACK:
      // 2.8x tar x, 6x stat, 21x ls -lR on a shared folder without it (bench/FINDINGS.md, figure 10).
      c.setNoDelay(true);
      resolve(c);
    });
    c.connect(cfg);
  });
}

export class SshSession {
  private client: ssh2.Client | undefined;
  private connecting: Promise<ssh2.Client> | undefined;
  private closed = false;
  private readonly listeners = new Set<Listener>();
  /** Count of reconnections after a drop (tests and diagnostics). */
  reconnects = 0;

  constructor(private readonly target: SshTarget) {}

  get connected(): boolean {
    return this.client !== undefined;
  }

  /** Logs in, retrying until `deadlineMs` (epoch ms): the guest's sshd may not listen yet. */
  async waitForLogin(deadlineMs: number, shouldStop: () => boolean = () => false): Promise<void> {
    let attempt = 0;
    let last: unknown;
    while (Date.now() < deadlineMs && !shouldStop()) {
      try {
        const remaining = Math.max(1000, Math.min(10_000, deadlineMs - Date.now()));
        this.adopt(await connectOnce(this.target, remaining));
        return;
      } catch (e) {
        last = e;
        if (e instanceof BerthError && e.fatal) throw e;
        attempt++;
        await sleep(backoffDelay(attempt, { ...RECONNECT_BACKOFF, maxMs: 500 }));
      }
    }
    throw last instanceof BerthError ? last : new BerthError('TIMEOUT', 'The guest never accepted an SSH login.', { detail: String(last) });
  }

  private adopt(c: ssh2.Client): void {
    this.client = c;
    c.on('error', (e) => log.debug('connection error', { error: e.message }));
    c.once('close', () => {
      if (this.client !== c) return;
      this.client = undefined;
      this.emit(false);
      if (!this.closed) {
        log.warn(`SSH connection to ${this.target.peer ?? 'the guest'} dropped; reconnecting`);
        void this.get().catch((e: unknown) => {
          if (!this.closed) log.warn('reconnect gave up', { error: String(e) });
        });
      }
    });
    this.emit(true);
  }

  private emit(up: boolean): void {
    for (const l of this.listeners) l(up);
  }

  /** up=true after every (re)connection, false after every drop. */
  onConnection(cb: Listener): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /**
   * Holds off ssh2's keepalive while the guest is paused (it cannot answer, and 3 unanswered pings would drop a healthy
   * link): ssh2 has no public switch, so its own reset is called more often than a ping would be sent. Returns the release.
   */
  holdKeepalive(): () => void {
    const reset = (): void => (this.client as (ssh2.Client & { _resetKA?: () => void }) | undefined)?._resetKA?.();
    reset();
    const timer = setInterval(reset, KEEPALIVE_MS / 2);
    timer.unref();
    return () => {
      clearInterval(timer);
      reset();
    };
  }

  /** The live client, reconnecting with backoff when the connection dropped (up to `timeoutMs`). */
  get(timeoutMs = this.target.reconnectTimeoutMs ?? 30_000): Promise<ssh2.Client> {
    if (this.closed) return Promise.reject(new BerthError('VM_ERROR', 'The VM connection is closed (the VM is stopped).'));
    if (this.client) return Promise.resolve(this.client);
    if (this.connecting) return this.connecting;
    this.connecting = (async () => {
      const deadline = Date.now() + timeoutMs;
      let attempt = 0;
      let last: unknown;
      while (!this.closed && Date.now() < deadline) {
        try {
          const c = await connectOnce(this.target, Math.max(1000, Math.min(10_000, deadline - Date.now())));
          if (this.closed) {
            c.end();
            break;
          }
          this.reconnects++;
          this.adopt(c);
          log.info(`reconnected to ${this.target.peer ?? 'the guest'}`, { attempt });
          return c;
        } catch (e) {
          last = e;
          if (e instanceof BerthError && e.fatal) throw e;
          await sleep(backoffDelay(attempt++, RECONNECT_BACKOFF));
        }
      }
      if (this.closed) throw new BerthError('CANCELLED', 'The VM connection was closed.');
      const code = this.target.errorCode ?? 'VM_ERROR';
      const what = this.target.peer === undefined ? 'the VM and could not reconnect; restart the VM' : `${this.target.peer} and could not reconnect within ${Math.round(timeoutMs / 1000)} s`;
      throw new BerthError(code, `Lost the SSH connection to ${what}.`, { detail: String(last) });
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  async exec(command: string, opts: { stdin?: string | Buffer; timeoutMs?: number } = {}): Promise<ExecResult> {
    const c = await this.get();
    return new Promise((resolve, reject) => {
      c.exec(command, (err, ch) => {
        if (err) return reject(new BerthError('VM_ERROR', `Could not run a command in the VM: ${err.message}`));
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        let code: number | null = null;
        let signal: string | undefined;
        const timer = opts.timeoutMs ? setTimeout(() => { ch.close(); reject(new BerthError('TIMEOUT', `Command timed out in the VM: ${command}`)); }, opts.timeoutMs) : undefined;
        ch.on('data', (d: Buffer) => out.push(d));
        ch.stderr.on('data', (d: Buffer) => errOut.push(d));
        ch.on('exit', (c2: number | null, sig?: string) => { code = c2; signal = sig; });
        ch.on('close', () => {
          if (timer) clearTimeout(timer);
          resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errOut).toString('utf8') });
        });
        if (opts.stdin !== undefined) ch.end(opts.stdin);
        else ch.end();
      });
    });
  }

  /** A long-lived command in the guest whose stdin and stdout are the returned channel (stderr on `.stderr`). */
  async channel(command: string): Promise<ClientChannel> {
    const c = await this.get();
    return new Promise((resolve, reject) => {
      c.exec(command, (err, ch) => (err ? reject(new BerthError('VM_ERROR', `Could not run a command in the VM: ${err.message}`)) : resolve(ch)));
    });
  }

  /** An interactive login shell with a pty of the given size. */
  async shell(size: { cols: number; rows: number }): Promise<ShellHandle> {
    const c = await this.get();
    const ch = await new Promise<ClientChannel>((resolve, reject) => {
      c.shell({ term: 'xterm-256color', cols: size.cols, rows: size.rows }, (err, stream) => (err ? reject(new BerthError('VM_ERROR', `Could not open a shell in the VM: ${err.message}`)) : resolve(stream)));
    });
    return channelShell(ch);
  }

  /** A stream to a unix socket in the guest (the engine's /var/run/docker.sock). */
  async openUnix(path: string): Promise<Duplex> {
    const c = await this.get();
    return new Promise((resolve, reject) => {
      c.openssh_forwardOutStreamLocal(path, (err, stream) => (err ? reject(new BerthError('ENGINE_UNREACHABLE', `${this.target.peer ?? 'The VM'} refused a connection to ${path}: ${err.message}`)) : resolve(stream)));
    });
  }

  /** A stream to host:port as seen from the guest (a container's address for publish-on-running). */
  async openTcp(host: string, port: number): Promise<Duplex> {
    const c = await this.get();
    return new Promise((resolve, reject) => {
      c.forwardOut('127.0.0.1', 0, host, port, (err, stream) => (err ? reject(new BerthError('VM_ERROR', `The VM could not connect to ${host}:${port}: ${err.message}`)) : resolve(stream)));
    });
  }

  /** See listenUnix below; bound on the current connection only: after a reconnect, bind again. */
  async listenUnix(path: string, onStream: (stream: Duplex) => void): Promise<void> {
    await listenUnix(await this.get(), path, onStream);
  }

  /** Drops the TCP connection without closing the session: the next call reconnects (tests, diagnostics). */
  dropConnection(): void {
    const sock = (this.client as unknown as { _sock?: { destroy(): void } } | undefined)?._sock;
    sock?.destroy();
  }

  close(): void {
    this.closed = true;
    this.client?.end();
    this.client = undefined;
  }
}

/**
 * Has the server's sshd listen on a unix socket at `path` (the login user's, mode 0600 by sshd's default bind mask) and
 * hands each connection to it to `onStream`, for as long as this connection lives.
 */
export async function listenUnix(c: ssh2.Client, path: string, onStream: (stream: Duplex) => void): Promise<void> {
  c.on('unix connection', (info, accept) => {
    if (info.socketPath === path) onStream(accept());
  });
  await new Promise<void>((resolve, reject) => {
    c.openssh_forwardInStreamLocal(path, (err) => (err ? reject(new BerthError('VM_ERROR', `The VM's sshd would not listen on ${path}: ${err.message}`)) : resolve()));
  });
}

export function channelShell(ch: ClientChannel): ShellHandle {
  const dataCbs = new Set<(d: Buffer) => void>();
  const exitCbs = new Set<(c: number | null) => void>();
  let exitCode: number | null = null;
  ch.on('data', (d: Buffer) => { for (const cb of dataCbs) cb(d); });
  ch.stderr.on('data', (d: Buffer) => { for (const cb of dataCbs) cb(d); });
  ch.on('exit', (code: number | null) => { exitCode = code; });
  ch.on('close', () => { for (const cb of exitCbs) cb(exitCode); });
  return {
    write: (d) => { ch.write(d); },
    resize: (cols, rows) => ch.setWindow(rows, cols, 0, 0),
    close: () => ch.close(),
    onData: (cb) => { dataCbs.add(cb); return () => dataCbs.delete(cb); },
    onExit: (cb) => { exitCbs.add(cb); return () => exitCbs.delete(cb); },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
