// The client end of the message protocol over any WebSocket-like socket, with reconnect and flow-control acks.
import { Backoff } from './backoff.js';
import type { Disposer, StreamCallbacks, StreamHandle, StreamOptions } from './contract.js';
import type { Transport } from './client.js';
import { BerthError, WireError } from './errors.js';
import type { ClientMessage, ServerMessage } from './protocol.js';

/** The part of a WebSocket this transport uses (browser WebSocket and the `ws` package both fit). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface MessageTransport extends Transport {
  state(): ConnectionState;
  onState(cb: (s: ConnectionState) => void): Disposer;
  close(): void;
}

interface OpenStream {
  cb: StreamCallbacks<unknown, unknown>;
  manualAck: boolean;
}

const OPEN = 1;

export function createMessageTransport(connect: () => SocketLike, opts: { reconnect?: boolean; maxBackoffMs?: number } = {}): MessageTransport {
  let sock: SocketLike | null = null;
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  let closed = false;
  const backoff = new Backoff({ firstMs: 250, maxMs: opts.maxBackoffMs ?? 5000 });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  const subs = new Map<string, Set<(p: unknown) => void>>();
  const streams = new Map<number, OpenStream>();
  const stateCbs = new Set<(s: ConnectionState) => void>();
  const queue: string[] = [];

  const setState = (s: ConnectionState) => {
    if (s === state) return;
    state = s;
    for (const cb of stateCbs) cb(s);
  };
  const send = (m: ClientMessage) => {
    const text = JSON.stringify(m);
    if (sock && sock.readyState === OPEN) sock.send(text);
    else queue.push(text);
  };
  const lost = (): WireError => ({ code: 'DISCONNECTED', message: 'Lost the connection to the Berth core; reconnecting.' });

  const onMessage = (raw: unknown) => {
    if (typeof raw !== 'string') return;
    let m: ServerMessage;
    try {
      m = JSON.parse(raw) as ServerMessage;
    } catch {
      return; // A frame that is not JSON is not ours; the server never sends one.
    }
    switch (m.t) {
      case 'res': {
        const p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        if (m.ok) p.resolve(m.out);
        else p.reject(BerthError.fromWire(WireError.parse(m.err)));
        return;
      }
      case 'evt':
        for (const cb of subs.get(m.ch) ?? []) cb(m.payload);
        return;
      case 'data': {
        const s = streams.get(m.sid);
        if (!s) return;
        s.cb.onData(m.chunk);
        if (!s.manualAck) send({ t: 'ack', sid: m.sid, n: 1 });
        return;
      }
      case 'end': {
        const s = streams.get(m.sid);
        if (!s) return;
        streams.delete(m.sid);
        s.cb.onEnd(m.result, m.err);
        return;
      }
      default:
        return;
    }
  };

  const dial = () => {
    if (closed) return;
    setState('connecting');
    const s = connect();
    sock = s;
    s.onopen = () => {
      backoff.reset();
      setState('open');
      for (const ch of subs.keys()) s.send(JSON.stringify({ t: 'sub', ch } satisfies ClientMessage));
      for (const text of queue.splice(0)) s.send(text);
    };
    s.onmessage = (ev) => onMessage(ev.data);
    s.onerror = () => undefined; // onclose follows and carries the outcome.
    s.onclose = () => {
      if (sock !== s) return;
      sock = null;
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(BerthError.fromWire(lost()));
      }
      for (const [sid, st] of streams) {
        streams.delete(sid);
        st.cb.onEnd(undefined, lost());
      }
      queue.length = 0;
      setState('closed');
      if (!closed && opts.reconnect !== false) {
        setTimeout(dial, backoff.next());
      }
    };
  };
  dial();

  return {
    request(ch, input, o) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        send({ t: 'req', id, ch, ...(input === undefined ? {} : { in: input }), ...(o?.engine ? { engine: o.engine } : {}) });
      });
    },
    subscribe(ch, cb): Disposer {
      let set = subs.get(ch);
      if (!set) {
        set = new Set();
        subs.set(ch, set);
        send({ t: 'sub', ch });
      }
      set.add(cb);
      return () => {
        const cur = subs.get(ch);
        if (!cur) return;
        cur.delete(cb);
        if (cur.size === 0) {
          subs.delete(ch);
          send({ t: 'unsub', ch });
        }
      };
    },
    open(ch, input, cb, o?: StreamOptions): StreamHandle {
      const sid = nextId++;
      const manualAck = o?.manualAck ?? false;
      streams.set(sid, { cb, manualAck });
      send({ t: 'open', sid, ch, in: input, manualAck, ...(o?.engine ? { engine: o.engine } : {}) });
      return {
        write: (data) => send({ t: 'write', sid, data }),
        resize: (cols, rows) => send({ t: 'resize', sid, cols, rows }),
        ack: (n = 1) => send({ t: 'ack', sid, n }),
        close: () => {
          if (!streams.delete(sid)) return;
          send({ t: 'close', sid });
        },
      };
    },
    state: () => state,
    onState(cb) {
      stateCbs.add(cb);
      return () => stateCbs.delete(cb);
    },
    close() {
      closed = true;
      sock?.close();
    },
  };
}
