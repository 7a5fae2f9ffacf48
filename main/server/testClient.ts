// A typed contract client over the `ws` package, for tests, benchmarks and scripts that talk to `berth serve`.
import WebSocket, { type ClientOptions } from 'ws';
import { api } from '../../app/api.js';
import { createClient } from '../../app/client.js';
import { createMessageTransport, type MessageTransport, type SocketLike } from '../../app/messageTransport.js';
import { TOKEN_PROTOCOL_PREFIX, WS_PROTOCOL } from './auth.js';
import { WS_PATH } from './server.js';

/** The subprotocols a client offers: the Berth protocol and the token (how `berth serve` authenticates a socket). */
export function socketProtocols(token: string): string[] {
  return [WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];
}

/** `baseUrl` is the server's URL (http:// or https://); `ws` passes options to the socket (a CA for a test certificate). */
export function connectClient(baseUrl: string, token: string, opts: { reconnect?: boolean; ws?: ClientOptions } = {}) {
  const wsUrl = `${baseUrl.replace(/^http/, 'ws').replace(/[#?].*$/, '').replace(/\/$/, '')}${WS_PATH}`;
  const transport: MessageTransport = createMessageTransport(() => new WebSocket(wsUrl, socketProtocols(token), opts.ws) as unknown as SocketLike, { reconnect: opts.reconnect ?? false });
  const client = createClient(api, transport);
  const opened = new Promise<void>((resolve, reject) => {
    const off = transport.onState((s) => {
      if (s === 'open') {
        off();
        resolve();
      } else if (s === 'closed') {
        off();
        reject(new Error('connection closed before it opened'));
      }
    });
  });
  return { client, transport, opened };
}
