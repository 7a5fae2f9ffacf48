import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { request, stream, event } from '../../app/contract.js';
import { LIMITS, type ServerMessage } from '../../app/protocol.js';
import { BerthError } from '../../app/errors.js';
import { EventBus } from './bus.js';
import { createDispatcher, type Sink } from './handlers.js';
import { createSession, serveSession } from './session.js';

const contract = {
  demo: {
    add: request(z.object({ a: z.number(), b: z.number() }), z.number()),
    boom: request(z.void(), z.void()),
    firehose: stream(z.object({ n: z.number() }), z.number(), z.object({ sent: z.number() })),
    tick: event(z.number()),
  },
};

function harness(handlers: object) {
  const sent: ServerMessage[] = [];
  const bus = new EventBus(contract);
  const s = createSession(contract, handlers, bus, { send: (m) => sent.push(m) });
  const send = (m: unknown) => s.handle(JSON.stringify(m));
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return { sent, bus, s, send, flush };
}

describe('session', () => {
  it('validates input and returns results or typed errors', async () => {
    const h = harness({ demo: { add: async ({ a, b }: { a: number; b: number }) => a + b, boom: async () => { throw new Error('secret stack'); } } });
    h.send({ t: 'req', id: 1, ch: 'demo.add', in: { a: 2, b: 3 } });
    h.send({ t: 'req', id: 2, ch: 'demo.add', in: { a: 'x', b: 3 } });
    h.send({ t: 'req', id: 3, ch: 'demo.nope' });
    h.send({ t: 'req', id: 4, ch: 'toString' });
    h.send({ t: 'req', id: 5, ch: 'demo.boom' });
    h.send({ t: 'req', id: 6, ch: 'demo.tick' });
    await h.flush();
    const byId = new Map(h.sent.map((m) => [(m as { id: number }).id, m]));
    expect(byId.get(1)).toEqual({ t: 'res', id: 1, ok: true, out: 5 });
    expect(byId.get(2)).toMatchObject({ ok: false, err: { code: 'INVALID_INPUT', field: 'a' } });
    expect(byId.get(3)).toMatchObject({ ok: false, err: { code: 'INVALID_INPUT' } });
    expect(byId.get(4)).toMatchObject({ ok: false, err: { code: 'INVALID_INPUT' } });
    expect(byId.get(5)).toMatchObject({ ok: false, err: { code: 'INTERNAL' } });
    expect(JSON.stringify(byId.get(5))).not.toContain('at ');
    expect(byId.get(6)).toMatchObject({ ok: false, err: { code: 'INVALID_INPUT' } });
  });

  it('pauses a fast source at the high-water mark and resumes it after acks', async () => {
    let sink: Sink<number, { sent: number }> | undefined;
    let drained = 0;
    const h = harness({
      demo: {
        firehose: (_: unknown, s: Sink<number, { sent: number }>) => {
          sink = s;
          return { close: () => undefined };
        },
      },
    });
    h.send({ t: 'open', sid: 7, ch: 'demo.firehose', in: { n: 1 } });
    await h.flush();
    const results: boolean[] = [];
    for (let i = 0; i < LIMITS.highWater + 20; i++) results.push(sink!.push(i));
    sink!.onDrain(() => drained++);
    const data = () => h.sent.filter((m) => m.t === 'data').length;
    expect(data()).toBe(LIMITS.highWater);
    expect(results.at(-1)).toBe(false);
    h.send({ t: 'ack', sid: 7, n: LIMITS.highWater });
    expect(data()).toBe(LIMITS.highWater + 20);
    expect(drained).toBe(0);
    h.send({ t: 'ack', sid: 7, n: 20 - LIMITS.lowWater });
    expect(drained).toBe(1);
    sink!.end({ sent: 1 });
    expect(h.sent.at(-1)).toEqual({ t: 'end', sid: 7, result: { sent: 1 } });
  });

  it('closes a stream whose consumer never reads, instead of growing without limit', async () => {
    let sink: Sink<number, { sent: number }> | undefined;
    let closed = false;
    const h = harness({ demo: { firehose: (_: unknown, s: Sink<number, { sent: number }>) => ((sink = s), { close: () => (closed = true) }) } });
    h.send({ t: 'open', sid: 1, ch: 'demo.firehose', in: { n: 1 } });
    await h.flush();
    for (let i = 0; i < LIMITS.highWater + LIMITS.hardCap + 10; i++) sink!.push(i);
    expect(closed).toBe(true);
    expect(sink!.signal.aborted).toBe(true);
    expect(h.sent.at(-1)).toMatchObject({ t: 'end', sid: 1, err: { code: 'CANCELLED' } });
    expect(h.s.streamCount()).toBe(0);
  });

  it('delivers subscribed events and stops after dispose', async () => {
    const h = harness({});
    h.send({ t: 'sub', ch: 'demo.tick' });
    h.bus.emit(contract.demo.tick, 1);
    h.s.dispose();
    h.bus.emit(contract.demo.tick, 2);
    expect(h.sent.filter((m) => m.t === 'evt')).toEqual([{ t: 'evt', ch: 'demo.tick', payload: 1 }]);
  });

  it('refuses oversized and malformed messages without throwing', () => {
    const h = harness({});
    h.s.handle('{');
    h.s.handle('x'.repeat(LIMITS.maxClientMessage + 1));
    h.s.handle(JSON.stringify({ t: 'write', sid: 'x' }));
    expect(h.sent.map((m) => m.t)).toEqual(['fatal', 'fatal', 'fatal']);
  });

  it('keeps keys and a resize sent while the stream is still opening, and replays them in order', async () => {
    const got: string[] = [];
    let release: () => void = () => undefined;
    const h = harness({
      demo: {
        firehose: async () => {
          await new Promise<void>((r) => (release = r));
          return { write: (d: string) => got.push(`w:${d}`), resize: (c: number, r: number) => got.push(`r:${c}x${r}`), close: () => undefined };
        },
      },
    });
    h.send({ t: 'open', sid: 3, ch: 'demo.firehose', in: { n: 1 } });
    h.send({ t: 'write', sid: 3, data: 'ls' });
    h.send({ t: 'resize', sid: 3, cols: 100, rows: 40 });
    h.send({ t: 'write', sid: 3, data: '\n' });
    await h.flush();
    expect(got).toEqual([]);
    release();
    await h.flush();
    await h.flush();
    expect(got).toEqual(['w:ls', 'r:100x40', 'w:\n']);
  });
});

describe('requests and streams that name an engine', () => {
  const adder = (plus: number) => ({ demo: { add: async ({ a, b }: { a: number; b: number }) => a + b + plus, firehose: (_: unknown, s: Sink<number, { sent: number }>) => (s.end({ sent: plus }), { close: () => undefined }) } });

  it('go to that engine\'s handlers; the rest to the current one; an unknown engine is refused with the reason', async () => {
    const sent: ServerMessage[] = [];
    const engines: Record<string, object> = { b: adder(100) };
    const onEngine = (id: string) => {
      const t = engines[id];
      if (!t) throw new BerthError('NOT_FOUND', `There is no engine "${id}".`);
      return t;
    };
    const s = serveSession(createDispatcher(contract, adder(0), { onEngine }), new EventBus(contract), { send: (m) => sent.push(m) });
    s.handle(JSON.stringify({ t: 'req', id: 1, ch: 'demo.add', in: { a: 1, b: 2 } }));
    s.handle(JSON.stringify({ t: 'req', id: 2, ch: 'demo.add', in: { a: 1, b: 2 }, engine: 'b' }));
    s.handle(JSON.stringify({ t: 'req', id: 3, ch: 'demo.add', in: { a: 1, b: 2 }, engine: 'z' }));
    s.handle(JSON.stringify({ t: 'open', sid: 4, ch: 'demo.firehose', in: { n: 1 }, engine: 'b' }));
    s.handle(JSON.stringify({ t: 'open', sid: 5, ch: 'demo.firehose', in: { n: 1 }, engine: 'z' }));
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toContainEqual({ t: 'res', id: 1, ok: true, out: 3 });
    expect(sent).toContainEqual({ t: 'res', id: 2, ok: true, out: 103 });
    expect(sent).toContainEqual(expect.objectContaining({ t: 'res', id: 3, ok: false, err: expect.objectContaining({ code: 'NOT_FOUND', message: 'There is no engine "z".' }) }));
    expect(sent).toContainEqual({ t: 'end', sid: 4, result: { sent: 100 } });
    expect(sent).toContainEqual(expect.objectContaining({ t: 'end', sid: 5, err: expect.objectContaining({ code: 'NOT_FOUND' }) }));
  });

  it('are refused as UNSUPPORTED by a dispatcher that serves one engine', async () => {
    const sent: ServerMessage[] = [];
    const s = createSession(contract, adder(0), new EventBus(contract), { send: (m) => sent.push(m) });
    s.handle(JSON.stringify({ t: 'req', id: 1, ch: 'demo.add', in: { a: 1, b: 2 }, engine: 'b' }));
    await new Promise((r) => setTimeout(r, 0));
    expect(sent[0]).toMatchObject({ ok: false, err: { code: 'UNSUPPORTED', message: expect.stringMatching(/serves one engine/) } });
  });
});
