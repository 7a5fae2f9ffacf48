// The IPC binding, derived from the contract: one ipcMain.handle per request, a MessagePort per window for streams and events,
// both through the core's one dispatcher (the same schema checks and errors as over berth serve's WebSocket).
import { channels, type Disposer } from '../../app/contract.js';
import type { WireError } from '../../app/errors.js';
import type { ServerMessage } from '../../app/protocol.js';
import type { EventBus } from '../core/bus.js';
import type { Dispatcher } from '../core/handlers.js';
import { createLogger } from '../core/log.js';
import { serveSession, type Session } from '../core/session.js';
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
  handle(channel: string, listener: (event: IpcInvokeEventLike, input: unknown, engine?: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: IpcEventLike) => void): unknown;
  removeListener(channel: string, listener: (event: IpcEventLike) => void): unknown;
}

export interface IpcBindingOptions {
  ipcMain: IpcMainLike;
  /** The host's dispatcher over the core's handlers and its own (createDispatcher). */
  dispatcher: Dispatcher;
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

export function bindIpc(opts: IpcBindingOptions): IpcBinding {
  const { ipcMain, dispatcher, bus } = opts;
  const registered: string[] = [];

  for (const c of channels(dispatcher.contract)) {
    if (c.def.kind !== 'request') continue;
    const ipcChannel = requestIpcChannel(c.channel);
    ipcMain.handle(ipcChannel, async (event, input, engine): Promise<IpcReply> => {
      if (!opts.isTrustedSender(event.senderFrame)) {
        log.warn(`refused ${c.channel} from ${event.senderFrame?.url.slice(0, 200) ?? 'a vanished frame'}`);
        return { ok: false, err: denied };
      }
      // The engine a request names (engines.list id); anything else than a short string is no engine.
      if (engine !== undefined && (typeof engine !== 'string' || engine.length < 1 || engine.length > 200)) {
        return { ok: false, err: { code: 'INVALID_INPUT', message: 'A request names an engine by its id.', field: 'engine' } };
      }
      return dispatcher.answer(c.channel, input, engine);
    });
    registered.push(ipcChannel);
  }

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
    // The port carries streams and events only: a request must come through invoke, which checks its sender each time.
    const session = serveSession(dispatcher, bus, peer, { requests: false });
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
