import { mkdtempSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainersDelta } from '../../app/model.js';
import type { Core } from '../core/api.js';
import { configureLogging } from '../core/log.js';
import { BUSYBOX, cleanupTestObjects, startCore, TEST_LABEL, uniqueName } from '../core/testing/engine.js';
import { startServer, WS_PATH, type RunningServer } from './server.js';
import { connectClient, socketProtocols } from './testClient.js';

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function wsStatus(url: string, headers: Record<string, string> = {}, protocols: string[] = []): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

describe('berth serve', () => {
  let core: Core;
  let server: RunningServer;
  const logFile = join(mkdtempSync(join(tmpdir(), 'berth-log-')), 'core.log');
  const docker = new Docker();

  beforeAll(async () => {
    configureLogging({ level: 'debug', file: logFile });
    core = await startCore();
    const staticDir = mkdtempSync(join(tmpdir(), 'berth-static-'));
    (await import('node:fs')).writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Berth</title>');
    server = await startServer({ core, staticDir, rateLimit: 200 });
  });
  afterAll(async () => {
    configureLogging({ level: 'error', file: '' });
    await server?.close();
    core?.dispose();
    await cleanupTestObjects();
  });

  it('binds to loopback by default', () => {
    expect(server.host).toBe('127.0.0.1');
  });

  it('serves the page (no secrets in it) with its CSP and sets no cookie; the printed URL carries the token in its fragment', async () => {
    expect(server.openUrl).toBe(`${server.url}#token=${server.token}`);
    const page = await get(server.url);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a foreign Host header (DNS rebinding) with 403', async () => {
    expect((await get(server.url, { Host: 'evil.example:80' })).status).toBe(403);
  });

  it('refuses WebSockets without the token (401) or from a foreign Origin (403)', async () => {
    const base = `ws://127.0.0.1:${server.port}${WS_PATH}`;
    expect(await wsStatus(base)).toBe(401);
    expect(await wsStatus(`${base}?token=${server.token}`)).toBe(401);
    expect(await wsStatus(base, { Origin: 'http://evil.example' }, socketProtocols(server.token))).toBe(403);
    expect(await wsStatus(base, { Origin: `http://127.0.0.1:${server.port}` }, socketProtocols(server.token))).toBe(101);
  });

  it('never writes the token to the log', () => {
    expect(readFileSync(logFile, 'utf8')).not.toContain(server.token);
  });

  it('answers typed requests from the real engine and refuses bad input with INVALID_INPUT', async () => {
    const { client, transport, opened } = connectClient(server.url, server.token);
    await opened;
    const v = await client.engine.version();
    expect(v.apiVersion).toMatch(/^1\.\d+$/);
    const status = await client.engine.status();
    expect(status.state).toBe('up');
    await expect(transport.request('engine.nope', undefined)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(transport.request('engine.prune', { containers: 'yes' })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'containers' });
    transport.close();
  });

  it('pushes container changes made outside Berth (docker CLI, compose) as events', async () => {
    const { client, transport, opened } = connectClient(server.url, server.token);
    await opened;
    const name = uniqueName('evt');
    const seen = new Promise<ContainersDelta>((resolve) => {
      client.containers.changed((d) => {
        if (d.upsert.some((c) => c.name === name)) resolve(d);
      });
    });
    await new Promise((r) => setTimeout(r, 100));
    await docker.createContainer({ Image: BUSYBOX, name, Cmd: ['true'], Labels: { [TEST_LABEL]: '1' } });
    const d = await seen;
    expect(d.upsert.find((c) => c.name === name)?.state).toBe('created');
    transport.close();
  });

  it('survives malformed frames, oversized messages and floods; other clients stay served', async () => {
    const base = `ws://127.0.0.1:${server.port}${WS_PATH}`;
    const bad = new WebSocket(base, socketProtocols(server.token));
    await new Promise((r) => bad.on('open', r));
    const fatals: string[] = [];
    bad.on('message', (d) => {
      const m = JSON.parse(d.toString()) as { t: string; err?: { code: string } };
      if (m.t === 'fatal') fatals.push(m.err?.code ?? '');
    });
    bad.send('not json');
    bad.send(JSON.stringify({ t: 'open', sid: -1, ch: 'x' }));
    // Both answers are polled for: a fixed 100 ms could pass before they came on a loaded machine.
    await expect.poll(() => fatals, { timeout: 5_000, interval: 20 }).toEqual(['INVALID_INPUT', 'INVALID_INPUT']);
    const closed = new Promise<number>((r) => bad.on('close', (code) => r(code)));
    bad.send('x'.repeat(2 * 1024 * 1024));
    expect(await closed).toBe(1009);

    const flood = new WebSocket(base, socketProtocols(server.token));
    await new Promise((r) => flood.on('open', r));
    const floodClosed = new Promise<number>((r) => flood.on('close', (code) => r(code)));
    for (let i = 0; i < 500; i++) flood.send(JSON.stringify({ t: 'req', id: i, ch: 'engine.status' }));
    expect(await floodClosed).toBe(1008);

    const { client, transport, opened } = connectClient(server.url, server.token);
    await opened;
    expect((await client.engine.status()).state).toBe('up');
    transport.close();
  });
});
