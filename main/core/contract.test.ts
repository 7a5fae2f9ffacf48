import { describe, expect, it } from 'vitest';
import { api } from '../../app/api.js';
import { createClient } from '../../app/client.js';
import { channels, lookup } from '../../app/contract.js';
import { createMessageTransport, type SocketLike } from '../../app/messageTransport.js';
import { EventBus } from './bus.js';
import { createSession } from './session.js';

/** A socket pair in memory: the client end of a transport wired to a core session. */
function loopback(handlers: object, bus: EventBus) {
  let client: SocketLike & { deliver(text: string): void };
  const session = createSession(api, handlers, bus, { send: (m) => queueMicrotask(() => client.deliver(JSON.stringify(m))) });
  const connect = (): SocketLike => {
    client = {
      readyState: 1,
      send: (text: string) => queueMicrotask(() => session.handle(text)),
      close: () => client.onclose?.({}),
      onopen: null,
      onclose: null,
      onerror: null,
      onmessage: null,
      deliver(text: string) {
        this.onmessage?.({ data: text });
      },
    };
    queueMicrotask(() => client.onopen?.({}));
    return client;
  };
  return { transport: createMessageTransport(connect, { reconnect: false }), session };
}

describe('the contract', () => {
  it('derives one client member per table entry, with unique channel names', () => {
    const all = channels(api);
    expect(new Set(all.map((c) => c.channel)).size).toBe(all.length);
    const client = createClient(api, { request: async () => 0, subscribe: () => () => undefined, open: () => ({ write() {}, resize() {}, ack() {}, close() {} }) });
    for (const c of all) expect(typeof (client as unknown as Record<string, Record<string, unknown>>)[c.group]?.[c.member]).toBe('function');
  });

  it('does not resolve prototype names as channels', () => {
    expect(lookup(api, 'constructor.name')).toBeUndefined();
    expect(lookup(api, 'containers.__proto__')).toBeUndefined();
    expect(lookup(api, 'containers.hasOwnProperty')).toBeUndefined();
    expect(lookup(api, 'containers.run')?.def.kind).toBe('request');
  });

  it('carries requests, typed errors, events and streams end to end', async () => {
    const bus = new EventBus(api);
    const { transport } = loopback(
      {
        engine: { prune: async (i: { volumes: boolean }) => ({ spaceReclaimed: i.volumes ? 42 : 0, deleted: [] }) },
        containers: {
          logs: (_: unknown, sink: { push(c: unknown): boolean; end(r: unknown): void }) => {
            sink.push([{ stream: 'stdout', text: 'a' }]);
            sink.push([{ stream: 'stderr', text: 'b' }]);
            sink.end({ lines: 2 });
            return { close: () => undefined };
          },
        },
      },
      bus,
    );
    const client = createClient(api, transport);
    expect(await client.engine.prune({ volumes: true })).toEqual({ spaceReclaimed: 42, deleted: [] });
    await expect(client.containers.start({ id: 'x' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(client.containers.stop({ id: '' })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'id' });

    const got: unknown[] = [];
    client.volumes.changed((d) => got.push(d));
    await new Promise((r) => setTimeout(r, 5));
    bus.emit(api.volumes.changed, { upsert: [], remove: ['v1'] });
    await new Promise((r) => setTimeout(r, 5));
    expect(got).toEqual([{ upsert: [], remove: ['v1'] }]);

    const lines: string[] = [];
    const result = await new Promise((resolve) => {
      client.containers.logs({ id: 'c' }, { onData: (c) => lines.push(...c.map((l) => l.text)), onEnd: (r) => resolve(r) });
    });
    expect(lines).toEqual(['a', 'b']);
    expect(result).toEqual({ lines: 2 });
  });

  it('rejects pending requests with DISCONNECTED when the connection drops', async () => {
    const bus = new EventBus(api);
    const { transport } = loopback({ engine: { status: () => new Promise(() => undefined) } }, bus);
    const p = createClient(api, transport).engine.status();
    await new Promise((r) => setTimeout(r, 5));
    transport.close();
    await expect(p).rejects.toMatchObject({ code: 'DISCONNECTED' });
  });
});
