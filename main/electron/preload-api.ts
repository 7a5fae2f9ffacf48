// What the preload exposes, built from the contract: the window's one Transport (requests over invoke, streams and events over a port).
import { lookup, type Contract, type Disposer } from '../../app/contract.js';
import type { Transport } from '../../app/client.js';
import type { WireError } from '../../app/errors.js';
import { createMessageTransport, type ConnectionState, type MessageTransport, type SocketLike } from '../../app/messageTransport.js';
import { PORT_IPC_CHANNEL, requestIpcChannel, type IpcReply } from './ipc-names.js';

/** The preload's ipcRenderer: invoke for requests, postMessage once to hand main a port. */
export interface IpcRendererLike<P = unknown> {
  invoke(channel: string, input: unknown, engine?: string): Promise<unknown>;
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

/** The Transport of `app/client.ts` over Electron IPC, accepting only the contract's channels, each of its own kind. */
export function buildPreloadTransport<P>(contract: Contract, ipc: IpcRendererLike<P>, makeChannel: MakeChannel<P>): BerthTransport {
  let port: MessageTransport | undefined;
  // The port is made on first use: a window that only sends requests never opens one.
  const streams = () => (port ??= createMessageTransport(() => portSocket(ipc, makeChannel), { reconnect: false }));
  const is = (ch: string, kind: 'request' | 'event' | 'stream') => lookup(contract, ch)?.def.kind === kind;
  const unknownChannel = (ch: unknown, kind: string): WireError => ({ code: 'INVALID_INPUT', message: `"${String(ch).slice(0, 100)}" is not a ${kind} of the Berth contract.` });

  return {
    async request(ch, input, opts) {
      if (!is(ch, 'request')) return rejectWith(unknownChannel(ch, 'request'));
      const reply = (await (opts?.engine ? ipc.invoke(requestIpcChannel(ch), input, opts.engine) : ipc.invoke(requestIpcChannel(ch), input))) as IpcReply;
      return reply.ok ? reply.out : rejectWith(reply.err);
    },
    subscribe(ch, cb) {
      if (!is(ch, 'event')) throw new Error(unknownChannel(ch, 'event').message);
      return streams().subscribe(ch, cb);
    },
    open(ch, input, cb, opts) {
      if (!is(ch, 'stream')) {
        queueMicrotask(() => cb.onEnd(undefined, unknownChannel(ch, 'stream')));
        return { write: () => undefined, resize: () => undefined, ack: () => undefined, close: () => undefined };
      }
      return streams().open(ch, input, cb, opts);
    },
    state: () => port?.state() ?? 'open',
    onState: (cb) => streams().onState(cb),
  };
}
