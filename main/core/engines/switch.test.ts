// The current engine switched without a restart, over fake engines on unix sockets: the lists and events follow it, a
// down engine is refused with its reason, a stream keeps its engine, requests that name an engine go there.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { api } from '../../../app/api.js';
import type { ContainersDelta, VolumesDelta } from '../../../app/model.js';
import { EventBus } from '../bus.js';
import { EngineConnection } from '../engine/link/connection.js';
import { FakeSink, waitFor } from '../engine/containers-testkit.js';
import { EngineModel } from '../engine/link/model.js';
import type { HandlerTable } from '../handlers.js';
import { EngineCatalog, memoryEngineStore } from './catalog.js';
import { EngineSwitch, type EngineHandlers } from './switch.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-sw-'));
  cleanups.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

/** An engine with one container named `<name>-web` and one volume `<name>-data`. */
async function fakeEngine(dir: string, name: string): Promise<string> {
  const sock = path.join(dir, `${name}.sock`);
  const container = { Id: `${name}-id`, Names: [`/${name}-web`], Image: 'nginx', ImageID: 'sha256:1', Command: 'nginx', Created: 1, State: 'running', Status: 'Up', Ports: [], Labels: {}, Mounts: [] };
  const server = http.createServer((req, res) => {
    const p = (req.url ?? '').replace(/^\/v[\d.]+/, '');
    const json = (v: unknown) => void res.setHeader('content-type', 'application/json').end(JSON.stringify(v));
    if (p.startsWith('/_ping')) return void res.end('OK');
    if (p.startsWith('/version')) return json({ Version: `27.0-${name}`, ApiVersion: '1.41', Os: 'linux', Arch: 'amd64' });
    if (p.startsWith('/events')) return void res.writeHead(200, { 'content-type': 'application/json' }).flushHeaders();
    if (p.startsWith('/containers/json')) return json([container]);
    if (p.startsWith('/volumes')) return json({ Volumes: [{ Name: `${name}-data`, Driver: 'local', Mountpoint: `/v/${name}-data`, Labels: null, Scope: 'local' }] });
    json([]);
  });
  await new Promise<void>((r) => server.listen(sock, r));
  cleanups.push(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));
  return sock;
}

interface Setup {
  sw: EngineSwitch;
  bus: EventBus;
  catalog: EngineCatalog;
  remembered: string[];
  streams: { engine: string; sink: FakeSink<string, unknown> }[];
}

async function setup(): Promise<Setup> {
  const dir = tmp();
  const a = await fakeEngine(dir, 'alpha');
  const b = await fakeEngine(dir, 'beta');
  const catalog = new EngineCatalog({
    home: path.join(dir, 'home'),
    env: { DOCKER_HOST: `unix://${a}`, DOCKER_CONFIG: path.join(dir, 'docker') },
    userHome: dir,
    added: memoryEngineStore([{ name: 'beta', url: `unix://${b}` }, { name: 'gone', url: `unix://${path.join(dir, 'none.sock')}` }]),
    probeTimeoutMs: 1000,
    lingerMs: 0,
    connection: { maxBackoffMs: 200 },
  });
  const bus = new EventBus(api);
  const conn = new EngineConnection({ kind: 'socket', label: 'Local socket', address: a });
  const model = new EngineModel(conn, EngineSwitch.launchListeners(bus, 'host'));
  conn.start();
  const remembered: string[] = [];
  const streams: Setup['streams'] = [];
  const build = (c: EngineConnection, m: EngineModel): EngineHandlers => {
    const t: HandlerTable<typeof api> = {
      containers: { list: () => Promise.resolve([...m.containers.values()]) },
      engine: { version: async () => (await c.docker.version()) as never },
      terminals: {
        exec: (_input, sink) => {
          streams.push({ engine: c.endpoint.address, sink: sink as FakeSink<string, unknown> });
          return { close: () => undefined };
        },
      },
    };
    return t;
  };
  const sw = new EngineSwitch({ catalog, launch: { id: 'host', name: 'default', conn, model }, bus, build, remember: async (id) => void remembered.push(id), readyTimeoutMs: 3000 });
  cleanups.push(async () => {
    sw.dispose();
    model.dispose();
    conn.stop();
    await catalog.dispose();
  });
  await waitFor(() => conn.getStatus().state === 'up', 5000, 'alpha up');
  return { sw, bus, catalog, remembered, streams };
}

type List = () => Promise<{ name: string }[]>;
const listOf = (t: EngineHandlers) => (t.containers?.list as unknown as List)();
const names = async (t: EngineHandlers) => (await listOf(t)).map((c) => c.name);

describe('switching the current engine', () => {
  it('moves the lists, the status and the events to the chosen engine, remembers it, and releases the one left', async () => {
    const { sw, bus, catalog, remembered } = await setup();
    const current = sw.handlers();
    await waitFor(async () => (await names(current)).length > 0, 5000, 'alpha listed');
    expect(await names(current)).toEqual(['alpha-web']);

    const switched: unknown[] = [];
    const statuses: string[] = [];
    const deltas: ContainersDelta[] = [];
    bus.on(api.engines.switched, (e) => switched.push(e));
    bus.on(api.engine.changed, (s) => statuses.push(`${s.state} ${s.version ?? ''}`));
    bus.on(api.containers.changed, (d) => deltas.push(d));

    const entry = await sw.use('added:beta');
    expect(entry).toMatchObject({ id: 'added:beta', name: 'beta' });
    expect(sw.currentEngine()).toEqual({ id: 'added:beta', name: 'beta' });
    expect(switched).toEqual([{ id: 'added:beta', name: 'beta' }]);
    expect(statuses.at(-1)).toBe('up 27.0-beta');
    expect(remembered).toEqual(['added:beta']);
    await waitFor(async () => (await names(current)).length > 0, 5000, 'beta listed');
    expect(await names(current)).toEqual(['beta-web']);
    // Deltas say which engine they describe: the window keeps only its current engine's.
    expect(deltas.every((d) => d.engine === 'added:beta')).toBe(true);
    expect(catalog.pool.inUse()).toEqual(['added:beta']);

    await sw.use('host');
    expect(await names(current)).toEqual(['alpha-web']);
    expect(statuses.at(-1)).toBe('up 27.0-alpha');
    await waitFor(() => catalog.pool.inUse().length === 0, 2000, 'beta closed');
  });

  it('refuses an engine that is down with its reason, and stays on the current one', async () => {
    const { sw, catalog, remembered } = await setup();
    const err = await sw.use('added:gone').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ENGINE_UNREACHABLE', message: expect.stringMatching(/^gone is down: .*none\.sock/) });
    expect(sw.currentEngine().id).toBe('host');
    expect(remembered).toEqual([]);
    await waitFor(() => catalog.pool.inUse().length === 0, 2000, 'gone released');
    await expect(sw.use('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(sw.currentEngine().id).toBe('host');
  });

  it('a stream opened on an engine keeps it after the window switches away, until the stream ends', async () => {
    const { sw, catalog, streams } = await setup();
    await sw.use('added:beta');
    const sink = new FakeSink<string, unknown>();
    await (sw.handlers().terminals?.exec as unknown as (i: unknown, s: FakeSink<string, unknown>) => Promise<unknown>)({ id: 'beta-id' }, sink);
    expect(streams[0]?.engine).toMatch(/beta\.sock$/);
    await sw.use('host');
    // The switch released the current lease; the terminal's own keeps beta connected.
    await new Promise((r) => setTimeout(r, 50));
    expect(catalog.pool.inUse()).toEqual(['added:beta']);
    expect(catalog.pool.connection('added:beta')?.getStatus().state).toBe('up');
    sink.close();
    await waitFor(() => catalog.pool.inUse().length === 0, 2000, 'beta closed after the stream');
  });

  it('a request that names an engine goes there, whatever the current one', async () => {
    const { sw, catalog } = await setup();
    const beta = sw.on('added:beta');
    expect(((await (beta.engine?.version as unknown as () => Promise<{ Version: string }>)()) as { Version: string }).Version).toBe('27.0-beta');
    expect(sw.currentEngine().id).toBe('host');
    expect(((await (sw.on('host').engine?.version as unknown as () => Promise<{ Version: string }>)()) as { Version: string }).Version).toBe('27.0-alpha');
    await waitFor(() => catalog.pool.inUse().length === 0, 2000, 'beta released after the request');
    expect(() => sw.on('nope').engine?.version?.(undefined as never)).toThrow(/no engine "nope"/);
  });

  it('holding engines keeps them connected and sends their objects, tagged, until the hold ends', async () => {
    const { sw, bus, catalog } = await setup();
    const deltas: ContainersDelta[] = [];
    const volumes: VolumesDelta[] = [];
    bus.on(api.containers.changed, (d) => deltas.push(d));
    bus.on(api.volumes.changed, (d) => volumes.push(d));
    const hold = new AbortController();
    sw.hold(['host', 'added:beta', 'added:gone'], hold.signal);
    await waitFor(() => deltas.some((d) => d.engine === 'added:beta' && d.upsert.some((c) => c.name === 'beta-web')), 5000, 'beta objects');
    await waitFor(() => volumes.some((d) => d.engine === 'added:beta' && d.upsert.some((v) => v.name === 'beta-data')), 5000, 'beta volumes');
    expect(catalog.pool.inUse().sort()).toEqual(['added:beta', 'added:gone']);
    // Held again while still connected: its objects now, volumes among them, for the view that just opened.
    volumes.length = 0;
    const again = new AbortController();
    sw.hold(['added:beta'], again.signal);
    expect(volumes.filter((d) => d.engine === 'added:beta').flatMap((d) => d.upsert.map((v) => v.name))).toEqual(['beta-data']);
    hold.abort();
    again.abort();
    await waitFor(() => catalog.pool.inUse().length === 0, 2000, 'released');
  });
});
