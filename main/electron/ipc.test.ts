// IPC binding + preload API, end to end in-process: derived channels, validation, sender checks, streams and events over a port.
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { api } from '../../app/api.js';
import { channels } from '../../app/contract.js';
import { BerthError } from '../../app/errors.js';
import { EventBus } from '../core/bus.js';
import { createDispatcher, type Sink, type StreamControl } from '../core/handlers.js';
import { bindIpc } from './ipc.js';
import { PORT_IPC_CHANNEL, requestIpcChannel } from './ipc-names.js';
import { buildPreloadTransport } from './preload-api.js';
import { appTrust, isTrustedFrame } from './security.js';
import { fakeIpcMain, fakeIpcRenderer, fakeSender, makeChannel, subFrame, topFrame } from './testing/fake-ipc.js';
import type { FrameLike } from './types.js';

const trust = appTrust();
const APP = 'berth://app/index.html';
const tick = (ms = 10) => new Promise((r) => setTimeout(r, ms));
/** Waits until `cond` holds (messages cross real MessagePorts, so timing varies under load). */
async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await tick(5);
}

function setup(frame: FrameLike | null = topFrame(APP)) {
  const ipcMain = fakeIpcMain();
  const bus = new EventBus(api);
  const controls: { input: unknown; writes: string[]; resizes: number[][]; closed: boolean; sink: Sink<unknown, unknown> }[] = [];
  const handlers = {
    containers: {
      list: vi.fn(async (input: unknown) => [{ seen: input }]),
      stop: vi.fn(async () => ({ ok: true })),
      start: vi.fn(async () => {
        throw new BerthError('NOT_FOUND', 'No such container: nope', { field: 'id' });
      }),
    },
    terminals: {
      exec: (input: unknown, sink: Sink<unknown, unknown>): StreamControl => {
        const c = { input, writes: [] as string[], resizes: [] as number[][], closed: false, sink };
        controls.push(c);
        return { write: (d) => c.writes.push(d), resize: (cols, rows) => c.resizes.push([cols, rows]), close: () => (c.closed = true) };
      },
    },
  };
  const binding = bindIpc({ ipcMain, dispatcher: createDispatcher(api, handlers), bus, isTrustedSender: (f) => isTrustedFrame(f, trust) });
  const sender = fakeSender(7);
  const renderer = fakeIpcRenderer(ipcMain, frame, sender);
  const preload = { transport: buildPreloadTransport(api, renderer, makeChannel) };
  return { ipcMain, bus, handlers, binding, sender, renderer, preload, controls };
}

describe('IPC binding', () => {
  it('registers exactly one invoke handler per contract request, and one port listener', () => {
    const { ipcMain } = setup();
    const requests = channels(api).filter((c) => c.def.kind === 'request').map((c) => requestIpcChannel(c.channel));
    expect([...ipcMain.handles.keys()].sort()).toEqual(requests.sort());
    expect([...ipcMain.listeners.keys()]).toEqual([PORT_IPC_CHANNEL]);
  });

  it('validates input with the contract schema (defaults applied) and returns the result', async () => {
    const { preload, handlers } = setup();
    await expect(preload.transport.request('containers.list', undefined)).resolves.toEqual([{ seen: { all: true } }]);
    expect(handlers.containers.list).toHaveBeenCalledWith({ all: true });
  });

  it('a request that names an engine reaches that engine\'s handlers; a bad engine is refused before any handler', async () => {
    const ipcMain = fakeIpcMain();
    const onSecond = vi.fn(async () => [{ on: 'second' }]);
    const dispatcher = createDispatcher(api, { containers: { list: async () => [{ on: 'current' }] } }, { onEngine: () => ({ containers: { list: onSecond } }) });
    bindIpc({ ipcMain, dispatcher, bus: new EventBus(api), isTrustedSender: (f) => isTrustedFrame(f, trust) });
    const renderer = fakeIpcRenderer(ipcMain, topFrame(APP), fakeSender(7));
    const t = buildPreloadTransport(api, renderer, makeChannel);
    await expect(t.request('containers.list', undefined)).resolves.toEqual([{ on: 'current' }]);
    await expect(t.request('containers.list', undefined, { engine: 'context:second' })).resolves.toEqual([{ on: 'second' }]);
    const handle = ipcMain.handles.get(requestIpcChannel('containers.list'));
    await expect(handle?.({ senderFrame: topFrame(APP), sender: fakeSender(7) }, undefined, { not: 'an id' })).resolves.toMatchObject({ ok: false, err: { code: 'INVALID_INPUT', field: 'engine' } });
    expect(onSecond).toHaveBeenCalledTimes(1);
  });

  it('rejects invalid input as INVALID_INPUT naming the field, without calling the handler', async () => {
    const { preload, handlers } = setup();
    await expect(preload.transport.request('containers.stop', { id: 'web', timeout: -1 })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'timeout' });
    expect(handlers.containers.stop).not.toHaveBeenCalled();
  });

  it('keeps typed errors as plain {code, message, field} data (what survives contextBridge)', async () => {
    const { preload } = setup();
    const err = await preload.transport.request('containers.start', { id: 'nope' }).catch((e: unknown) => e);
    expect(err).toEqual({ code: 'NOT_FOUND', message: 'No such container: nope', field: 'id' });
    expect(err).not.toBeInstanceOf(Error);
  });

  it('answers UNSUPPORTED for a request the core does not implement yet', async () => {
    const { preload } = setup();
    await expect(preload.transport.request('volumes.list', undefined)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it.each([
    ['an iframe inside our page', subFrame(APP)],
    ['another origin', topFrame('https://evil.example/')],
    ['a look-alike host', topFrame('berth://app.evil/index.html')],
    ['a file:// page', topFrame('file:///tmp/x.html')],
    ['a frame that has gone away', null],
  ])('refuses requests from %s', async (_name, frame) => {
    const { preload, handlers } = setup(frame);
    await expect(preload.transport.request('containers.list', undefined)).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(handlers.containers.list).not.toHaveBeenCalled();
  });

  it('refuses a stream port from an untrusted frame: the stream ends, no session is made', async () => {
    const { preload, binding, controls } = setup(topFrame('https://evil.example/'));
    const onEnd = vi.fn();
    preload.transport.open('terminals.exec', { id: 'web' }, { onData: vi.fn(), onEnd });
    await tick(30);
    expect(binding.portCount()).toBe(0);
    expect(controls).toHaveLength(0);
  });

  it('runs a duplex stream over the port: input validated, data, write, resize, end', async () => {
    const { preload, controls, binding } = setup();
    const data: unknown[] = [];
    const onEnd = vi.fn();
    const h = preload.transport.open('terminals.exec', { id: 'web' }, { onData: (c) => data.push(c), onEnd });
    await until(() => controls.length > 0);
    expect(binding.portCount()).toBe(1);
    expect(controls[0]?.input).toMatchObject({ id: 'web', tty: true, cols: 80, rows: 24 });
    controls[0]?.sink.push('hello');
    h.write('ls\r');
    h.resize(120, 40);
    await until(() => data.length > 0 && (controls[0]?.resizes.length ?? 0) > 0);
    expect(data).toEqual(['hello']);
    expect(controls[0]?.writes).toEqual(['ls\r']);
    expect(controls[0]?.resizes).toEqual([[120, 40]]);
    controls[0]?.sink.end({ exitCode: 0 });
    await until(() => onEnd.mock.calls.length > 0);
    expect(onEnd).toHaveBeenCalledWith({ exitCode: 0 }, undefined);
  });

  it('fails a stream whose input is invalid, and closes the source when the window closes the stream', async () => {
    const { preload, controls } = setup();
    const onEnd = vi.fn();
    preload.transport.open('terminals.exec', { id: '' }, { onData: vi.fn(), onEnd });
    await until(() => onEnd.mock.calls.length > 0);
    expect(onEnd.mock.calls[0]?.[1]).toMatchObject({ code: 'INVALID_INPUT' });
    const h = preload.transport.open('terminals.exec', { id: 'web' }, { onData: vi.fn(), onEnd: vi.fn() });
    await until(() => controls.length > 0);
    h.close();
    await until(() => controls[0]?.closed === true);
    expect(controls[0]?.closed).toBe(true);
  });

  it('delivers core events to subscribers, and stops after unsubscribe', async () => {
    const { preload, bus } = setup();
    const seen: unknown[] = [];
    const off = preload.transport.subscribe('engine.changed', (p) => seen.push(p));
    await until(() => bus.listenerCount('engine.changed') > 0);
    const status = { state: 'up' as const, endpoint: { kind: 'socket' as const, label: 'Local socket', address: '/var/run/docker.sock' }, since: 1 };
    bus.emit(api.engine.changed, status);
    await until(() => seen.length > 0);
    off();
    await until(() => bus.listenerCount('engine.changed') === 0);
    bus.emit(api.engine.changed, { ...status, state: 'down' as const });
    await tick();
    expect(seen).toEqual([status]);
  });

  it('does not serve requests over the port (requests must pass the per-call sender check)', async () => {
    const { renderer, ipcMain, handlers } = setup();
    const ch = new MessageChannel();
    const replies: string[] = [];
    ch.port1.on('message', (m: string) => replies.push(m));
    renderer.postMessage(PORT_IPC_CHANNEL, null, [ch.port2]);
    ch.port1.postMessage(JSON.stringify({ t: 'req', id: 1, ch: 'containers.list' }));
    await until(() => replies.length > 0);
    expect(handlers.containers.list).not.toHaveBeenCalled();
    expect(JSON.parse(replies[0] ?? '{}')).toMatchObject({ t: 'res', id: 1, ok: false, err: { code: 'INVALID_INPUT' } });
    ch.port1.close();
    expect(ipcMain.handles.size).toBeGreaterThan(0);
  });

  it('ends the old page\'s streams on reload (a new port) and when the window is destroyed', async () => {
    const { preload, controls, binding, sender, ipcMain } = setup();
    preload.transport.open('terminals.exec', { id: 'web' }, { onData: vi.fn(), onEnd: vi.fn() });
    await until(() => controls.length === 1);
    // A reload: a new preload instance in the same webContents hands over a fresh port.
    const again = buildPreloadTransport(api, fakeIpcRenderer(ipcMain, topFrame(APP), sender), makeChannel);
    again.open('terminals.exec', { id: 'web' }, { onData: vi.fn(), onEnd: vi.fn() });
    await until(() => controls.length === 2);
    expect(controls[0]?.closed).toBe(true);
    expect(binding.portCount()).toBe(1);
    sender.destroy();
    expect(controls[1]?.closed).toBe(true);
    expect(binding.portCount()).toBe(0);
  });

  it('removes every handler on dispose', () => {
    const { ipcMain, binding } = setup();
    binding.dispose();
    expect(ipcMain.handles.size).toBe(0);
    expect(ipcMain.listeners.get(PORT_IPC_CHANNEL)?.size).toBe(0);
  });
});
