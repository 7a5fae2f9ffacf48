// Host terminal: the user's own shell in a pty (node-pty), with DOCKER_HOST pointing at Berth's engine endpoint.
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, win32 } from 'node:path';
import type { IPty, IPtyForkOptions } from 'node-pty';
import { BerthError } from '../../../app/errors.js';
import { LIMITS } from '../../../app/protocol.js';
import type { Endpoint } from '../engine/link/endpoint.js';
import type { Sink, StreamControl } from '../handlers.js';
import { createLogger } from '../log.js';
import { system32 } from '../windows-paths.js';

const log = createLogger('host-terminal');

/** Output is sent when this many characters are pending even before the batch timer fires. */
const MAX_BATCH = 64 * 1024;
/** Variables that would point the shell's docker at another engine, or break child processes of Electron. */
const DROPPED_ENV = ['DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'ELECTRON_RUN_AS_NODE', 'ELECTRON_NO_ATTACH_CONSOLE', 'BERTH_LOG_FILE'];

export type SpawnPty = (file: string, args: string[], opts: IPtyForkOptions) => IPty;

export interface HostTerminalInput {
  cols: number;
  rows: number;
  /** Folder to start in; the home folder when absent or not a folder. */
  cwd?: string | undefined;
}

export interface HostTerminalResult {
  exitCode: number | null;
  shell?: string;
}

export interface HostTerminalOptions {
  /** Where Berth's engine is now (read at each open, so a switched endpoint applies to new tabs). */
  endpoint: () => Endpoint;
  env?: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  /** The shell to run instead of the user's (tests). */
  shell?: { file: string; args: string[] };
  /** node-pty's spawn, injected so the logic is tested without a pty. */
  spawn?: SpawnPty;
}

const isPipePath = (a: string) => /^(\\\\|\/\/)\.[\\/]pipe[\\/]/i.test(a);

/** The DOCKER_HOST URL for an endpoint: unix:///path, npipe:////./pipe/name, tcp://host:port. */
export function dockerHostUrl(ep: Endpoint): string {
  switch (ep.kind) {
    case 'socket':
    case 'vm':
      // On Windows the Berth VM's engine is a named pipe, not a unix socket.
      return isPipePath(ep.address) ? `npipe://${ep.address.replace(/\\/g, '/')}` : `unix://${ep.address}`;
    case 'pipe':
      return `npipe://${ep.address.replace(/\\/g, '/')}`;
    case 'tcp':
      return `tcp://${ep.address}`;
    case 'ssh':
      // Once a RemoteEngine serves it, the address is its local end: a unix socket, or a named pipe on Windows.
      if (ep.address.startsWith('ssh://')) return ep.address;
      return isPipePath(ep.address) ? `npipe://${ep.address.replace(/\\/g, '/')}` : `unix://${ep.address}`;
  }
}

/**
 * The user's login shell: $SHELL when it exists, else (macOS) zsh, else bash, else sh; on Windows %COMSPEC% when it
 * is PowerShell, else Windows PowerShell by its full path (a bare name would be looked up in the current folder first).
 */
export function hostShell(env: Record<string, string | undefined>, platform: NodeJS.Platform, exists: (p: string) => boolean = existsSync): { file: string; args: string[] } {
  if (platform === 'win32') {
    const comspec = env.COMSPEC;
    const file = comspec && /powershell|pwsh/i.test(comspec) && win32.isAbsolute(comspec) ? comspec : system32(env, process.arch, 'WindowsPowerShell', 'v1.0', 'powershell.exe');
    return { file, args: ['-NoLogo'] };
  }
  const login = platform === 'darwin' ? ['-l'] : [];
  // macOS's default shell has been zsh since 10.15; a Finder-launched app may have no $SHELL.
  const candidates = [env.SHELL, ...(platform === 'darwin' ? ['/bin/zsh'] : []), '/bin/bash', '/bin/sh'].filter((s): s is string => !!s && isAbsolute(s));
  const file = candidates.find((s) => exists(s));
  if (!file) throw new BerthError('UNSUPPORTED', 'No shell was found on this computer ($SHELL, /bin/bash, /bin/sh).');
  return { file, args: login };
}

/** The shell's environment: the user's, minus what would redirect docker, plus DOCKER_HOST and terminal facts. */
export function hostTerminalEnv(base: Record<string, string | undefined>, ep: Endpoint): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined && !DROPPED_ENV.includes(k)) env[k] = v;
  env.DOCKER_HOST = dockerHostUrl(ep);
  // A TLS engine whose files are one folder: the docker CLI in the terminal uses the same ones.
  if (ep.kind === 'tcp' && ep.tls?.certPath) {
    env.DOCKER_TLS_VERIFY = '1';
    env.DOCKER_CERT_PATH = ep.tls.certPath;
  }
  env.TERM = 'xterm-256color';
  env.COLORTERM = 'truecolor';
  env.TERM_PROGRAM = 'Berth';
  env.BERTH_TERMINAL = '1';
  return env;
}

function startDir(cwd: string | undefined, home: string): string {
  if (!cwd) return home;
  try {
    return isAbsolute(cwd) && statSync(cwd).isDirectory() ? cwd : home;
  } catch {
    return home;
  }
}

/** The stream handler behind `terminals.host`: one pty per open, flow-controlled, closed with the stream. */
export function createHostTerminal(opts: HostTerminalOptions) {
  return async (input: HostTerminalInput, sink: Sink<string, HostTerminalResult>): Promise<StreamControl> => {
    const spawn: SpawnPty = opts.spawn ?? (await import('node-pty')).spawn;
    const baseEnv = opts.env ?? process.env;
    const platform = opts.platform ?? process.platform;
    const shell = opts.shell ?? hostShell(baseEnv, platform);
    const ep = opts.endpoint();
    const home = baseEnv.HOME ?? baseEnv.USERPROFILE ?? homedir();
    let term: IPty;
    try {
      term = spawn(shell.file, shell.args, {
        name: 'xterm-256color',
        cols: input.cols,
        rows: input.rows,
        cwd: startDir(input.cwd, home),
        env: hostTerminalEnv(baseEnv, ep),
      });
    } catch (e) {
      throw new BerthError('INTERNAL', `Berth could not start ${shell.file}.`, { detail: e instanceof Error ? e.message : String(e) });
    }
    log.info(`opened ${shell.file} (pid ${term.pid}) with DOCKER_HOST=${dockerHostUrl(ep)}`);

    let pending = '';
    let timer: ReturnType<typeof setTimeout> | undefined;
    let paused = false;
    let closed = false;

    const flush = () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (!pending) return;
      const chunk = pending;
      pending = '';
      if (!sink.push(chunk) && !paused && !closed) {
        // The window is behind: stop reading the pty (the shell blocks on write) until it catches up.
        paused = true;
        term.pause();
        sink.onDrain(() => {
          paused = false;
          if (!closed) term.resume();
        });
      }
    };

    const subs = [
      term.onData((d) => {
        pending += d;
        if (pending.length >= MAX_BATCH) flush();
        else timer ??= setTimeout(flush, LIMITS.batchMs);
      }),
      term.onExit(({ exitCode, signal }) => {
        flush();
        closed = true;
        for (const s of subs) s.dispose();
        log.info(`shell ${term.pid} exited (code ${exitCode}${signal ? `, signal ${signal}` : ''})`);
        sink.end({ exitCode: signal ? null : exitCode, shell: shell.file });
      }),
    ];

    const close = () => {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      for (const s of subs) s.dispose();
      try {
        term.kill();
      } catch (e) {
        log.warn(`killing shell ${term.pid} failed`, e);
      }
    };
    sink.signal.addEventListener('abort', close, { once: true });

    return {
      write: (data) => {
        if (!closed) term.write(data);
      },
      resize: (cols, rows) => {
        if (!closed) term.resize(Math.max(1, Math.min(1000, cols)), Math.max(1, Math.min(1000, rows)));
      },
      close,
    };
  };
}
