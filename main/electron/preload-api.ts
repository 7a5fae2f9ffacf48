// What the preload exposes, built from the contract: one function per member, and a Transport made of those functions.
import { channels, lookup, type Contract, type Disposer, type StreamCallbacks, type StreamHandle, type StreamOptions } from '../../app/contract.js';
import type { Transport } from '../../app/client.js';
import type { WireError } from '../../app/errors.js';
import { createMessageTransport, type ConnectionState, type MessageTransport, type SocketLike } from '../../app/messageTransport.js';
import { PORT_IPC_CHANNEL, requestIpcChannel, type IpcReply } from './ipc-names.js';

/** The preload's ipcRenderer: invoke for requests, postMessage once to hand main a port. */
export interface IpcRendererLike<P = unknown> {
  invoke(channel: string, input: unknown): Promise<unknown>;
  postMessage(channel: string, message: unknown, transfer: P[]): void;
}

/** The DOM MessagePort inside the preload. */
export interface RendererPortLike {
  postMessage(message: unknown): void;
  onmessage: ((e: { data: unknown }) => void) | null;
  start?(): void;
  close(): void;
}

export type MakeChannel<P = unknown> = () => { local: RendererPortLike; remote: P };

export type PreloadApi = Record<string, Record<string, (...args: never[]) => unknown>>;

export interface BerthTransport extends Transport {
  state(): ConnectionState;
  onState(cb: (s: ConnectionState) => void): Disposer;
}

/** Plain data, so the window sees code/message/detail after contextBridge copies it (an Error would keep only its message). */
function rejectWith(err: WireError): Promise<never> {
  return Promise.reject({ code: err.code, message: err.message, ...(err.detail !== undefined ? { detail: err.detail } : {}), ...(err.field !== undefined ? { field: err.field } : {}) });
}

/** A MessagePort dressed as the WebSocket that createMessageTransport expects; open as soon as main has the other end. */
function portSocket<P>(ipc: IpcRendererLike<P>, makeChannel: MakeChannel<P>): SocketLike {
  const { local, remote } = makeChannel();
  const sock: SocketLike = {
    readyState: 0,
    send: (text) => local.postMessage(text),
    close: () => {
      local.close();
      (sock as { readyState: number }).readyState = 3;
      sock.onclose?.({});
    },
    onopen: null,
    onclose: null,
    onerror: null,
    onmessage: null,
  };
  local.onmessage = (e) => sock.onmessage?.({ data: e.data });
  local.start?.();
  ipc.postMessage(PORT_IPC_CHANNEL, null, [remote]);
  queueMicrotask(() => {
    (sock as { readyState: number }).readyState = 1;
    sock.onopen?.({});
  });
  return sock;
}

export function buildPreloadApi<P>(contract: Contract, ipc: IpcRendererLike<P>, makeChannel: MakeChannel<P>): { api: PreloadApi; transport: BerthTransport } {
  let port: MessageTransport | undefined;
  // The port is made on first use: a window that only sends requests never opens one.
  const streams = () => (port ??= createMessageTransport(() => portSocket(ipc, makeChannel), { reconnect: false }));

  const api: PreloadApi = {};
  for (const c of channels(contract)) {
    const group = (api[c.group] ??= {});
    const ch = c.channel;
    if (c.def.kind === 'request') {
      const ipcChannel = requestIpcChannel(ch);
      group[c.member] = async (input?: unknown) => {
        const reply = (await ipc.invoke(ipcChannel, input)) as IpcReply;
        return reply.ok ? reply.out : rejectWith(reply.err);
      };
    } else if (c.def.kind === 'event') {
      group[c.member] = (cb: (payload: unknown) => void): Disposer => streams().subscribe(ch, cb);
    } else {
      group[c.member] = (input: unknown, cb: StreamCallbacks<unknown, unknown>, opts?: StreamOptions): StreamHandle => streams().open(ch, input, cb, opts);
    }
  }

  const member = (ch: string, kind: 'request' | 'event' | 'stream') => {
    const entry = lookup(contract, ch);
    if (!entry || entry.def.kind !== kind) return undefined;
    return api[entry.group]?.[entry.member] as ((...args: unknown[]) => unknown) | undefined;
  };
  const unknownChannel = (ch: unknown, kind: string): WireError => ({ code: 'INVALID_INPUT', message: `"${String(ch).slice(0, 100)}" is not a ${kind} of the Berth contract.` });

  const transport: BerthTransport = {
    request(ch, input) {
      const fn = member(ch, 'request');
      return fn ? (fn(input) as Promise<unknown>) : rejectWith(unknownChannel(ch, 'request'));
    },
    subscribe(ch, cb) {
      const fn = member(ch, 'event');
      if (!fn) throw new Error(unknownChannel(ch, 'event').message);
      return fn(cb) as Disposer;
    },
    open(ch, input, cb, opts) {
      const fn = member(ch, 'stream');
      if (!fn) {
        queueMicrotask(() => cb.onEnd(undefined, unknownChannel(ch, 'stream')));
        return { write: () => undefined, resize: () => undefined, ack: () => undefined, close: () => undefined };
      }
      return fn(input, cb, opts) as StreamHandle;
    },
    state: () => port?.state() ?? 'open',
    onState: (cb) => streams().onState(cb),
  };
  return { api, transport };
}
