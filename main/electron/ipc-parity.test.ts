// A malformed request gets the same clear error from Electron's IPC as from berth serve's WebSocket: one dispatcher, one check.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { api } from '../../app/api.js';
import type { WireError } from '../../app/errors.js';
import type { Core } from '../core/api.js';
import { EventBus } from '../core/bus.js';
import { createDispatcher } from '../core/handlers.js';
import { startServer, WS_PATH, type RunningServer } from '../server/server.js';
import { socketProtocols } from '../server/testClient.js';
import { staticFolder } from '../server/testing.js';
import { bindIpc } from './ipc.js';
import { requestIpcChannel, type IpcReply } from './ipc-names.js';
import { appTrust, isTrustedFrame } from './security.js';
import { fakeIpcMain, fakeIpcRenderer, fakeSender, topFrame } from './testing/fake-ipc.js';

const handlers = {
  containers: {
    stop: vi.fn(async () => ({ ok: true })),
    remove: vi.fn(async () => ({ ok: true })),
  },
};

/** Each request: [channel, input]. Malformed ones name the field at fault; the last two are not implemented by this core. */
const cases: [string, unknown][] = [
  ['containers.stop', { id: 'web', timeout: -1 }],
  ['containers.stop', { id: 42 }],
  ['containers.stop', undefined],
  ['containers.stop', 'not an object'],
  ['containers.remove', { id: 'web', force: 'yes' }],
  ['images.remove', { id: 7 }],
  ['images.remove', { id: 'busybox' }],
];

describe('one dispatcher for the WebSocket and Electron IPC', () => {
  let server: RunningServer;
  let ws: WebSocket;
  const answers = new Map<number, { ok: boolean; err?: WireError }>();
  const ipcMain = fakeIpcMain();
  const trust = appTrust();
  bindIpc({ ipcMain, dispatcher: createDispatcher(api, handlers), bus: new EventBus(api), isTrustedSender: (f) => isTrustedFrame(f, trust) });
  const window = fakeIpcRenderer(ipcMain, topFrame('berth://app/index.html'), fakeSender(1));

  beforeAll(async () => {
    const core = { handlers, bus: new EventBus(api) } as unknown as Core;
    server = await startServer({ core, staticDir: staticFolder() });
    ws = new WebSocket(`ws://127.0.0.1:${server.port}${WS_PATH}`, socketProtocols(server.token));
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as { t: string; id: number; ok: boolean; err?: WireError };
      if (m.t === 'res') answers.set(m.id, m);
    });
    await new Promise((resolve, reject) => ws.on('open', resolve).on('error', reject));
  });
  afterAll(async () => {
    ws?.terminate();
    await server?.close();
  });

  const overWebSocket = async (id: number, ch: string, input: unknown): Promise<WireError | undefined> => {
    ws.send(JSON.stringify(input === undefined ? { t: 'req', id, ch } : { t: 'req', id, ch, in: input }));
    await vi.waitFor(() => expect(answers.has(id)).toBe(true));
    return answers.get(id)?.err;
  };
  const overIpc = async (ch: string, input: unknown): Promise<WireError | undefined> => {
    const reply = (await window.invoke(requestIpcChannel(ch), input)) as IpcReply;
    return reply.ok ? undefined : reply.err;
  };

  it.each(cases.map((c, i) => [i + 1, ...c] as const))('#%i %s %j: the same refusal both ways', async (id, ch, input) => {
    const viaWs = await overWebSocket(id, ch, input);
    const viaIpc = await overIpc(ch, input);
    expect(viaIpc).toBeDefined();
    expect(viaIpc).toEqual(viaWs);
  });

  it('refuses malformed input as INVALID_INPUT naming the field, before any handler runs (even one this core lacks)', async () => {
    expect(await overIpc('containers.stop', { id: 'web', timeout: -1 })).toMatchObject({ code: 'INVALID_INPUT', field: 'timeout', message: expect.stringMatching(/^timeout: /) });
    expect(await overIpc('containers.remove', { id: 'web', force: 'yes' })).toMatchObject({ code: 'INVALID_INPUT', field: 'force' });
    expect(await overIpc('images.remove', { id: 7 })).toMatchObject({ code: 'INVALID_INPUT', field: 'id' });
    expect(await overIpc('images.remove', { id: 'busybox' })).toMatchObject({ code: 'UNSUPPORTED' });
    expect(handlers.containers.stop).not.toHaveBeenCalled();
    expect(handlers.containers.remove).not.toHaveBeenCalled();
  });
});
