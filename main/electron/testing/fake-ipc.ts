// Test double of Electron's IPC: an ipcMain, and ipcRenderers bound to a frame, joined in-process with real MessageChannels.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { IpcEventLike, IpcInvokeEventLike, IpcMainLike, MainPortLike } from '../ipc.js';
import type { IpcRendererLike, MakeChannel, RendererPortLike } from '../preload-api.js';
import type { FrameLike } from '../types.js';

type InvokeListener = (event: IpcInvokeEventLike, input: unknown, engine?: unknown) => Promise<unknown>;
type OnListener = (event: IpcEventLike) => void;

export interface FakeIpcMain extends IpcMainLike {
  readonly handles: Map<string, InvokeListener>;
  readonly listeners: Map<string, Set<OnListener>>;
}

export function fakeIpcMain(): FakeIpcMain {
  const handles = new Map<string, InvokeListener>();
  const listeners = new Map<string, Set<OnListener>>();
  return {
    handles,
    listeners,
    handle(ch, fn) {
      if (handles.has(ch)) throw new Error(`second handler for ${ch}`);
      handles.set(ch, fn);
    },
    removeHandler(ch) {
      handles.delete(ch);
    },
    on(ch, fn) {
      let set = listeners.get(ch);
      if (!set) listeners.set(ch, (set = new Set()));
      set.add(fn);
      return this;
    },
    removeListener(ch, fn) {
      listeners.get(ch)?.delete(fn);
      return this;
    },
  };
}

/** Node's MessagePort as Electron's MessagePortMain ({data} events). */
function asMainPort(p: MessagePort): MainPortLike {
  return {
    postMessage: (m) => p.postMessage(m),
    on(event: 'message' | 'close', cb: ((e: { data: unknown }) => void) | (() => void)) {
      if (event === 'message') p.on('message', (v: unknown) => (cb as (e: { data: unknown }) => void)({ data: v }));
      else p.on('close', cb as () => void);
      return this;
    },
    start: () => p.start(),
    close: () => p.close(),
  };
}

export const makeChannel: MakeChannel<MessagePort> = () => {
  const ch = new MessageChannel();
  return { local: ch.port1 as unknown as RendererPortLike, remote: ch.port2 };
};

export interface FakeSender {
  id: number;
  once(event: 'destroyed', cb: () => void): unknown;
  destroy(): void;
}

export function fakeSender(id: number): FakeSender {
  const cbs: (() => void)[] = [];
  return { id, once: (_e, cb) => cbs.push(cb), destroy: () => cbs.splice(0).forEach((cb) => cb()) };
}

/** An ipcRenderer whose messages arrive at `main` as if sent by `frame` of `sender`. */
export function fakeIpcRenderer(main: FakeIpcMain, frame: FrameLike | null, sender: FakeSender): IpcRendererLike<MessagePort> {
  return {
    async invoke(ch, input, engine?: unknown) {
      const fn = main.handles.get(ch);
      if (!fn) throw new Error(`No handler registered for '${ch}'`);
      return engine === undefined ? fn({ senderFrame: frame, sender }, structuredClone(input)) : fn({ senderFrame: frame, sender }, structuredClone(input), structuredClone(engine));
    },
    postMessage(ch, _msg, transfer) {
      const ports = transfer.map(asMainPort);
      for (const fn of main.listeners.get(ch) ?? []) fn({ senderFrame: frame, sender, ports });
    },
  };
}

export const topFrame = (url: string): FrameLike => ({ url, parent: null });
export const subFrame = (url: string, parentUrl = 'berth://app/index.html'): FrameLike => ({ url, parent: topFrame(parentUrl) });
