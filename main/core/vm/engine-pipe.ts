// The Windows engine pipe: a per-user name, and the refusal to serve (or point the docker context at) a name someone else answers on.
import crypto from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import { BerthError } from '../../../app/errors.js';
import { forgetDockerContext } from './docker-context.js';
import { createLogger } from '../log.js';

const log = createLogger('vm.pipe');

export interface PipeUser {
  username: string;
  homedir: string;
}

/** This process's user, without throwing where the account has no passwd-style entry. */
export function currentUser(env: NodeJS.ProcessEnv = process.env): PipeUser {
  let username = env['USERNAME'] ?? env['USER'] ?? '';
  try {
    username = os.userInfo().username || username;
  } catch {
    // keep the environment's name
  }
  return { username, homedir: os.homedir() };
}

/**
 * The per-user part of every Berth pipe name: pipe names are one namespace for the whole machine, so a fixed name
 * could be created first by another logged-on user. A hash of the user's name and home (lower-cased: Windows
 * compares both without case) differs per user and stays the same across runs.
 */
export function userPipeId(user: PipeUser = currentUser()): string {
  return crypto.createHash('sha256').update(`${user.username.toLowerCase()}\0${user.homedir.toLowerCase()}`).digest('hex').slice(0, 16);
}

/** `\\.\pipe\berth-docker-<user id>`: the same across runs, so the docker context keeps working. */
export function enginePipeName(user: PipeUser = currentUser()): string {
  return `\\\\.\\pipe\\berth-docker-${userPipeId(user)}`;
}

/**
 * `\\.\pipe\berth-<what>-<user id>-<random>`: a pipe for one run that nothing outside this process names (an ssh://
 * engine's local end). The random part means no other user can create it first; the user id, whose it is.
 */
export function privatePipeName(what: string, user: PipeUser = currentUser(), random: string = crypto.randomBytes(8).toString('hex')): string {
  return `\\\\.\\pipe\\berth-${what}-${userPipeId(user)}-${random}`;
}

/** True when something accepts a connection on `path` (a named pipe, or a unix socket in tests). */
export function pathAnswers(path: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.createConnection({ path });
    const done = (v: boolean) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

export function squattedError(path: string): BerthError {
  return new BerthError(
    'CONFLICT',
    `Another program already answers on ${path}, the name Berth serves the Docker engine on. It may be another person's program waiting for your registry credentials, so Berth will not serve the engine there and removed the "berth" docker context that pointed at it. Quit the other program (or sign out the other user) and start the VM again.`,
  );
}

/** EADDRINUSE from a pipe's listen: libuv creates a pipe's first instance exclusively, so an existing one fails it. */
export function isAddressInUse(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === 'EADDRINUSE';
}

/**
 * Before serving the engine on `path`: if the name already answers, it is not ours (we are not serving yet), so the
 * `berth` docker context that points at it is removed (the docker CLI would send it registry credentials) and a
 * CONFLICT error that says so is thrown. `dockerContext` is the manager's option of the same name.
 */
export async function guardEnginePipe(path: string, opts: { dockerContext?: { configDir?: string } | false; timeoutMs?: number } = {}): Promise<void> {
  if (!(await pathAnswers(path, opts.timeoutMs))) return;
  log.warn('the engine pipe name is taken by another program; refusing to serve it', { path });
  if (opts.dockerContext !== false) {
    await forgetDockerContext(path, opts.dockerContext ?? {}).catch((e: unknown) => log.warn('could not remove the berth docker context', { error: String(e) }));
  }
  throw squattedError(path);
}
