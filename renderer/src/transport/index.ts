// The one way the window reaches the core: Electron's preload transport when present, else WebSocket at /api.
import { api, type Api } from '../../../app/api.js';
import { createClient, type Transport } from '../../../app/client.js';
import type { ClientOf, Disposer } from '../../../app/contract.js';
import { createMessageTransport, type ConnectionState, type SocketLike } from '../../../app/messageTransport.js';

declare global {
  interface Window {
    /** Set by the Electron preload: the same contract over IPC. */
    berthTransport?: Transport & { state?(): ConnectionState; onState?(cb: (s: ConnectionState) => void): Disposer };
  }
}

export type BerthClient = ClientOf<Api>;

export interface Connection {
  client: BerthClient;
  state(): ConnectionState;
  onState(cb: (s: ConnectionState) => void): Disposer;
}

/** ws(s)://<this host>/api: same origin, authenticated by the cookie `berth serve` set. */
export function webSocketUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/api`;
}

export function connect(): Connection {
  const preload = window.berthTransport;
  if (preload) {
    return {
      client: createClient(api, preload),
      state: () => preload.state?.() ?? 'open',
      onState: (cb) => preload.onState?.(cb) ?? (() => undefined),
    };
  }
  const url = webSocketUrl(window.location);
  const t = createMessageTransport(() => new WebSocket(url) as unknown as SocketLike, { maxBackoffMs: 2000 });
  return { client: createClient(api, t), state: () => t.state(), onState: (cb) => t.onState(cb) };
}

let current: Connection | undefined;

/** The window's connection; tests install their own with `setConnection`. */
export function connection(): Connection {
  if (!current) current = connect();
  return current;
}

export function setConnection(c: Connection | undefined): void {
  current = c;
}

/** True inside the desktop app (Electron's preload put its transport on the window); false in a browser on `berth serve`. */
export function isDesktop(): boolean {
  return typeof window !== 'undefined' && window.berthTransport !== undefined;
}

/** Shorthand for `connection().client`. */
export function client(): BerthClient {
  return connection().client;
}
