// Builds the typed client of the contract over any transport; no channel name is written here.
import { channelOf, type ClientOf, type Contract, type Disposer, type StreamCallbacks, type StreamHandle, type StreamOptions } from './contract.js';

/** What a transport (WebSocket, Electron preload) must offer; payloads are already plain JSON values. */
export interface Transport {
  request(channel: string, input: unknown): Promise<unknown>;
  subscribe(channel: string, cb: (payload: unknown) => void): Disposer;
  open(channel: string, input: unknown, cb: StreamCallbacks<unknown, unknown>, opts?: StreamOptions): StreamHandle;
}

export function createClient<C extends Contract>(contract: C, transport: Transport): ClientOf<C> {
  const client: Record<string, Record<string, unknown>> = {};
  for (const [group, members] of Object.entries(contract)) {
    const g: Record<string, unknown> = {};
    for (const [member, def] of Object.entries(members)) {
      const ch = channelOf(group, member);
      if (def.kind === 'request') g[member] = (input: unknown) => transport.request(ch, input);
      else if (def.kind === 'event') g[member] = (cb: (p: unknown) => void) => transport.subscribe(ch, cb);
      else g[member] = (input: unknown, cb: StreamCallbacks<unknown, unknown>, opts?: StreamOptions) => transport.open(ch, input, cb, opts);
    }
    client[group] = g;
  }
  return client as ClientOf<C>;
}
