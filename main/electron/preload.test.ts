// The preload exposes one thing, berthTransport (the contract's channels only, each of its kind); the bundle runs in a sandbox-like VM.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { api } from '../../app/api.js';
import { PORT_IPC_CHANNEL, requestIpcChannel } from './ipc-names.js';
import { buildPreloadTransport } from './preload-api.js';
import { makeChannel } from './testing/fake-ipc.js';

function recordingIpc() {
  const invokes: [string, unknown][] = [];
  const posts: string[] = [];
  return {
    invokes,
    posts,
    ipc: {
      invoke: vi.fn(async (ch: string, input: unknown) => (invokes.push([ch, input]), { ok: true, out: 'pong' })),
      postMessage: vi.fn((ch: string) => posts.push(ch)),
    },
  };
}

describe('preload transport', () => {
  it('offers a Transport (request/subscribe/open) plus connection state, and nothing else', () => {
    const transport = buildPreloadTransport(api, recordingIpc().ipc, makeChannel);
    expect(Object.keys(transport).sort()).toEqual(['onState', 'open', 'request', 'state', 'subscribe']);
    expect(transport.state()).toBe('open');
  });

  it('sends each request on its own derived IPC channel and opens no port for requests', async () => {
    const r = recordingIpc();
    const transport = buildPreloadTransport(api, r.ipc, makeChannel);
    await expect(transport.request('engine.version', undefined)).resolves.toBe('pong');
    await expect(transport.request('containers.list', { all: false })).resolves.toBe('pong');
    expect(r.invokes).toEqual([[requestIpcChannel('engine.version'), undefined], [requestIpcChannel('containers.list'), { all: false }]]);
    expect(r.posts).toEqual([]);
  });

  it('refuses channels that are not in the contract, or not of the right kind, without touching IPC', async () => {
    const r = recordingIpc();
    const transport = buildPreloadTransport(api, r.ipc, makeChannel);
    await expect(transport.request('shell.exec', {})).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(transport.request('engine.changed', {})).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(transport.request('__proto__.constructor', {})).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(() => transport.subscribe('containers.list', () => undefined)).toThrow(/not a event/);
    const onEnd = vi.fn();
    transport.open('engine.status', {}, { onData: vi.fn(), onEnd });
    await new Promise((r2) => setTimeout(r2, 0));
    expect(onEnd.mock.calls[0]?.[1]).toMatchObject({ code: 'INVALID_INPUT' });
    expect(r.invokes).toEqual([]);
    expect(r.posts).toEqual([]);
  });
});

describe('preload bundle', () => {
  it('is one CommonJS file that requires only electron, and exposes berthTransport only', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'berth-preload-')), 'preload.cjs');
    execFileSync(process.execPath, ['main/electron/build-preload.mjs', out], { stdio: 'pipe' });
    const code = readFileSync(out, 'utf8');
    expect([...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])).toEqual(['electron']);

    const exposed = new Map<string, unknown>();
    const r = recordingIpc();
    const requireAllowlist = (name: string) => {
      if (name !== 'electron') throw new Error(`module not found: ${name}`);
      return { contextBridge: { exposeInMainWorld: (k: string, v: unknown) => exposed.set(k, v) }, ipcRenderer: r.ipc };
    };
    const module = { exports: {} };
    runInNewContext(code, { require: requireAllowlist, module, exports: module.exports, MessageChannel, queueMicrotask, setTimeout, clearTimeout, console });
    expect([...exposed.keys()]).toEqual(['berthTransport']);
    const t = exposed.get('berthTransport') as { request(ch: string, i: unknown): Promise<unknown>; subscribe(ch: string, cb: () => void): () => void };
    await expect(t.request('engine.info', undefined)).resolves.toBe('pong');
    expect(r.invokes).toEqual([[requestIpcChannel('engine.info'), undefined]]);
    t.subscribe('engine.changed', () => undefined);
    expect(r.posts).toEqual([PORT_IPC_CHANNEL]);
  }, 30_000);
});
