// Moves between two real engines at once (the host's dockerd, or a stand-in, and a second dockerd): images, volumes, "Recreate on …".
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../../app/api.js';
import type { MoveProgress } from '../../../app/engines.js';
import { EventBus } from '../bus.js';
import { FakeSink } from '../engine/containers-testkit.js';
import { HELPER_LABEL, imageSummaries } from '../engine/link/summaries.js';
import { importBusyboxImage } from '../testing/busybox-image.js';
import { freeLoopbackPort } from '../testing/ports.js';
import { startSecondDockerd, type SecondDockerd } from '../testing/second-dockerd.js';
import { EngineCatalog, memoryEngineStore } from './catalog.js';
import { HELPER_IMAGE } from './move-volume.js';
import { createMoveHandlers } from './moves.js';

const LABEL = 'berth.test';
const run = `${process.pid}-${Date.now().toString(36)}`;
const hostAnswers = () => new Docker({ socketPath: '/var/run/docker.sock', timeout: 3000 }).ping().then(() => true, () => false);

/** Runs a one-off container to its end (no network) and answers its output. */
async function oneOff(docker: Docker, image: string, cmd: string, binds: string[]): Promise<string> {
  const c = await docker.createContainer({ Image: image, Cmd: ['sh', '-c', cmd], Tty: true, Labels: { [LABEL]: '1' }, HostConfig: { Binds: binds, NetworkMode: 'none' } });
  try {
    await c.start();
    const { StatusCode } = (await c.wait()) as { StatusCode: number };
    // With a TTY the log is the plain text (no stream headers), its lines ended by CRLF.
    const text = (await c.logs({ stdout: true, stderr: true })).toString('utf8').replace(/\r\n/g, '\n');
    if (StatusCode !== 0) throw new Error(`${cmd} exited ${StatusCode}: ${text}`);
    return text;
  } finally {
    await c.remove({ force: true });
  }
}

describe('engines: moves between two real engines', () => {
  let second: SecondDockerd;
  let standIn: SecondDockerd | undefined;
  let hostDocker: Docker;
  let hostUrl: string;
  let catalog: EngineCatalog;
  let tmp: string;
  let moves: ReturnType<typeof createMoveHandlers>;
  const image = `berth-test/move:${run}`;
  let imageId: string;
  const made = { containers: [] as string[], volumes: [] as string[], networks: [] as string[], images: [] as string[] };

  /** Opens a move and waits for its end: the progress it sent and its result. */
  async function stream<I, R>(open: (input: I, sink: FakeSink<MoveProgress, R>) => unknown, input: I): Promise<{ chunks: MoveProgress[]; result: R }> {
    const sink = new FakeSink<MoveProgress, R>();
    await open(input, sink);
    const result = await sink.done;
    return { chunks: sink.chunks, result };
  }
  /** Opens a move that must fail (refused at once, or ended with an error) and answers its error. */
  async function failure<I>(open: (input: I, sink: FakeSink<MoveProgress, never>) => unknown, input: I): Promise<unknown> {
    const sink = new FakeSink<MoveProgress, never>();
    try {
      await open(input, sink);
      await sink.done;
    } catch (e) {
      return e;
    }
    throw new Error('the move did not fail');
  }

  beforeAll(async () => {
    second = await startSecondDockerd();
    if (!(await hostAnswers())) standIn = await startSecondDockerd();
    hostDocker = standIn ? standIn.docker : new Docker({ socketPath: '/var/run/docker.sock' });
    hostUrl = standIn ? standIn.url : 'unix:///var/run/docker.sock';
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-move-'));
    imageId = importBusyboxImage(image, { host: hostUrl, id: run });
    const env = { PATH: process.env.PATH, DOCKER_HOST: hostUrl, DOCKER_CONFIG: tmp };
    catalog = new EngineCatalog({ home: path.join(tmp, 'home'), env, userHome: tmp, added: memoryEngineStore([{ name: 'second', url: second.url }]), lingerMs: 0 });
    moves = createMoveHandlers(catalog, { bus: new EventBus(api), home: path.join(tmp, 'home') });
  });

  afterAll(async () => {
    await catalog?.dispose();
    for (const c of made.containers) await hostDocker?.getContainer(c).remove({ force: true, v: true }).catch(() => undefined);
    for (const v of made.volumes) await hostDocker?.getVolume(v).remove({ force: true }).catch(() => undefined);
    for (const n of made.networks) await hostDocker?.getNetwork(n).remove().catch(() => undefined);
    for (const i of [image, ...made.images]) await hostDocker?.getImage(i).remove({ force: true }).catch(() => undefined);
    await second?.stop();
    await standIn?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('an image moved keeps its ID and tag, with progress in bytes; moved again it is skipped', async () => {
    const first = await stream(moves.moveImage, { from: 'host', to: 'added:second', image });
    expect(first.result).toMatchObject({ id: imageId, skipped: false, tags: [image] });
    expect(first.result.bytes).toBeGreaterThan(1_000_000);
    expect((await second.docker.getImage(image).inspect()).Id).toBe(imageId);
    const last = first.chunks.at(-1);
    expect(last).toMatchObject({ step: 'image', bytes: first.result.bytes, status: 'loaded on second' });
    expect(first.chunks[0]?.total).toBeGreaterThan(1_000_000);

    const again = await stream(moves.moveImage, { from: 'host', to: 'added:second', image: imageId });
    expect(again.result).toMatchObject({ id: imageId, skipped: true, bytes: 0 });
    expect(again.chunks.at(-1)?.status).toBe('already on second: same image ID');
  });

  it('a missing image, the same engine twice, an unknown engine: each refused on its field', async () => {
    expect(await failure(moves.moveImage, { from: 'host', to: 'added:second', image: `berth-test/none:${run}` })).toMatchObject({ code: 'IMAGE_NOT_FOUND', field: 'image' });
    expect(await failure(moves.moveImage, { from: 'added:second', to: 'added:second', image })).toMatchObject({ code: 'INVALID_INPUT', field: 'to' });
    expect(await failure(moves.moveImage, { from: 'host', to: 'added:gone', image })).toMatchObject({ code: 'NOT_FOUND', field: 'to' });
  });

  it('closing the stream cancels a move under way: CANCELLED, and the target has no image', async () => {
    const big = `berth-test/move-big:${run}`;
    const bigId = importBusyboxImage(big, { host: hostUrl, id: `${run}-big`, randomBytes: 48 * 2 ** 20 });
    made.images.push(big);
    const sink = new FakeSink<MoveProgress, unknown>();
    await moves.moveImage({ from: 'host', to: 'added:second', image: big }, sink);
    // Closed once some bytes have passed.
    for (let i = 0; i < 400 && !sink.chunks.some((c) => c.bytes > 0) && sink.error === undefined && sink.result === undefined; i++) await new Promise((r) => setTimeout(r, 25));
    sink.close();
    await expect(sink.done).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(second.docker.getImage(bigId).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('a volume moved keeps every file: its sha256, owner and mode (setuid, setgid, sticky, links)', async () => {
    const vol = `berth-move-vol-${run}`;
    await hostDocker.createVolume({ Name: vol, Labels: { [LABEL]: '1' } });
    made.volumes.push(vol);
    await oneOff(
      hostDocker,
      image,
      [
        'cd /v && echo one > a && chown 1234:567 a && chmod 640 a',
        'mkdir -p d/e && chown 42:43 d && chmod 2750 d && head -c 300000 /dev/urandom > d/e/big && chown 65534:65534 d/e/big',
        'echo run > d/tool && chmod 4755 d/tool && ln -s a link && chown -h 7:8 link && ln a hard',
        'mkdir tmp && chmod 1777 tmp && chmod 0750 /v && chown 1000:1000 /v',
      ].join(' && '),
      [`${vol}:/v`],
    );
    // The checker runs on both engines: the image goes to the second first (skipped when an earlier test moved it).
    await stream(moves.moveImage, { from: 'host', to: 'added:second', image });
    const list = 'cd /v && find . | sort | while read f; do stat -c "%n %u %g %a %F %h" "$f"; done && find . -type f | sort | xargs sha256sum';
    const before = await oneOff(hostDocker, image, list, [`${vol}:/v:ro`]);
    const moved = await stream(moves.moveVolume, { from: 'host', to: 'added:second', volume: vol });
    expect(moved.result.name).toBe(vol);
    expect(moved.result.bytes).toBeGreaterThan(300_000);
    expect(moved.chunks.at(-1)).toMatchObject({ step: 'volume', status: 'copied to second' });
    expect((await second.docker.getVolume(vol).inspect()).Labels).toEqual({ [LABEL]: '1' });
    const after = await oneOff(second.docker, image, list, [`${vol}:/v:ro`]);
    expect(after).toBe(before);
    expect(before).toMatch(/^\. 1000 1000 750 directory/m);
    expect(before).toMatch(/^\.\/d\/tool 0 43 4755 regular file/m);
    // No helper container is left on either engine.
    const helpers = JSON.stringify({ label: [HELPER_LABEL] });
    expect(await hostDocker.listContainers({ all: true, filters: helpers })).toEqual([]);
    expect(await second.docker.listContainers({ all: true, filters: helpers })).toEqual([]);
    // The helper image the move made carries the label on both engines, so no list of the window shows it.
    for (const d of [hostDocker, second.docker]) {
      expect(((await d.getImage(HELPER_IMAGE).inspect()) as { Config?: { Labels?: Record<string, string> } }).Config?.Labels).toMatchObject({ [HELPER_LABEL]: 'empty' });
      expect(imageSummaries(await d.listImages()).some((i) => i.repoTags.includes(HELPER_IMAGE))).toBe(false);
    }

    // Moved again it is refused (the name is taken there), unless given another name; a missing volume is NOT_FOUND.
    expect(await failure(moves.moveVolume, { from: 'host', to: 'added:second', volume: vol })).toMatchObject({ code: 'NAME_CONFLICT', field: 'volume' });
    expect(await failure(moves.moveVolume, { from: 'host', to: 'added:second', volume: vol, name: vol })).toMatchObject({ code: 'NAME_CONFLICT', field: 'name' });
    const copy = await stream(moves.moveVolume, { from: 'host', to: 'added:second', volume: vol, name: `${vol}-2` });
    expect(copy.result.name).toBe(`${vol}-2`);
    expect(await failure(moves.moveVolume, { from: 'host', to: 'added:second', volume: `${vol}-none` })).toMatchObject({ code: 'NOT_FOUND', field: 'volume' });
  });

  it('a recreated container runs on the target with its published port answering on 127.0.0.1; the original is stopped, kept', async () => {
    // From the second engine to the host's: the second dockerd lives in a network namespace of its own (the fixture's
    // unshare --net), so a port it publishes never answers on this machine's 127.0.0.1; the host's does.
    const netName = `berth-move-net-${run}`;
    const vol = `berth-move-www-${run}`;
    const name = `berth-move-web-${run}`;
    const webImage = `berth-test/move-web:${run}`;
    const port = await freeLoopbackPort();
    // Its namespace's loopback up, so its own docker-proxy can bind 127.0.0.1 there (and the original can run).
    execFileSync('nsenter', ['-t', fs.readFileSync(path.join(second.dir, 'dockerd.pid'), 'utf8').trim(), '-n', 'ip', 'link', 'set', 'lo', 'up']);
    const webId = importBusyboxImage(webImage, { host: second.url, id: `${run}-web` });
    made.images.push(webImage);
    await second.docker.createNetwork({ Name: netName, Driver: 'bridge', Labels: { [LABEL]: '1' } });
    made.networks.push(netName);
    await second.docker.createVolume({ Name: vol, Labels: { [LABEL]: '1' } });
    made.volumes.push(vol);
    await oneOff(second.docker, webImage, `echo served-from-${run} > /www/index.html`, [`${vol}:/www`]);
    const c = await second.docker.createContainer({
      Image: webImage,
      name,
      Cmd: ['httpd', '-f', '-p', '80', '-h', '/www'],
      Env: ['MODE=moved'],
      Labels: { [LABEL]: '1' },
      ExposedPorts: { '80/tcp': {} },
      HostConfig: { NetworkMode: netName, PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] }, Binds: [`${vol}:/www`], RestartPolicy: { Name: 'always' } },
    });
    await c.start();
    made.containers.push(name);

    // A container of that name on the target refuses the move on "name"; an unknown container on "container".
    const taken = await hostDocker.createContainer({ Image: image, name, Cmd: ['true'], Labels: { [LABEL]: '1' } });
    expect(await failure(moves.recreateContainer, { from: 'added:second', to: 'host', container: name, copyVolumes: true })).toMatchObject({ code: 'NAME_CONFLICT', field: 'name' });
    await taken.remove();
    expect(await failure(moves.recreateContainer, { from: 'added:second', to: 'host', container: `${name}-none`, copyVolumes: false })).toMatchObject({ code: 'NOT_FOUND', field: 'container' });
    expect((await second.docker.getContainer(name).inspect()).State.Running).toBe(true);

    const r = await stream(moves.recreateContainer, { from: 'added:second', to: 'host', container: name, copyVolumes: true });
    expect(r.result).toMatchObject({ name, imageMoved: true, volumesCopied: [vol], networksMade: [netName], stoppedOriginal: true });
    expect(r.result.ports).toEqual([{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: port }]);
    expect(new Set(r.chunks.map((x) => x.step))).toEqual(new Set(['container', 'image', 'volume']));
    const body = await (async () => {
      for (let i = 0; ; i++) {
        try {
          return await (await fetch(`http://127.0.0.1:${port}/`)).text();
        } catch (e) {
          if (i > 40) throw e;
          await new Promise((x) => setTimeout(x, 250));
        }
      }
    })();
    expect(body.trim()).toBe(`served-from-${run}`);
    const moved = await hostDocker.getContainer(r.result.id).inspect();
    expect(moved.State.Running).toBe(true);
    expect(moved.Image).toBe(webId);
    expect(moved.Config.Env).toContain('MODE=moved');
    expect(moved.HostConfig.RestartPolicy?.Name).toBe('always');
    expect(r.result.warnings).toEqual([expect.stringMatching(/^The original \(restart policy always\) starts again when second restarts/)]);
    const original = await second.docker.getContainer(c.id).inspect();
    expect(original.State.Running).toBe(false);
  });
});
