// One client's session over the message protocol: validates every message, dispatches through the core's one dispatcher, flow-controls streams.
import { lookup, type Contract, type Disposer } from '../../app/contract.js';
import type { WireError } from '../../app/errors.js';
import { ClientMessage, LIMITS, type ServerMessage } from '../../app/protocol.js';
import type { EventBus } from './bus.js';
import { toWireError } from './errors.js';
import { createDispatcher, type Dispatcher, type HandlerTable, type Sink, type StreamControl } from './handlers.js';
import { createLogger } from './log.js';

const log = createLogger('session');

export interface Peer {
  send(msg: ServerMessage): void;
}

interface StreamState {
  control?: StreamControl;
  abort: AbortController;
  unacked: number;
  buffered: ServerMessage[];
  drain: (() => void)[];
  paused: boolean;
  done: boolean;
  /** Keystrokes and resizes that arrived before the handler was ready (replayed, bounded). */
  early: ({ t: 'write'; data: string } | { t: 'resize'; cols: number; rows: number })[];
}

const MAX_EARLY = 256;

export interface Session {
  /** Feed one raw text frame from the client. */
  handle(text: string): void;
  dispose(): void;
  /** Open streams (for tests and limits). */
  streamCount(): number;
}

export interface SessionOptions {
  /** Serve requests on this session (default true); Electron's stream port says no: requests there go through invoke. */
  requests?: boolean;
}

/** A session over `handlers`, checked against `contract`. */
export function createSession<C extends Contract>(contract: C, handlers: HandlerTable<C>, bus: EventBus, peer: Peer): Session {
  return serveSession(createDispatcher(contract, handlers), bus, peer);
}

/** A session over a dispatcher a host already made (the desktop host shares one between IPC and its own calls). */
export function serveSession(dispatcher: Dispatcher, bus: EventBus, peer: Peer, opts: SessionOptions = {}): Session {
  const { contract } = dispatcher;
  const servesRequests = opts.requests ?? true;
  const streams = new Map<number, StreamState>();
  const subs = new Map<string, Disposer>();

  const reject = (id: number, err: WireError) => peer.send({ t: 'res', id, ok: false, err });

  const onRequest = async (id: number, ch: string, input: unknown, engine: string | undefined) => {
    if (!servesRequests) return reject(id, { code: 'INVALID_INPUT', message: `Unknown request "${ch.slice(0, 100)}".` });
    peer.send({ t: 'res', id, ...(await dispatcher.answer(ch, input, engine)) });
  };

  const finish = (sid: number, st: StreamState, msg: ServerMessage) => {
    if (st.done) return;
    st.done = true;
    st.abort.abort();
    // Deliver what is buffered, then the end, so nothing a consumer was owed is lost.
    for (const m of st.buffered.splice(0)) peer.send(m);
    peer.send(msg);
    streams.delete(sid);
  };

  const makeSink = (sid: number, st: StreamState): Sink<unknown, unknown> => ({
    push(chunk) {
      if (st.done) return false;
      const msg: ServerMessage = { t: 'data', sid, chunk };
      if (st.unacked >= LIMITS.highWater) {
        st.buffered.push(msg);
        st.paused = true;
        if (st.buffered.length > LIMITS.hardCap) {
          const err: WireError = { code: 'CANCELLED', message: 'The window stopped reading this stream; it was closed to protect memory.' };
          st.buffered.length = 0;
          st.control?.close();
          finish(sid, st, { t: 'end', sid, err });
        }
        return false;
      }
      st.unacked++;
      peer.send(msg);
      if (st.unacked >= LIMITS.highWater) st.paused = true;
      return !st.paused;
    },
    onDrain(cb) {
      st.drain.push(cb);
    },
    end(result) {
      finish(sid, st, result === undefined ? { t: 'end', sid } : { t: 'end', sid, result });
    },
    fail(err) {
      finish(sid, st, { t: 'end', sid, err: toWireError(err, `stream ${sid}`) });
    },
    signal: st.abort.signal,
  });

  const onAck = (st: StreamState, n: number) => {
    st.unacked = Math.max(0, st.unacked - n);
    while (st.buffered.length > 0 && st.unacked < LIMITS.highWater) {
      const m = st.buffered.shift() as ServerMessage;
      st.unacked++;
      peer.send(m);
    }
    if (st.paused && st.buffered.length === 0 && st.unacked <= LIMITS.lowWater) {
      st.paused = false;
      for (const cb of st.drain.splice(0)) cb();
    }
  };

  const onOpen = async (sid: number, ch: string, input: unknown, engine: string | undefined) => {
    const endWith = (err: WireError) => peer.send({ t: 'end', sid, err });
    if (streams.has(sid)) return endWith({ code: 'INVALID_INPUT', message: 'Stream id already in use.' });
    if (streams.size >= LIMITS.maxStreams) return endWith({ code: 'CONFLICT', message: `Too many open streams (limit ${LIMITS.maxStreams}); close some tabs.` });
    const opener = dispatcher.stream(ch, engine);
    if ('err' in opener) return endWith(opener.err);
    const st: StreamState = { abort: new AbortController(), unacked: 0, buffered: [], drain: [], paused: false, done: false, early: [] };
    streams.set(sid, st);
    try {
      const control = await opener.open(input, makeSink(sid, st));
      if (st.done) control.close();
      else {
        st.control = control;
        for (const m of st.early.splice(0)) {
          if (m.t === 'write') control.write?.(m.data);
          else control.resize?.(m.cols, m.rows);
        }
      }
    } catch (e) {
      finish(sid, st, { t: 'end', sid, err: toWireError(e, ch) });
    }
  };

  const closeStream = (sid: number) => {
    const st = streams.get(sid);
    if (!st) return;
    st.done = true;
    st.abort.abort();
    streams.delete(sid);
    try {
      st.control?.close();
    } catch (e) {
      log.warn(`closing stream ${sid} failed`, e);
    }
  };

  const onSub = (ch: string) => {
    const entry = lookup(contract, ch);
    if (!entry || entry.def.kind !== 'event' || subs.has(ch)) return;
    subs.set(ch, bus.subscribe(ch, (payload) => peer.send({ t: 'evt', ch, payload })));
  };

  return {
    handle(text) {
      if (text.length > LIMITS.maxClientMessage) {
        peer.send({ t: 'fatal', err: { code: 'INVALID_INPUT', message: `Message too large (limit ${LIMITS.maxClientMessage} bytes).` } });
        return;
      }
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        peer.send({ t: 'fatal', err: { code: 'INVALID_INPUT', message: 'Message is not valid JSON.' } });
        return;
      }
      const parsed = ClientMessage.safeParse(raw);
      if (!parsed.success) {
        const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'number' ? (raw as { id: number }).id : undefined;
        const err = toWireError(parsed.error);
        if (id !== undefined && (raw as { t?: unknown }).t === 'req') reject(id, err);
        else peer.send({ t: 'fatal', err });
        return;
      }
      const m = parsed.data;
      switch (m.t) {
        case 'req':
          void onRequest(m.id, m.ch, m.in, m.engine);
          return;
        case 'open':
          void onOpen(m.sid, m.ch, m.in, m.engine);
          return;
        case 'write':
        case 'resize': {
          const st = streams.get(m.sid);
          if (!st) return;
          if (!st.control) {
            // The handler is still opening (an exec being created): keep the first keys and the size.
            if (st.early.length < MAX_EARLY) st.early.push(m.t === 'write' ? { t: 'write', data: m.data } : { t: 'resize', cols: m.cols, rows: m.rows });
            return;
          }
          if (m.t === 'write') st.control.write?.(m.data);
          else st.control.resize?.(m.cols, m.rows);
          return;
        }
        case 'ack': {
          const st = streams.get(m.sid);
          if (st) onAck(st, m.n);
          return;
        }
        case 'close':
          closeStream(m.sid);
          return;
        case 'sub':
          onSub(m.ch);
          return;
        case 'unsub':
          subs.get(m.ch)?.();
          subs.delete(m.ch);
          return;
      }
    },
    dispose() {
      for (const sid of [...streams.keys()]) closeStream(sid);
      for (const d of subs.values()) d();
      subs.clear();
    },
    streamCount: () => streams.size,
  };
}

