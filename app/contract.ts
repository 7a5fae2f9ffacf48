// The contract DSL: request/event/stream definitions and the types derived from one table.
import type { z } from 'zod';
import type { WireError } from './errors.js';

export interface RequestDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: 'request';
  readonly input: I;
  readonly output: O;
}
export interface EventDef<P extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly payload: P;
}
/**
 * A stream: opened with `input`, it yields `chunk`s and ends with a `result` (or an error).
 * A duplex stream (terminals) also takes `write(text)` and `resize(cols, rows)` from the consumer.
 */
export interface StreamDef<I extends z.ZodType = z.ZodType, C extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly kind: 'stream';
  readonly input: I;
  readonly chunk: C;
  readonly result: R;
  readonly duplex: boolean;
}
export type Def = RequestDef | EventDef | StreamDef;
export type Contract = Record<string, Record<string, Def>>;

export const request = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): RequestDef<I, O> => ({ kind: 'request', input, output });
export const event = <P extends z.ZodType>(payload: P): EventDef<P> => ({ kind: 'event', payload });
export const stream = <I extends z.ZodType, C extends z.ZodType, R extends z.ZodType>(
  input: I,
  chunk: C,
  result: R,
  opts: { duplex?: boolean } = {},
): StreamDef<I, C, R> => ({ kind: 'stream', input, chunk, result, duplex: opts.duplex ?? false });

/** The one place a channel name is made: `<group>.<member>`. */
export const channelOf = (group: string, member: string): string => `${group}.${member}`;

export interface ChannelEntry {
  readonly channel: string;
  readonly group: string;
  readonly member: string;
  readonly def: Def;
}

/** Every channel of a contract, derived from its keys. */
export function channels(contract: Contract): ChannelEntry[] {
  const out: ChannelEntry[] = [];
  for (const [group, members] of Object.entries(contract)) {
    for (const [member, def] of Object.entries(members)) out.push({ channel: channelOf(group, member), group, member, def });
  }
  return out;
}

/** The channel of one definition of the table (`nameOf(api, api.vm.start)` -> "vm.start"), so no caller types it. */
export function nameOf(contract: Contract, def: Def): string {
  const hit = channels(contract).find((c) => c.def === def);
  if (!hit) throw new Error('nameOf: the definition is not in this contract');
  return hit.channel;
}

export function lookup(contract: Contract, channel: string): ChannelEntry | undefined {
  const dot = channel.indexOf('.');
  if (dot <= 0) return undefined;
  const group = channel.slice(0, dot);
  const member = channel.slice(dot + 1);
  const members = Object.prototype.hasOwnProperty.call(contract, group) ? contract[group] : undefined;
  if (!members || !Object.prototype.hasOwnProperty.call(members, member)) return undefined;
  const def = members[member];
  return def ? { channel, group, member, def } : undefined;
}

export type Disposer = () => void;

/** A consumer's handle on an open stream. */
export interface StreamHandle {
  /** Send keystrokes/paste to a duplex stream. */
  write(data: string): void;
  /** Tell the source the terminal's size. */
  resize(cols: number, rows: number): void;
  /** Acknowledge chunks drawn (manual-ack streams only; others ack on delivery). */
  ack(count?: number): void;
  /** Close both ends. */
  close(): void;
}

export interface StreamCallbacks<C, R> {
  onData(chunk: C): void;
  onEnd(result: R | undefined, error?: WireError): void;
}

export interface StreamOptions {
  /** When true the consumer calls `ack()` after it has drawn a chunk (terminals); else chunks are acked on delivery. */
  manualAck?: boolean;
  /** The engine (engines.list id) the stream is opened on; absent: the window's current engine. */
  engine?: string;
}

/** Options of one request: the engine (engines.list id) it goes to; absent: the window's current engine. */
export interface RequestOptions {
  engine?: string;
}

type Req<D> = D extends RequestDef<infer I, infer O> ? (input: z.input<I>) => Promise<z.output<O>> : never;
type Evt<D> = D extends EventDef<infer P> ? (cb: (payload: z.output<P>) => void) => Disposer : never;
type Str<D> = D extends StreamDef<infer I, infer C, infer R>
  ? (input: z.input<I>, cb: StreamCallbacks<z.output<C>, z.output<R>>, opts?: StreamOptions) => StreamHandle
  : never;
type Member<D> = D extends RequestDef ? Req<D> : D extends EventDef ? Evt<D> : D extends StreamDef ? Str<D> : never;

/** The typed client of a contract: `client.containers.run(spec)`, `client.engine.status(cb)`, ... */
export type ClientOf<C extends Contract> = { [G in keyof C]: { [M in keyof C[G]]: Member<C[G][M]> } };

/** Types for implementers. */
export type InputOf<D> = D extends RequestDef<infer I> ? z.output<I> : D extends StreamDef<infer I> ? z.output<I> : never;
export type OutputOf<D> = D extends RequestDef<z.ZodType, infer O> ? z.input<O> : never;
export type PayloadOf<D> = D extends EventDef<infer P> ? z.input<P> : never;
export type ChunkOf<D> = D extends StreamDef<z.ZodType, infer C> ? z.input<C> : never;
export type ResultOf<D> = D extends StreamDef<z.ZodType, z.ZodType, infer R> ? z.input<R> : never;
