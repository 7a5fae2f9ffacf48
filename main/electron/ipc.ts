// The IPC binding, derived from the contract: one ipcMain.handle per request, a MessagePort per window for streams and events.
import { channels, type Contract, type Disposer } from '../../app/contract.js';
import type { WireError } from '../../app/errors.js';
import type { ServerMessage } from '../../app/protocol.js';
import type { EventBus } from '../core/bus.js';
import { toWireError } from '../core/errors.js';
import { createLogger } from '../core/log.js';
import { createSession, type Session } from '../core/session.js';
import { PORT_IPC_CHANNEL, requestIpcChannel, type IpcReply } from './ipc-names.js';
import type { FrameLike } from './types.js';

const log = createLogger('ipc');

export interface SenderLike {
  readonly id: number;
  once(event: 'destroyed', cb: () => void): unknown;
}

export interface IpcInvokeEventLike {
  readonly senderFrame: FrameLike | null;
  readonly sender: SenderLike;
}

/** Electron's MessagePortMain. */
export interface MainPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', cb: (e: { data: unknown }) => void): unknown;
  on(event: 'close', cb: () => void): unknown;
  start(): void;
  close(): void;
}

export interface IpcEventLike extends IpcInvokeEventLike {
  readonly ports: MainPortLike[];
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, input: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: IpcEventLike) => void): unknown;
  removeListener(channel: string, listener: (event: IpcEventLike) => void): unknown;
}

export interface IpcBindingOptions {
  ipcMain: IpcMainLike;
  contract: Contract;
  /** The core's handlers table (group -> member -> function). */
  handlers: object;
  bus: EventBus;
  /** Checklist #17: is this frame our own page's top frame? */
  isTrustedSender(frame: FrameLike | null): boolean;
}

export interface IpcBinding {
  /** Windows with an open stream/event port. */
  portCount(): number;
  dispose: Disposer;
}

const denied: WireError = { code: 'PERMISSION_DENIED', message: 'This page may not talk to the Berth core.' };

/** The contract with its requests removed: the port carries streams and events only; requests go through invoke. */
function streamsAndEvents(contract: Contract): Contract {
  const out: Contract = {};
  for (const c of channels(contract)) {
    if (c.def.kind === 'request') continue;
    (out[c.group] ??= {})[c.member] = c.def;
  }
  return out;
}

export function bindIpc(opts: IpcBindingOptions): IpcBinding {
  const { ipcMain, contract, bus } = opts;
  const table = opts.handlers as Record<string, Record<string, unknown> | undefined>;
  const registered: string[] = [];

  for (const c of channels(contract)) {
    if (c.def.kind !== 'request') continue;
    const def = c.def;
    const ipcChannel = requestIpcChannel(c.channel);
    ipcMain.handle(ipcChannel, async (event, input): Promise<IpcReply> => {
      if (!opts.isTrustedSender(event.senderFrame)) {
        log.warn(`refused ${c.channel} from ${event.senderFrame?.url.slice(0, 200) ?? 'a vanished frame'}`);
        return { ok: false, err: denied };
      }
      const fn = table[c.group]?.[c.member] as ((i: unknown) => Promise<unknown>) | undefined;
      if (typeof fn !== 'function') return { ok: false, err: { code: 'UNSUPPORTED', message: `"${c.channel}" is not available on this endpoint.` } };
      try {
        const parsed = def.input.parse(input);
        return { ok: true, out: await fn(parsed) };
      } catch (e) {
        return { ok: false, err: toWireError(e, c.channel) };
      }
    });
    registered.push(ipcChannel);
  }

  const portContract = streamsAndEvents(contract);
  const sessions = new Map<number, { session: Session; port: MainPortLike }>();
  const drop = (id: number, which?: MainPortLike) => {
    const s = sessions.get(id);
    if (!s || (which && s.port !== which)) return;
    sessions.delete(id);
    s.session.dispose();
    s.port.close();
  };

  const onPort = (event: IpcEventLike) => {
    const [port] = event.ports;
    if (!port) return;
    if (!opts.isTrustedSender(event.senderFrame)) {
      log.warn(`refused a stream port from ${event.senderFrame?.url.slice(0, 200) ?? 'a vanished frame'}`);
      port.close();
      return;
    }
    const id = event.sender.id;
    // A reload sends a new port: the old page's streams end with it.
    if (sessions.has(id)) drop(id);
    else event.sender.once('destroyed', () => drop(id));
    const peer = { send: (m: ServerMessage) => port.postMessage(JSON.stringify(m)) };
    const session = createSession(portContract, opts.handlers, bus, peer);
    sessions.set(id, { session, port });
    port.on('message', (e) => {
      if (typeof e.data !== 'string') {
        peer.send({ t: 'fatal', err: { code: 'INVALID_INPUT', message: 'Port messages are JSON text.' } });
        return;
      }
      session.handle(e.data);
    });
    port.on('close', () => drop(id, port));
    port.start();
  };
  ipcMain.on(PORT_IPC_CHANNEL, onPort);

  return {
    portCount: () => sessions.size,
    dispose() {
      for (const ch of registered) ipcMain.removeHandler(ch);
      ipcMain.removeListener(PORT_IPC_CHANNEL, onPort);
      for (const id of [...sessions.keys()]) drop(id);
    },
  };
}
