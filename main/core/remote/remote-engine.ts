// An engine on another machine over SSH (ssh://user@host): one ssh2 link, the remote docker.sock served on a private local socket.
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { BerthError } from '../../../app/errors.js';
import { createLogger } from '../log.js';
import type { Endpoint } from '../engine/link/endpoint.js';
import { privatePipeName, type PipeUser } from '../vm/engine-pipe.js';
import { SocketProxy } from '../ssh/socket-proxy.js';
import { SshSession } from '../ssh/ssh.js';
import { findCredentials } from './identity.js';
import { knownHostsVerifier } from './known-hosts.js';
import { parseSshEngineUrl, type SshEngineUrl } from './ssh-url.js';

const log = createLogger('remote');

export interface RemoteEngineOptions {
  url: string;
  /** Berth's home: the local socket goes in its run/ folder (0700, socket 0600); on Windows a named pipe instead. */
  home: string;
  /** ~/.ssh by default. */
  sshDir?: string;
  /** Private keys to try instead of ~/.ssh/id_ed25519, id_ecdsa, id_rsa. */
  identityFiles?: string[];
  /** known_hosts files instead of ~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts. */
  knownHostsFiles?: string[];
  /** SSH_AUTH_SOCK by default. */
  agent?: string;
  /** How long the first login may take. */
  loginTimeoutMs?: number;
}

/**
 * Where the remote engine is served on this machine. A unix socket in Berth's private run folder (0700, socket 0600),
 * named after the URL; on Windows, where Node listens only on named pipes (one namespace for the whole machine), a
 * pipe named per user and at random for this run (`privatePipeName`, the engine pipe's per-user rule).
 */
export function remoteSocketPath(url: string, home: string, platform: NodeJS.Platform = process.platform, user?: PipeUser): string {
  if (platform === 'win32') return privatePipeName('remote', user);
  const id = crypto.createHash('sha256').update(url).digest('hex').slice(0, 12);
  return path.join(home, 'run', `remote-${id}.sock`);
}

export interface ConnectFailure {
  code: string;
  reason: string;
  detail: string;
}

export class RemoteEngine {
  readonly target: SshEngineUrl;
  readonly socketPath: string;
  private readonly proxy: SocketProxy;
  private session: SshSession | undefined;
  private login: Promise<SshSession> | undefined;
  private failure: BerthError | undefined;
  private disposed = false;

  constructor(private readonly opts: RemoteEngineOptions) {
    this.target = parseSshEngineUrl(opts.url, os.userInfo().username);
    this.socketPath = remoteSocketPath(opts.url, opts.home);
    this.proxy = new SocketProxy(this.socketPath, () => this.open(), `on ${this.target.label}`);
  }

  /** The endpoint the engine connection uses: the local socket, labelled with the remote host. */
  endpoint(): Endpoint {
    return { kind: 'ssh', label: this.target.label, address: this.socketPath, remoteHost: this.target.host };
  }

  async start(): Promise<void> {
    await this.proxy.listen();
    log.info(`serving ${this.target.label}${this.target.socketPath} on ${this.socketPath}`);
  }

  /** Why the last connection failed, in words a person can act on (the engine status shows it). */
  explain(): ConnectFailure | undefined {
    const f = this.failure;
    return f ? { code: f.code, reason: f.message, detail: f.detail ?? '' } : undefined;
  }

  private connect(): Promise<SshSession> {
    if (this.session?.connected) return Promise.resolve(this.session);
    if (this.session) return this.session.get().then(() => this.session as SshSession);
    this.login ??= (async () => {
      const sshDir = this.opts.sshDir ?? path.join(os.homedir(), '.ssh');
      const creds = findCredentials({ sshDir, files: this.opts.identityFiles, agent: this.opts.agent ?? process.env.SSH_AUTH_SOCK });
      const { user, host, port } = this.target;
      const knownHosts = this.opts.knownHostsFiles ?? [path.join(sshDir, 'known_hosts'), '/etc/ssh/ssh_known_hosts'];
      const s = new SshSession({
        host, port, username: user,
        ...(creds.privateKey !== undefined ? { privateKey: creds.privateKey } : {}),
        ...(creds.agent !== undefined ? { agent: creds.agent } : {}),
        verifyHostKey: knownHostsVerifier(knownHosts, host, port, user),
        peer: this.target.label.replace(/^ssh: /, ''),
        errorCode: 'ENGINE_UNREACHABLE',
        authFailureIsFatal: true,
        reconnectTimeoutMs: 10_000,
      });
      try {
        await s.waitForLogin(Date.now() + (this.opts.loginTimeoutMs ?? 15_000), () => this.disposed);
      } catch (e) {
        s.close();
        throw e;
      }
      log.info(`logged in to ${user}@${host}:${port}`, { with: creds.sources.join(', ') });
      this.session = s;
      return s;
    })().finally(() => {
      this.login = undefined;
    });
    return this.login;
  }

  private async open(): Promise<Duplex> {
    if (this.disposed) throw new BerthError('CANCELLED', 'The remote engine link is closed.');
    try {
      const s = await this.connect();
      const stream = await s.openUnix(this.target.socketPath);
      this.failure = undefined;
      return stream;
    } catch (e) {
      const err = e instanceof BerthError ? e : new BerthError('ENGINE_UNREACHABLE', `SSH to ${this.target.label} failed: ${String(e)}`);
      if (this.failure?.message !== err.message) log.warn(`remote engine unreachable: ${err.message}`);
      this.failure = err;
      throw err;
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.proxy.close();
    this.session?.close();
    this.session = undefined;
  }
}
