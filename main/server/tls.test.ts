// M4 (issue 13): with --tls-cert/--tls-key `berth serve` speaks HTTPS and WSS (a certificate made here); a non-loopback address needs it.
import { request } from 'node:https';
import { request as plainRequest } from 'node:http';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, WS_PATH, type RunningServer } from './server.js';
import { selfSignedCert } from './testCert.js';
import { connectClient, socketProtocols } from './testClient.js';
import { fakeCore, staticFolder } from './testing.js';


function httpsGet(url: string, ca: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function wssStatus(url: string, ca: string, protocols: string[], headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, protocols, { ca, headers });
    ws.on('open', () => (ws.close(), resolve(101)));
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

describe('berth serve over TLS', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  // Loopback only: tests here never send traffic to any other address, even this machine's own.
  const hosts = ['127.0.0.1'];
  for (const host of hosts) {
    it(`serves HTTPS and WSS on ${host} with the given certificate; the token still guards /api`, async () => {
      const { cert, key } = selfSignedCert([host]);
      server = await startServer({ core: fakeCore().core, staticDir: staticFolder(), host, tls: { cert, key } });
      expect(server.url).toBe(`https://${host}:${server.port}/`);
      expect(server.openUrl).toBe(`https://${host}:${server.port}/#token=${server.token}`);
      const page = await httpsGet(server.url, cert);
      expect(page.status).toBe(200);
      expect(page.body).toContain('<title>Berth</title>');
      // Clear text is not spoken on that port.
      const plain = await new Promise<number | string>((resolve) => {
        plainRequest(`http://${host}:${server?.port}/`, (res) => resolve(res.statusCode ?? 0))
          .on('error', (e) => resolve(e.message))
          .end();
      });
      expect(plain).not.toBe(200);
      const wss = `wss://${host}:${server.port}${WS_PATH}`;
      expect(await wssStatus(wss, cert, [])).toBe(401);
      expect(await wssStatus(wss, cert, socketProtocols(server.token), { Origin: `http://${host}:${server.port}` })).toBe(403);
      expect(await wssStatus(wss, cert, socketProtocols(server.token), { Origin: `https://${host}:${server.port}` })).toBe(101);
      const { client, transport, opened } = connectClient(server.url, server.token, { ws: { ca: cert } });
      await opened;
      expect((await client.engine.status()).state).toBe('up');
      transport.close();
    });
  }

  it('refuses a non-loopback address without TLS, and a certificate and key that do not load', async () => {
    const core = fakeCore().core;
    // Refused before anything binds (a documentation address, never contacted).
    await expect(startServer({ core, staticDir: staticFolder(), host: '192.0.2.2' })).rejects.toThrow(/--tls-cert FILE --tls-key FILE.*ssh -L/);
    const a = selfSignedCert(['127.0.0.1']);
    const b = selfSignedCert(['127.0.0.1']);
    await expect(startServer({ core, staticDir: staticFolder(), tls: { cert: a.cert, key: 'not a key' } })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'tls' });
    await expect(startServer({ core, staticDir: staticFolder(), tls: { cert: a.cert, key: b.key } })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'tls' });
  });
});
