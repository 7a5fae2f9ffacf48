// Fuzzes every contract method at the session boundary: junk is refused with INVALID_INPUT, nothing throws, the session survives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { api } from '../../app/api.js';
import { channels } from '../../app/contract.js';
import type { ServerMessage } from '../../app/protocol.js';
import { EventBus } from './bus.js';
import { createSession } from './session.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

/** Handlers that accept whatever passed validation, so the fuzz measures the boundary alone. */
function acceptingHandlers(): object {
  const out: Record<string, Record<string, unknown>> = {};
  for (const c of channels(api)) {
    const g = (out[c.group] ??= {});
    if (c.def.kind === 'request') g[c.member] = async () => ({ ok: true });
    if (c.def.kind === 'stream') g[c.member] = (_: unknown, sink: { end(r: unknown): void }) => (sink.end(undefined), { close: () => undefined });
  }
  return out;
}

const jsonish = fc.jsonValue({ maxDepth: 4 });
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom('\u001b[2J\u001b]0;pwn\u0007', '<script>alert(1)</script>', '\ud800', '../../etc/passwd', '__proto__', 'x'.repeat(90_000)),
);

describe('contract boundary fuzz', () => {
  const requestChannels = channels(api).filter((c) => c.def.kind !== 'event');

  it(`refuses invalid payloads of every request and stream with INVALID_INPUT (${RUNS} runs per channel)`, async () => {
    const sent: ServerMessage[] = [];
    const session = createSession(api, acceptingHandlers(), new EventBus(api), { send: (m) => sent.push(m) });
    let id = 1;
    for (const c of requestChannels) {
      await fc.assert(
        fc.asyncProperty(fc.oneof(jsonish, hostile, fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(jsonish, hostile))), async (payload) => {
          sent.length = 0;
          const myId = id++;
          const frame = c.def.kind === 'request' ? { t: 'req', id: myId, ch: c.channel, in: payload } : { t: 'open', sid: myId, ch: c.channel, in: payload };
          expect(() => session.handle(JSON.stringify(frame))).not.toThrow();
          await new Promise((r) => setImmediate(r));
          const valid = (c.def.kind === 'event' ? undefined : c.def.input)!.safeParse(payload).success;
          const reply = sent.find((m) => (m.t === 'res' && m.id === myId) || (m.t === 'end' && m.sid === myId));
          expect(reply).toBeDefined();
          const err = reply && 'err' in reply ? reply.err : undefined;
          if (valid) expect(err).toBeUndefined();
          else expect(err?.code).toBe('INVALID_INPUT');
        }),
        { numRuns: RUNS },
      );
    }
    expect(session.streamCount()).toBe(0);
  }, 300_000);

  it('never throws on arbitrary frames, and answers each with a message, not a crash', () => {
    const sent: ServerMessage[] = [];
    const session = createSession(api, acceptingHandlers(), new EventBus(api), { send: (m) => sent.push(m) });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 500 }), jsonish.map((j) => JSON.stringify(j))), (frame) => {
        expect(() => session.handle(frame)).not.toThrow();
      }),
      { numRuns: RUNS * 10 },
    );
  }, 300_000);
});
