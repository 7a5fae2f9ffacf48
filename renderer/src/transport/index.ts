// The one way the window reaches the core: Electron's preload transport when present, else WebSocket at /api.
import { api, type Api } from '../../../app/api.js';
import { createClient, type Transport } from '../../../app/client.js';
import type { ClientOf, Disposer } from '../../../app/contract.js';
import { createMessageTransport, type ConnectionState, type SocketLike } from '../../../app/messageTransport.js';
import { browserPlace, currentToken, socketProtocols, takeTokenFromUrl } from './token.js';

declare global {
  interface Window {
    /** Set by the Electron preload: the same contract over IPC. */
    berthTransport?: Transport & { state?(): ConnectionState; onState?(cb: (s: ConnectionState) => void): Disposer };
  }
}

export type BerthClient = ClientOf<Api>;

export interface Connection {
  client: BerthClient;
  /** The client bound to one engine (an engines.list id): its requests and streams go there, whatever the current one. */
  on(engine: string): BerthClient;
  state(): ConnectionState;
  onState(cb: (s: ConnectionState) => void): Disposer;
}

/** A connection's clients over one transport: the current engine's, and one per engine named (made once each). */
export function clientsOver(t: Transport): Pick<Connection, 'client' | 'on'> {
  const bound = new Map<string, BerthClient>();
  return {
    client: createClient(api, t),
    on: (engine) => {
      let c = bound.get(engine);
      if (!c) bound.set(engine, (c = createClient(api, t, { engine })));
      return c;
    },
  };
}

/** ws(s)://<this host>/api: same origin; the token goes along as a subprotocol (see token.ts), never in the URL. */
export function webSocketUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/api`;
}

export function connect(): Connection {
  const preload = window.berthTransport;
  if (preload) {
    return {
      ...clientsOver(preload),
      state: () => preload.state?.() ?? 'open',
      onState: (cb) => preload.onState?.(cb) ?? (() => undefined),
    };
  }
  const url = webSocketUrl(window.location);
  const place = browserPlace();
  // Take a `#token=…` out of the address bar before anything reads the route, and again if one is opened in this tab.
  currentToken(place);
  window.addEventListener('hashchange', () => takeTokenFromUrl(place));
  // Each dial reads the token afresh: a reconnect after the tab was given a new URL uses the new one.
  const t = createMessageTransport(() => new WebSocket(url, socketProtocols(currentToken(place))) as unknown as SocketLike, { maxBackoffMs: 2000 });
  return { ...clientsOver(t), state: () => t.state(), onState: (cb) => t.onState(cb) };
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

/** In a browser on `berth serve` without the token (the URL was opened without its `#token=…`): the window cannot connect. */
export function missingToken(): boolean {
  return !isDesktop() && currentToken(browserPlace()) === undefined;
}

/** Shorthand for `connection().client`. */
export function client(): BerthClient {
  return connection().client;
}

/** The client of one engine: `clientOn(id).containers.stop({ id })` goes to that engine. */
export function clientOn(engine: string): BerthClient {
  return connection().on(engine);
}
