// The core's event bus: emit by contract definition (never by a typed channel name), subscribe by channel.
import { channels, type Contract, type Disposer, type EventDef, type PayloadOf } from '../../app/contract.js';

export class EventBus {
  private readonly names = new Map<EventDef, string>();
  private readonly subs = new Map<string, Set<(payload: unknown) => void>>();

  constructor(contract: Contract) {
    for (const c of channels(contract)) if (c.def.kind === 'event') this.names.set(c.def, c.channel);
  }

  emit<D extends EventDef>(def: D, payload: PayloadOf<D>): void {
    const ch = this.names.get(def);
    if (!ch) throw new Error('emit: not an event of this contract');
    for (const cb of this.subs.get(ch) ?? []) cb(payload);
  }

  /** Typed subscription for code inside the core. */
  on<D extends EventDef>(def: D, cb: (payload: PayloadOf<D>) => void): Disposer {
    const ch = this.names.get(def);
    if (!ch) throw new Error('on: not an event of this contract');
    return this.subscribe(ch, cb as (p: unknown) => void);
  }

  /** Subscription by wire channel name (hosts); the caller has checked that the channel is an event. */
  subscribe(ch: string, cb: (payload: unknown) => void): Disposer {
    let set = this.subs.get(ch);
    if (!set) this.subs.set(ch, (set = new Set()));
    set.add(cb);
    return () => {
      set.delete(cb);
    };
  }

  listenerCount(ch: string): number {
    return this.subs.get(ch)?.size ?? 0;
  }
}
