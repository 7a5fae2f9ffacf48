// Switching engines in a real core over two real dockerds (the host's and the second-dockerd fixture, found through a
// real docker context): the lists follow the current engine only, a refusing SSH context gives its own error while the
// others work, requests that name an engine go there, and a terminal opened before a switch keeps working.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../../app/api.js';
import type { ContainersDelta } from '../../../app/model.js';
import { createCore, type Core } from '../api.js';
import { FakeSink, waitFor } from '../engine/containers-testkit.js';
import { createDispatcher, type Dispatcher } from '../handlers.js';
import { openSettings } from '../settings/store.js';
import { importBusyboxImage } from '../testing/busybox-image.js';
import { freeLoopbackPort } from '../testing/ports.js';
import { startSecondDockerd, type SecondDockerd } from '../testing/second-dockerd.js';
import { TEST_LABEL, uniqueName } from '../testing/engine.js';

const IMAGE = 'berth-test/switch-busybox:1';
const hostAnswers = () => new Docker({ socketPath: '/var/run/docker.sock', timeout: 3000 }).ping().then(() => true, () => false);

describe('engines: switching the current engine between two real dockerds', () => {
  let second: SecondDockerd;
  let standIn: SecondDockerd | undefined;
  let hostDocker: Docker;
  let tmp: string;
  let core: Core;
  let d: Dispatcher;
  const saved = { DOCKER_CONFIG: process.env.DOCKER_CONFIG, DOCKER_HOST: process.env.DOCKER_HOST, DOCKER_CONTEXT: process.env.DOCKER_CONTEXT };
  const names = { host: uniqueName('on-host'), second: uniqueName('on-second') };
  const deltas: ContainersDelta[] = [];

  const containerNames = async (engine?: string) => ((await d.call('containers.list', { all: true }, engine)) as { name: string }[]).map((c) => c.name);

  beforeAll(async () => {
    second = await startSecondDockerd();
    if (!(await hostAnswers())) standIn = await startSecondDockerd();
    const hostUrl = standIn ? standIn.url : 'unix:///var/run/docker.sock';
    hostDocker = standIn ? standIn.docker : new Docker({ socketPath: '/var/run/docker.sock' });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-switch-'));
    const config = path.join(tmp, 'docker-config');
    fs.mkdirSync(config);
    const env = { PATH: process.env.PATH, DOCKER_CONFIG: config };
    const docker = (...args: string[]) => execFileSync('docker', args, { env: env as NodeJS.ProcessEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    docker('context', 'create', 'second', '--description', 'the second dockerd', '--docker', `host=${second.url}`);
    docker('context', 'create', 'refusing', '--docker', `host=ssh://${os.userInfo().username}@127.0.0.1:${await freeLoopbackPort()}`);
    // The core reads the contexts and DOCKER_HOST from its environment.
    process.env.DOCKER_CONFIG = config;
    delete process.env.DOCKER_CONTEXT;
    if (standIn) process.env.DOCKER_HOST = standIn.url;

    for (const [url, name] of [[hostUrl, names.host], [second.url, names.second]] as const) {
      importBusyboxImage(IMAGE, { host: url });
      const dk = url === second.url ? second.docker : hostDocker;
      const c = await dk.createContainer({ name, Image: IMAGE, Cmd: ['sleep', '600'], Labels: { [TEST_LABEL]: '1' } });
      await c.start();
    }

    core = createCore({ home: path.join(tmp, 'home') });
    d = createDispatcher(api, core.handlers, { onEngine: (id) => core.onEngine(id) });
    core.bus.on(api.containers.changed, (x) => deltas.push(x));
    core.start();
    await core.ready(20_000);
  }, 120_000);

  afterAll(async () => {
    core?.dispose();
    for (const dk of [hostDocker, second?.docker]) {
      if (!dk) continue;
      const cs = await dk.listContainers({ all: true, filters: JSON.stringify({ label: [TEST_LABEL] }) }).catch(() => []);
      await Promise.all(cs.map((c) => dk.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
    }
    await hostDocker?.getImage(IMAGE).remove({ force: true }).catch(() => undefined);
    await second?.stop();
    await standIn?.stop();
    for (const k of ['DOCKER_CONFIG', 'DOCKER_HOST', 'DOCKER_CONTEXT'] as const) {
      if (saved[k] === undefined) Reflect.deleteProperty(process.env, k);
      else process.env[k] = saved[k];
    }
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('starts on the host engine and shows only its containers', async () => {
    expect(await d.call('engines.current', undefined)).toEqual({ id: 'host', name: 'default' });
    await waitFor(async () => (await containerNames()).includes(names.host), 10_000, 'host container listed');
    expect(await containerNames()).not.toContain(names.second);
  });

  it('switches to the second engine: its containers only, deltas tagged with it, the choice answered with its version', async () => {
    deltas.length = 0;
    const entry = (await d.call('engines.use', { id: 'context:second' })) as { id: string; name: string };
    expect(entry).toMatchObject({ id: 'context:second', name: 'second' });
    expect(await d.call('engines.current', undefined)).toEqual({ id: 'context:second', name: 'second' });
    await waitFor(async () => (await containerNames()).includes(names.second), 10_000, 'second container listed');
    const shown = await containerNames();
    expect(shown).not.toContain(names.host);
    expect(((await d.call('engine.version', undefined)) as { version: string }).version).toBe(((await second.docker.version()) as { Version: string }).Version);
    // What the second engine's model sent names it; nothing of it went out as the host's.
    await waitFor(() => deltas.some((x) => x.engine === 'context:second'), 10_000, 'a delta of the second engine');
    expect(deltas.filter((x) => x.upsert.some((c) => c.name === names.second)).every((x) => x.engine === 'context:second')).toBe(true);
    // A request that names the host's engine goes there meanwhile.
    expect(await containerNames('host')).toContain(names.host);
    expect(await containerNames('host')).not.toContain(names.second);
  });

  it('an SSH context that refuses gives its own error; the window stays on its engine and every other engine works', async () => {
    const err = await d.call('engines.use', { id: 'context:refusing' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ENGINE_UNREACHABLE', message: expect.stringMatching(/^refusing is down: 127\.0\.0\.1:\d+ refused the connection/) });
    expect(await d.call('engines.current', undefined)).toEqual({ id: 'context:second', name: 'second' });
    expect(await containerNames()).toContain(names.second);
    expect(await containerNames('host')).toContain(names.host);
    const list = (await d.call('engines.list', undefined)) as { id: string; state: string }[];
    expect(list.find((e) => e.id === 'host')?.state).not.toBe('down');
  });

  it('the choice is kept in settings, and a core started again takes it back (unless --endpoint names one)', async () => {
    const dir = path.join(tmp, 'settings');
    const settings = await openSettings(dir);
    const first = createCore({ home: path.join(tmp, 'home-remember'), settings });
    first.start();
    await first.ready(20_000);
    await createDispatcher(api, first.handlers).call('engines.use', { id: 'context:second' });
    expect(settings.get().currentEngine).toBe('context:second');
    first.dispose();

    const again = createCore({ home: path.join(tmp, 'home-remember'), settings: await openSettings(dir) });
    const d2 = createDispatcher(api, again.handlers);
    again.start();
    await waitFor(async () => ((await d2.call('engines.current', undefined)) as { id: string }).id === 'context:second', 20_000, 'the remembered engine taken back');
    await waitFor(async () => ((await d2.call('containers.list', { all: true })) as { name: string }[]).some((c) => c.name === names.second), 10_000, 'its containers');
    again.dispose();
  });

  it('a terminal opened on an engine keeps working after the window switches to another', async () => {
    const opener = d.stream('terminals.exec');
    if ('err' in opener) throw new Error(opener.err.message);
    const sink = new FakeSink<string, unknown>();
    const control = await opener.open({ id: names.second, cmd: ['cat'], tty: false }, sink);
    await d.call('engines.use', { id: 'host' });
    expect(await containerNames()).toContain(names.host);
    control.write?.('still-here\n');
    await waitFor(() => sink.chunks.join('').includes('still-here'), 10_000, 'the terminal echoes after the switch');
    sink.close();
    control.close();
  });
});
