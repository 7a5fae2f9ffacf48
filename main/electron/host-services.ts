// The host's own calls into the core (tray, menu, lifecycle): through the contract's schemas, never around them.
import { api } from '../../app/api.js';
import { lookup, nameOf, type Disposer, type EventDef } from '../../app/contract.js';
import { BerthError } from '../../app/errors.js';
import type { VmStatus } from '../../app/vm.js';
import type { EventBus } from '../core/bus.js';
import type { Dispatcher } from '../core/handlers.js';

/** Contract channels the host uses, derived from the table (never typed as strings). */
export const HOST_CHANNELS = {
  engineStatus: nameOf(api, api.engine.status),
  engineChanged: nameOf(api, api.engine.changed),
  engineEvents: nameOf(api, api.engine.events),
  vmStatus: nameOf(api, api.vm.status),
  vmStart: nameOf(api, api.vm.start),
  vmStop: nameOf(api, api.vm.stop),
  vmChanged: nameOf(api, api.vm.changed),
  vmForwards: nameOf(api, api.vm.forwards),
  navigate: nameOf(api, api.app.navigate),
} as const;

export interface HostServices {
  /** True when the contract has this request and the core implements it (or this event). */
  has(channel: string): boolean;
  call<T = unknown>(channel: string, input?: unknown): Promise<T>;
  on(channel: string, cb: (payload: unknown) => void): Disposer;
  emit(channel: string, payload: unknown): boolean;
  vm: {
    available(): boolean;
    status(): Promise<VmStatus | undefined>;
    start(): Promise<void>;
    stop(): Promise<void>;
    onChange(cb: (s: VmStatus) => void): Disposer;
  };
}

/** The host's calls go through the same dispatcher as the window's (`createDispatcher`), events through the core's bus. */
export function createHostServices(dispatcher: Dispatcher, bus: EventBus): HostServices {
  const { contract } = dispatcher;
  const has = (channel: string) => dispatcher.has(channel);
  const call = async <T,>(channel: string, input?: unknown): Promise<T> => {
    // A request this contract lacks is a feature that is off here, not a mistake in the caller's input.
    if (lookup(contract, channel)?.def.kind !== 'request') throw new BerthError('UNSUPPORTED', `"${channel}" is not available on this endpoint.`);
    return (await dispatcher.call(channel, input)) as T;
  };
  const on = (channel: string, cb: (payload: unknown) => void): Disposer => {
    const e = lookup(contract, channel);
    return e?.def.kind === 'event' ? bus.subscribe(channel, cb) : () => undefined;
  };
  const emit = (channel: string, payload: unknown): boolean => {
    const e = lookup(contract, channel);
    if (e?.def.kind !== 'event') return false;
    bus.emit(e.def as EventDef, payload as never);
    return true;
  };
  const vmAvailable = () => has(HOST_CHANNELS.vmStart) && has(HOST_CHANNELS.vmStop);
  return {
    has,
    call,
    on,
    emit,
    vm: {
      available: vmAvailable,
      status: async () => (has(HOST_CHANNELS.vmStatus) ? call<VmStatus>(HOST_CHANNELS.vmStatus) : undefined),
      start: async () => {
        await call(HOST_CHANNELS.vmStart);
      },
      stop: async () => {
        await call(HOST_CHANNELS.vmStop);
      },
      onChange: (cb) => on(HOST_CHANNELS.vmChanged, (p) => cb(p as VmStatus)),
    },
  };
}
