// Builds the typed client of the contract over any transport; no channel name is written here.
import { channelOf, type ClientOf, type Contract, type Disposer, type RequestOptions, type StreamCallbacks, type StreamHandle, type StreamOptions } from './contract.js';

/** What a transport (WebSocket, Electron preload) must offer; payloads are already plain JSON values. */
export interface Transport {
  /** `opts.engine` names the engine the request goes to (absent: the current one). */
  request(channel: string, input: unknown, opts?: RequestOptions): Promise<unknown>;
  subscribe(channel: string, cb: (payload: unknown) => void): Disposer;
  open(channel: string, input: unknown, cb: StreamCallbacks<unknown, unknown>, opts?: StreamOptions): StreamHandle;
}

/**
 * `on.engine` binds the client to one engine (an engines.list id): its requests and streams go there whatever the
 * window's current engine is; events are not bound (they carry the engine they describe).
 */
export function createClient<C extends Contract>(contract: C, transport: Transport, on: RequestOptions = {}): ClientOf<C> {
  const engine = on.engine;
  const client: Record<string, Record<string, unknown>> = {};
  for (const [group, members] of Object.entries(contract)) {
    const g: Record<string, unknown> = {};
    for (const [member, def] of Object.entries(members)) {
      const ch = channelOf(group, member);
      if (def.kind === 'request') g[member] = engine ? (input: unknown) => transport.request(ch, input, { engine }) : (input: unknown) => transport.request(ch, input);
      else if (def.kind === 'event') g[member] = (cb: (p: unknown) => void) => transport.subscribe(ch, cb);
      else g[member] = (input: unknown, cb: StreamCallbacks<unknown, unknown>, opts?: StreamOptions) => transport.open(ch, input, cb, engine ? { ...opts, engine } : opts);
    }
    client[group] = g;
  }
  return client as ClientOf<C>;
}
