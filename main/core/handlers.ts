// Types an implementation of the contract fills in: one async function per request, one opener per stream.
import type { ChunkOf, Contract, EventDef, InputOf, OutputOf, RequestDef, ResultOf, StreamDef } from '../../app/contract.js';

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
