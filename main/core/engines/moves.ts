// Contract handlers engines.moveImage, moveVolume and recreateContainer: two different engines held from the pool, progress streamed, cancel on close.
import type { Api } from '../../../app/api.js';
import type { MoveProgress } from '../../../app/engines.js';
import type { EngineStatus } from '../../../app/model.js';
import { BerthError, isBerthError } from '../../../app/errors.js';
import type { EventBus } from '../bus.js';
import type { CoreContext } from '../context.js';
import { Runner } from '../engine/run.js';
import type { Handlers, Sink, StreamControl } from '../handlers.js';
import { createLogger } from '../log.js';
import type { EngineCatalog } from './catalog.js';
import { moveImage, type MoveEnds } from './move-image.js';
import { MoveReporter } from './move-progress.js';
import { moveVolume } from './move-volume.js';
import type { EngineLease } from './pool.js';
import { recreateContainer } from './recreate.js';

const log = createLogger('engines.moves');

type MoveHandlers = Pick<Handlers<Api>['engines'], 'moveImage' | 'moveVolume' | 'recreateContainer'>;

export interface MoveOptions {
  bus: EventBus;
  home: string;
  /** How long an engine not yet connected may take to answer. */
  connectTimeoutMs?: number;
}

/** Resolves once the pooled engine is up; a down one fails with its reason on `field`. */
function whenUp(lease: EngineLease, name: string, field: string, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let off = () => {};
    const timer = setTimeout(() => settle(new BerthError('ENGINE_UNREACHABLE', `${name} did not answer within ${Math.round(timeoutMs / 1000)} s.`, { field })), timeoutMs);
    const settle = (err?: BerthError) => {
      clearTimeout(timer);
      off();
      if (err) reject(err);
      else resolve();
    };
    const check = (s: EngineStatus) => {
      if (s.state === 'up') settle();
      else if (s.state === 'down') settle(new BerthError('ENGINE_UNREACHABLE', `${name} is down: ${s.reason ?? 'it does not answer'}`, { field, ...(s.error?.detail ? { detail: s.error.detail } : {}) }));
    };
    off = lease.conn.onStatus(check);
    check(lease.conn.getStatus());
  });
}

interface Held {
  ends: MoveEnds;
  target: EngineLease;
  release(): void;
}

export function createMoveHandlers(catalog: EngineCatalog, o: MoveOptions): MoveHandlers {
  const timeoutMs = o.connectTimeoutMs ?? 15_000;

  /** Both engines, different, known and up, held until release. */
  async function hold(from: string, to: string): Promise<Held> {
    if (from === to) throw new BerthError('INVALID_INPUT', 'Choose another engine to move to: this is the one it is on.', { field: 'to' });
    const spec = (id: string, field: string) => {
      try {
        return catalog.spec(id);
      } catch (e) {
        throw isBerthError(e) ? new BerthError(e.code, e.message, { field }) : e;
      }
    };
    const a = spec(from, 'from');
    const b = spec(to, 'to');
    const leases: EngineLease[] = [];
    const release = () => leases.forEach((l) => l.release());
    try {
      for (const [s, field] of [[a, 'from'], [b, 'to']] as const) {
        let l: EngineLease;
        try {
          l = catalog.pool.acquire(s.id);
        } catch (e) {
          throw isBerthError(e) ? new BerthError(e.code, `${s.name}: ${e.message}`, { field }) : e;
        }
        leases.push(l);
        await whenUp(l, s.name, field, timeoutMs);
      }
    } catch (e) {
      release();
      throw e;
    }
    const [src, dst] = leases as [EngineLease, EngineLease];
    return { ends: { from: { docker: src.conn.docker, name: a.name }, to: { docker: dst.conn.docker, name: b.name } }, target: dst, release };
  }

  /** Runs a move in the background of its stream: the result or the error ends it; closing it cancels the move. */
  async function open<R>(label: string, from: string, to: string, sink: Sink<MoveProgress, R>, work: (h: Held, report: MoveReporter, signal: AbortSignal) => Promise<R>): Promise<StreamControl> {
    const held = await hold(from, to);
    const cancel = new AbortController();
    const onAbort = () => cancel.abort();
    sink.signal.addEventListener('abort', onAbort, { once: true });
    const report = new MoveReporter(sink);
    log.info(`${label}: ${held.ends.from.name} -> ${held.ends.to.name}`);
    void work(held, report, cancel.signal)
      .then(
        (r) => {
          report.close();
          sink.end(r);
        },
        (e: unknown) => {
          report.close();
          log.warn(`${label} failed`, e instanceof Error ? e.message : e);
          sink.fail(e);
        },
      )
      .finally(() => {
        sink.signal.removeEventListener('abort', onAbort);
        held.release();
      });
    return { close: onAbort };
  }

  return {
    moveImage: (input, sink) => open(`move image ${input.image}`, input.from, input.to, sink, (h, report, signal) => moveImage(h.ends, input.image, report, signal)),
    moveVolume: (input, sink) => open(`move volume ${input.volume}`, input.from, input.to, sink, (h, report, signal) => moveVolume(h.ends, input.volume, input.name, report, signal)),
    recreateContainer: (input, sink) =>
      open(`recreate ${input.container}`, input.from, input.to, sink, (h, report, signal) => {
        const { conn, model } = h.target;
        const ctx: CoreContext = { conn, model, bus: o.bus, home: o.home, docker: conn.docker };
        const runner = new Runner(ctx);
        return recreateContainer(h.ends, (spec) => runner.run(spec), input, report, signal);
      }),
  };
}
