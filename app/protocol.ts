// Wire messages of the contract's message transport (WebSocket, and Electron IPC for streams).
import { z } from 'zod';
import type { WireError } from './errors.js';

/** Limits every transport enforces. */
export const LIMITS = {
  /** Largest message a client may send, in bytes. */
  maxClientMessage: 1024 * 1024,
  /** Unacknowledged chunks after which the source is paused. */
  highWater: 32,
  /** Unacknowledged chunks below which a paused source resumes. */
  lowWater: 8,
  /** Chunks buffered for a consumer that stopped reading before the stream is failed. */
  hardCap: 2048,
  /** Output is batched for this long before it is sent. */
  batchMs: 16,
  /** Open streams per connection. */
  maxStreams: 256,
} as const;

const id = z.number().int().nonnegative();
const channel = z.string().min(3).max(100);
/** The engine (engines.list id) a request or stream goes to; absent: the session's current engine. */
const engine = z.string().min(1).max(200).optional();

export const ClientMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('req'), id, ch: channel, in: z.unknown().optional(), engine }),
  z.object({ t: z.literal('open'), sid: id, ch: channel, in: z.unknown().optional(), manualAck: z.boolean().optional(), engine }),
  z.object({ t: z.literal('write'), sid: id, data: z.string().max(LIMITS.maxClientMessage) }),
  z.object({ t: z.literal('resize'), sid: id, cols: z.number().int().min(1).max(1000), rows: z.number().int().min(1).max(1000) }),
  z.object({ t: z.literal('ack'), sid: id, n: z.number().int().min(1).max(100000) }),
  z.object({ t: z.literal('close'), sid: id }),
  z.object({ t: z.literal('sub'), ch: channel }),
  z.object({ t: z.literal('unsub'), ch: channel }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export type ServerMessage =
  | { t: 'res'; id: number; ok: true; out: unknown }
  | { t: 'res'; id: number; ok: false; err: WireError }
  | { t: 'data'; sid: number; chunk: unknown }
  | { t: 'end'; sid: number; result?: unknown; err?: WireError }
  | { t: 'evt'; ch: string; payload: unknown }
  | { t: 'hello'; version: string }
  | { t: 'fatal'; err: WireError };
