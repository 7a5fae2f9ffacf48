// Types an implementation of the contract fills in (one async function per request, one opener per stream), and the one
// dispatcher every host calls them through: the WebSocket session, Electron's IPC and the desktop host's own calls.
import { lookup, type ChunkOf, type Contract, type EventDef, type InputOf, type OutputOf, type RequestDef, type ResultOf, type StreamDef } from '../../app/contract.js';
import { BerthError, type WireError } from '../../app/errors.js';
import { toWireError } from './errors.js';

/** Where a stream handler sends its output; `push` returns false when the consumer is behind (pause the source). */
export interface Sink<C, R> {
  push(chunk: C): boolean;
  /** Called once the consumer has caught up after `push` returned false. */
  onDrain(cb: () => void): void;
  end(result: R): void;
  fail(err: unknown): void;
  /** Aborted when the consumer closes the stream or goes away. */
  readonly signal: AbortSignal;
}

/** What a stream handler gives back: input from the consumer and a way to stop. */
export interface StreamControl {
  write?(data: string): void;
  resize?(cols: number, rows: number): void;
  close(): void;
}

export type RequestHandler<D> = (input: InputOf<D>) => Promise<OutputOf<D>>;
export type StreamHandler<D> = (input: InputOf<D>, sink: Sink<ChunkOf<D>, ResultOf<D>>) => StreamControl | Promise<StreamControl>;

export type Handlers<C extends Contract> = {
  -readonly [G in keyof C]: {
    [M in keyof C[G] as C[G][M] extends EventDef ? never : M]: C[G][M] extends RequestDef
      ? RequestHandler<C[G][M]>
      : C[G][M] extends StreamDef
        ? StreamHandler<C[G][M]>
        : never;
  };
};

/** A table as a core or host assembles it: any group or member may be missing (then it answers UNSUPPORTED). */
export type HandlerTable<C extends Contract> = { [G in keyof Handlers<C>]?: Partial<Handlers<C>[G]> };

/** A request's answer as it crosses to a window: errors travel as data. */
export type Answer = { ok: true; out: unknown } | { ok: false; err: WireError };

type AnyRequest = (input: unknown) => Promise<unknown>;
type AnyStream = (input: unknown, sink: Sink<unknown, unknown>) => StreamControl | Promise<StreamControl>;

export interface Dispatcher {
  readonly contract: Contract;
  /** An event of the contract, or a request or stream of it that the table implements. */
  has(channel: string): boolean;
  /**
   * Checks `input` against the request's schema, then calls its handler. Throws INVALID_INPUT for a channel that is
   * not a request of the contract or for input its schema refuses, UNSUPPORTED for a request the table lacks, and
   * whatever the handler throws.
   */
  call(channel: string, input: unknown, engine?: string): Promise<unknown>;
  /** `call`, with every failure made a WireError: what the WebSocket and Electron's IPC send back. */
  answer(channel: string, input: unknown, engine?: string): Promise<Answer>;
  /** A stream's opener (its input checked against the schema when opened), or why it cannot be opened. */
  stream(channel: string, engine?: string): { open: AnyStream } | { err: WireError };
}

export interface DispatcherOptions<C extends Contract> {
  /**
   * The handlers of requests and streams that name an engine (an engines.list id); members it lacks (settings, vm, …)
   * are the main table's. Throws NOT_FOUND for an unknown engine. Without it, naming an engine answers UNSUPPORTED.
   */
  onEngine?(engine: string): HandlerTable<C>;
}

export function createDispatcher<C extends Contract>(contract: C, handlers: HandlerTable<C>, opts: DispatcherOptions<C> = {}): Dispatcher {
  const table = handlers as Record<string, Record<string, unknown> | undefined>;
  const tableOf = (engine: string | undefined) => {
    if (engine === undefined) return undefined;
    if (!opts.onEngine) throw new BerthError('UNSUPPORTED', `This Berth serves one engine; it cannot send a request to engine "${engine.slice(0, 200)}".`);
    return opts.onEngine(engine) as Record<string, Record<string, unknown> | undefined>;
  };
  const find = (channel: string, kind: 'request' | 'stream', engine?: string) => {
    const entry = lookup(contract, channel);
    if (!entry || entry.def.kind === 'event' || entry.def.kind !== kind) return undefined;
    const fn = tableOf(engine)?.[entry.group]?.[entry.member] ?? table[entry.group]?.[entry.member];
    return { schema: entry.def.input, fn: typeof fn === 'function' ? fn : undefined };
  };
  const unavailable = (channel: string) => new BerthError('UNSUPPORTED', `"${channel}" is not available on this endpoint.`);

  const call = async (channel: string, input: unknown, engine?: string): Promise<unknown> => {
    const found = find(channel, 'request', engine);
    if (!found) throw new BerthError('INVALID_INPUT', `Unknown request "${channel.slice(0, 100)}".`);
    const parsed = found.schema.parse(input);
    if (!found.fn) throw unavailable(channel);
    return (found.fn as AnyRequest)(parsed);
  };

  return {
    contract,
    has(channel) {
      const entry = lookup(contract, channel);
      if (!entry) return false;
      return entry.def.kind === 'event' || find(channel, entry.def.kind)?.fn !== undefined;
    },
    call,
    async answer(channel, input, engine) {
      try {
        return { ok: true, out: await call(channel, input, engine) };
      } catch (e) {
        return { ok: false, err: toWireError(e, channel) };
      }
    },
    stream(channel, engine) {
      let found;
      try {
        found = find(channel, 'stream', engine);
      } catch (e) {
        return { err: toWireError(e, channel) };
      }
      if (!found) return { err: { code: 'INVALID_INPUT', message: `Unknown stream "${channel.slice(0, 100)}".` } };
      const fn = found.fn as AnyStream | undefined;
      if (!fn) return { err: unavailable(channel).toWire() };
      return { open: (input, sink) => fn(found.schema.parse(input), sink) };
    },
  };
}
