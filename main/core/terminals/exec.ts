// `terminals.exec`: a command (or the best shell) inside a running container, as a duplex string stream with resize.
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import type { ExecInput } from '../../../app/api.js';
import { BerthError } from '../../../app/errors.js';
import type { CoreContext } from '../context.js';
import { engineCall } from '../engine/link/errors.js';
import type { Sink, StreamControl } from '../handlers.js';
import { createLogger } from '../log.js';
import { pipeTerminal, type TerminalResult } from './pipe.js';
import { lentFor } from './lent.js';
import { busyboxFor } from './busybox-source.js';
import { pickShell } from './shell.js';

const log = createLogger('exec');

/** Fails with CONFLICT unless the container runs (exec and attach need a live process). */
export async function requireRunning(c: Docker.Container, id: string): Promise<Docker.ContainerInspectInfo> {
  const info = await engineCall(() => c.inspect(), { what: `Container ${id}` });
  const name = info.Name.replace(/^\//, '');
  if (info.State.Paused) throw new BerthError('CONFLICT', `Container ${name} is paused — unpause it to open a terminal.`);
  if (!info.State.Running) throw new BerthError('CONFLICT', `Container ${name} is not running — start it to open a terminal.`);
  return info;
}

/** The exec's environment: what was asked, plus a TERM for xterm.js when there is a TTY and none was given. */
export function execEnv(env: readonly string[], tty: boolean): string[] | undefined {
  const out = [...env];
  if (tty && !out.some((e) => e.startsWith('TERM='))) out.push('TERM=xterm-256color');
  return out.length > 0 ? out : undefined;
}

/**
 * Applies terminal sizes one at a time, latest wins: a stale size still queued or being retried is
 * dropped once a newer one is asked for, so the initial size (retried while the process starts)
 * never overrides the user's later resize.
 */
export function orderedResize(apply: (cols: number, rows: number) => Promise<unknown>): (cols: number, rows: number, tries?: number) => Promise<void> {
  let latest = 0;
  let chain: Promise<void> = Promise.resolve();
  return (cols, rows, tries = 1) => {
    const mine = ++latest;
    const job = async (): Promise<void> => {
      for (let i = 0; i < tries && mine === latest; i++) {
        try {
          await apply(cols, rows);
          return;
        } catch (e) {
          if (i === tries - 1) throw e;
          await new Promise((r) => setTimeout(r, 20 * (i + 1)));
        }
      }
    };
    const run = chain.then(job);
    chain = run.catch(() => undefined);
    return run;
  };
}

/** The process may not exist for a few ms after start, so the first size is retried briefly. */
export const INITIAL_RESIZE_TRIES = 5;

export async function openExec(ctx: CoreContext, input: ExecInput, sink: Sink<string, TerminalResult>): Promise<StreamControl> {
  const c = ctx.docker.getContainer(input.id);
  const info = await requireRunning(c, input.id);
  let cmd = input.cmd;
  let shell: string | undefined;
  // A lent busybox is taken out again when the last Berth shell using one in this container is done.
  let release: () => Promise<void> = async () => undefined;
  if (!cmd || cmd.length === 0) {
    const lent = lentFor(ctx);
    // The busybox comes from the engine's side: the VM's own, the host's only where it runs.
    const choice = await pickShell(c, input.fallbackShell, (dir) => lent.reserve(info.Id, dir), () => busyboxFor(ctx));
    cmd = choice.cmd;
    shell = choice.name;
    if (choice.release) release = choice.release;
  }
  try {
    return await startExec(c, info.Id, input, sink, { cmd, shell, release });
  } catch (e) {
    await release();
    throw e;
  }
}

interface Chosen {
  cmd: string[];
  shell: string | undefined;
  release: () => Promise<void>;
}

async function startExec(c: Docker.Container, id: string, input: ExecInput, sink: Sink<string, TerminalResult>, { cmd, shell, release }: Chosen): Promise<StreamControl> {
  const opts: Docker.ExecCreateOptions & { ConsoleSize?: number[] } = {
    Cmd: cmd,
    Tty: input.tty,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    ConsoleSize: [input.rows, input.cols],
  };
  const env = execEnv(input.env, input.tty);
  if (env) opts.Env = env;
  if (input.user) opts.User = input.user;
  if (input.workdir) opts.WorkingDir = input.workdir;
  const what = { what: `Container ${input.id}` };
  const exec = await engineCall(() => c.exec(opts), what);
  const socket = (await engineCall(() => exec.start({ hijack: true, stdin: true, Tty: input.tty }), what)) as Duplex;
  const resize = orderedResize((cols, rows) => exec.resize({ h: rows, w: cols }));
  if (input.tty) resize(input.cols, input.rows, INITIAL_RESIZE_TRIES).catch((e: unknown) => log.debug('initial resize failed', e));
  log.info(`exec ${cmd.join(' ').slice(0, 80)} in ${id.slice(0, 12)}`);

  const result = async (): Promise<TerminalResult> => {
    // The engine records the exit code just after it closes the streams.
    for (let i = 0; i < 40; i++) {
      const r = await exec.inspect();
      if (!r.Running) return shell === undefined ? { exitCode: r.ExitCode ?? null } : { exitCode: r.ExitCode ?? null, shell };
      await new Promise((res) => setTimeout(res, 25));
    }
    return shell === undefined ? { exitCode: null } : { exitCode: null, shell };
  };
  return pipeTerminal({ socket, tty: input.tty, sink, result, resize, cleanup: () => void release() });
}
