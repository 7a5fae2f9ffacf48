// The `berth serve` access token in the browser: taken from the printed URL's fragment, kept in this tab's sessionStorage, sent only as a WebSocket subprotocol.

/** The same names as main/server/auth.ts (the renderer cannot import from main/). */
export const WS_PROTOCOL = 'berth.v1';
export const TOKEN_PROTOCOL_PREFIX = 'berth.token.';
/** sessionStorage key: per tab, survives a reload, never sent anywhere by the browser. */
export const TOKEN_KEY = 'berth.token';

const FRAGMENT = /^#token=([A-Za-z0-9_-]+)$/;

export interface TokenPlace {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;
}

/** Where sessionStorage is unavailable (disabled by the person), the token lives as long as the page. */
let inMemory: string | undefined;

function store(place: TokenPlace, token: string): void {
  inMemory = token;
  try {
    place.storage?.setItem(TOKEN_KEY, token);
  } catch {
    // Storage refused (quota, privacy settings): the in-memory copy serves this page.
  }
}

/**
 * Moves a `#token=…` in the address bar into sessionStorage and removes it from the address bar and this history
 * entry (history.replaceState). Returns the token it moved, if any.
 */
export function takeTokenFromUrl(place: TokenPlace): string | undefined {
  const m = FRAGMENT.exec(place.location.hash);
  const token = m?.[1];
  if (!token) return undefined;
  store(place, token);
  place.history.replaceState(place.history.state, '', `${place.location.pathname}${place.location.search}`);
  return token;
}

/** The token for the next WebSocket: a fresh one from the address bar, else this tab's stored one. */
export function currentToken(place: TokenPlace): string | undefined {
  const fresh = takeTokenFromUrl(place);
  if (fresh) return fresh;
  try {
    return place.storage?.getItem(TOKEN_KEY) ?? inMemory;
  } catch {
    return inMemory;
  }
}

/** The subprotocols a window offers: the Berth protocol, and the token when there is one. */
export function socketProtocols(token: string | undefined): string[] {
  return token ? [WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`] : [WS_PROTOCOL];
}

/** This window's place: its location, history and sessionStorage (which may throw when storage is disabled). */
export function browserPlace(): TokenPlace {
  let storage: Storage | undefined;
  try {
    storage = window.sessionStorage;
  } catch {
    storage = undefined;
  }
  return { location: window.location, history: window.history, storage };
}
