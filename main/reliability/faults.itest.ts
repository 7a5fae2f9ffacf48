// Faults on the real engine: dockerd restarted under open streams; the engine absent at start, then appearing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import type { ContainerSummary, EngineStatus } from '../../app/model.js';
import { createCore, type Core } from '../core/api.js';
import { BUSYBOX, cleanupTestObjects, startCore, TEST_LABEL, uniqueName } from '../core/testing/engine.js';
import { startServer, type RunningServer } from '../server/server.js';
import { connectClient } from '../server/testClient.js';
import { socketProxy, startDockerd, stopDockerd } from './dockerd.js';

const enabled = process.env.BERTH_FAULT_TESTS === '1';

async function until<T>(fn: () => T | undefined | false, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!enabled)('faults', () => {
  const docker = new Docker();
  let core: Core | undefined;
  let server: RunningServer | undefined;

  afterAll(async () => {
    startDockerd();
    await server?.close();
    core?.dispose();
    await cleanupTestObjects();
  });

  it('dockerd restarted while logs follow and a terminal is open: outage shown, streams end with a message, model re-converges within 2 s', async () => {
    core = await startCore();
    const staticDir = mkdtempSync(join(tmpdir(), 'berth-static-'));
    server = await startServer({ core, staticDir });
    const { client, opened } = connectClient(server.url, server.token, { reconnect: true });
    await opened;

    // The window's view: a list, then deltas.
    const view = new Map<string, ContainerSummary>();
    for (const c of await client.containers.list({ all: true })) view.set(c.id, c);
    client.containers.changed((d) => {
      for (const c of d.upsert) view.set(c.id, c);
      for (const id of d.remove) view.delete(id);
    });
    const statuses: EngineStatus[] = [];
    client.engine.changed((s) => statuses.push(s));

    const name = uniqueName('chatty');
    await client.containers.run({
      image: BUSYBOX,
      name,
      labels: { [TEST_LABEL]: '1' },
      command: ['sh', '-c', 'trap "exit 0" TERM; i=0; while true; do i=$((i+1)); echo line $i; sleep 0.05; done'],
    });
    let logLines = 0;
    const logsEnded = new Promise<{ err?: string; result?: unknown }>((resolve) => {
      client.containers.logs({ id: name, follow: true }, { onData: (c) => (logLines += c.length), onEnd: (result, err) => resolve({ result, err: err?.message }) });
    });
    let termOut = '';
    const termEnded = new Promise<{ err?: string; result?: unknown }>((resolve) => {
      const h = client.terminals.exec({ id: name, cols: 80, rows: 24 }, { onData: (d) => (termOut += d), onEnd: (result, err) => resolve({ result, err: err?.message }) });
      setTimeout(() => h.write('echo ready-$((40+2))\n'), 300);
    });
    await until(() => logLines > 5 && termOut.includes('ready-42'), 10_000, 'logs and terminal to flow');

    await stopDockerd();
    const down = await until(() => statuses.find((s) => s.state === 'down'), 10_000, 'the outage to be shown');
    expect(down.reason).toMatch(/engine/i);
    const [logsEnd, termEnd] = await Promise.all([logsEnded, termEnded]);
    // Each stream ended — with an error message or a final result — rather than hanging.
    expect(logsEnd.err !== undefined || logsEnd.result !== undefined).toBe(true);
    expect(termEnd.err !== undefined || termEnd.result !== undefined).toBe(true);

    startDockerd();
    await until(() => statuses.filter((s) => s.state === 'up').length > 0 && statuses.at(-1)?.state === 'up', 60_000, 'the engine to come back');
    const upAt = Date.now();
    // Converged: the window's view equals the engine's truth (ids and states) within 2 s of the engine answering.
    const truth = async () => new Map((await docker.listContainers({ all: true })).map((c) => [c.Id, c.State]));
    let converged = false;
    while (!converged && Date.now() - upAt < 2000) {
      const t = await truth();
      converged = t.size === view.size && [...t].every(([id, state]) => view.get(id)?.state === state);
      if (!converged) await new Promise((r) => setTimeout(r, 50));
    }
    expect(converged).toBe(true);
    // And the window keeps working on the new engine process.
    expect((await client.engine.status()).state).toBe('up');
    expect((await client.containers.inspect({ id: name })).Name).toBe(`/${name}`);
  }, 120_000);

  it('engine absent at start: a specific state and how to fix it; recovers by itself when the engine appears', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-absent-'));
    const sock = join(dir, 'docker.sock');
    const c = createCore({ endpointSetting: `unix://${sock}`, connection: { minBackoffMs: 100, maxBackoffMs: 300 } });
    c.start();
    try {
      await until(() => c.ctx.conn.getStatus().state === 'down', 5000, 'down');
      const s = c.ctx.conn.getStatus();
      expect(s.reason).toContain(`No engine socket at ${sock}`);
      expect(s.reason).toMatch(/Start dockerd/);
      await expect(c.handlers.containers!.list({ all: true })).rejects.toMatchObject({ code: 'ENGINE_UNREACHABLE' });
      const proxy = await socketProxy(sock);
      try {
        await c.ready(5000);
        expect((await c.handlers.containers!.list({ all: true })).length).toBeGreaterThanOrEqual(0);
      } finally {
        proxy.close();
      }
    } finally {
      c.dispose();
    }
  }, 30_000);
});
