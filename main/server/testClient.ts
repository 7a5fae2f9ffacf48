// A typed contract client over the `ws` package, for tests, benchmarks and scripts that talk to `berth serve`.
import WebSocket from 'ws';
import { api } from '../../app/api.js';
import { createClient } from '../../app/client.js';
import { createMessageTransport, type MessageTransport, type SocketLike } from '../../app/messageTransport.js';
import { WS_PATH } from './server.js';

export function connectClient(baseUrl: string, token: string, opts: { reconnect?: boolean } = {}) {
  const wsUrl = `${baseUrl.replace(/^http/, 'ws').replace(/\/$/, '')}${WS_PATH}?token=${encodeURIComponent(token)}`;
  const transport: MessageTransport = createMessageTransport(() => new WebSocket(wsUrl) as unknown as SocketLike, { reconnect: opts.reconnect ?? false });
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
