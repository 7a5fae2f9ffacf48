// `terminals.attach`: the container's own stdin/stdout (a `-ti` container's shell), as a duplex string stream.
import type { Duplex } from 'node:stream';
import type { CoreContext } from '../context.js';
import { engineCall } from '../engine/link/errors.js';
import type { Sink, StreamControl } from '../handlers.js';
import { createLogger } from '../log.js';
import { INITIAL_RESIZE_TRIES, orderedResize, requireRunning } from './exec.js';
import { pipeTerminal, type TerminalResult } from './pipe.js';

const log = createLogger('attach');

/** How long to wait for the exit code after the stream ends before asking inspect. */
const EXIT_WAIT_MS = 2_000;

export async function openAttach(ctx: CoreContext, input: { id: string; cols: number; rows: number }, sink: Sink<string, TerminalResult>): Promise<StreamControl> {
  const c = ctx.docker.getContainer(input.id);
  const info = await requireRunning(c, input.id);
  const tty = info.Config.Tty;
  const what = { what: `Container ${input.id}` };
  // Wait first, so an exit (and a --rm removal) that follows the stream's end is not missed.
  const waitAbort = new AbortController();
  const exited = c
    .wait({ condition: 'next-exit', abortSignal: waitAbort.signal })
    .then((r: { StatusCode?: number }) => r.StatusCode ?? null)
    .catch(() => undefined);
  const socket = (await engineCall(() => c.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true }), what).catch((e: unknown) => {
    waitAbort.abort();
    throw e;
  })) as Duplex;
  const resize = orderedResize((cols, rows) => c.resize({ h: rows, w: cols }));
  if (tty) resize(input.cols, input.rows, INITIAL_RESIZE_TRIES).catch((e: unknown) => log.debug('initial resize failed', e));
  log.info(`attached to ${info.Id.slice(0, 12)}`);

  const result = async (): Promise<TerminalResult> => {
    const code = await Promise.race([exited, new Promise<undefined>((r) => setTimeout(() => r(undefined), EXIT_WAIT_MS))]);
    if (code !== undefined) return { exitCode: code };
    // Detached while the container keeps running, or the wait failed: ask the engine.
    const now = await c.inspect().catch(() => undefined);
    if (!now || now.State.Running) return { exitCode: null };
    return { exitCode: now.State.ExitCode };
  };
  return pipeTerminal({ socket, tty, sink, result, resize, cleanup: () => waitAbort.abort() });
}
