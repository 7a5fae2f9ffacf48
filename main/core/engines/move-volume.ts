// Moves a named volume's files between engines: a tar from a helper container on each side (the engine's archive API), owners and modes kept.
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { MoveVolumeResult } from '../../../app/engines.js';
import { BerthError } from '../../../app/errors.js';
import { engineCall } from '../engine/link/errors.js';
import { HELPER_LABEL } from '../engine/link/summaries.js';
import { createLogger } from '../log.js';
import { unlessAbsent, type MoveEnds } from './move-image.js';
import type { MoveReporter } from './move-progress.js';

const log = createLogger('engines.move-volume');

/** Berth's helper image (labelled HELPER_LABEL, as its containers are, so no list shows them); a helper container older than an hour was left by a crash and is removed. */
export const HELPER_IMAGE = 'berth-helper/empty:1';
const STALE_MS = 60 * 60_000;
/** Where a helper mounts the volume: the tar's entries are `berth-volume/…`, extracted at `/` on the other side. */
const MOUNT = '/berth-volume';

interface VolumeFacts {
  Name: string;
  Driver: string;
  Labels?: Record<string, string> | null;
  Options?: Record<string, string> | null;
}

/** The volume on an engine, or undefined when it has none by that name. */
export const findVolume = (docker: Docker, name: string): Promise<VolumeFacts | undefined> => unlessAbsent(docker.getVolume(name).inspect() as Promise<VolumeFacts>, `Volume ${name}`);

/**
 * Berth's helper image on an engine: an empty root filesystem (an empty tar imported), made once. Its containers are
 * never started (the engine itself reads and writes the tar), so it needs no program and suits any architecture.
 */
export async function helperImage(docker: Docker): Promise<string> {
  const have = await docker
    .getImage(HELPER_IMAGE)
    .inspect()
    .then(() => true, () => false);
  if (have) return HELPER_IMAGE;
  const [repo = '', tag = ''] = HELPER_IMAGE.split(':');
  const out = (await engineCall(() => docker.importImage(Readable.from([Buffer.alloc(1024)]) as unknown as string, { repo, tag, changes: [`LABEL ${HELPER_LABEL}=empty`] } as object))) as Readable;
  for await (const _ of out) {
    // The engine answers with the new image's ID once imported.
  }
  log.info(`made ${HELPER_IMAGE}`);
  return HELPER_IMAGE;
}

/** Removes helper containers a crashed Berth left (older than an hour), so a later move starts clean. */
async function removeStaleHelpers(docker: Docker): Promise<void> {
  const old = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${HELPER_LABEL}=volume-move`] }) }).catch(() => []);
  const cutoff = (Date.now() - STALE_MS) / 1000;
  await Promise.all(old.filter((c) => c.Created < cutoff).map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
}

/** A helper container (never started) with the volume at MOUNT. */
async function helper(docker: Docker, volume: string, readOnly: boolean): Promise<Docker.Container> {
  return engineCall(async () =>
    docker.createContainer({
      Image: await helperImage(docker),
      Cmd: ['/berth-never-started'],
      Labels: { [HELPER_LABEL]: 'volume-move' },
      NetworkDisabled: true,
      HostConfig: { NetworkMode: 'none', Mounts: [{ Type: 'volume', Source: volume, Target: MOUNT, ReadOnly: readOnly }] },
    }),
  );
}

/** Refuses a target volume name that is taken, naming the field to change. */
export async function checkVolumeFree(docker: Docker, engine: string, name: string, field: string): Promise<void> {
  if (await findVolume(docker, name)) {
    throw new BerthError('NAME_CONFLICT', `${engine} already has a volume named ${name}: give the copy another name, or remove that volume first.`, { field });
  }
}

/**
 * Copies volume `name` of the source into a new volume (`newName`, else the same) on the target (same labels; the local driver). The source
 * side's `GET /containers/{helper}/archive` (the volume mounted read-only) is piped into the target side's `PUT
 * /containers/{helper}/archive`: numeric owners, modes (setuid, sticky), links and times as tar keeps them. Helpers are
 * removed whatever happens; a target volume made by a failed or cancelled move is removed too.
 */
export async function moveVolume(ends: MoveEnds, name: string, newName: string | undefined, report: MoveReporter, signal: AbortSignal): Promise<MoveVolumeResult> {
  const vol = await findVolume(ends.from.docker, name);
  if (!vol) throw new BerthError('NOT_FOUND', `There is no volume ${name} on ${ends.from.name}.`, { field: 'volume' });
  const as = newName ?? name;
  await checkVolumeFree(ends.to.docker, ends.to.name, as, newName === undefined ? 'volume' : 'name');
  report.step('volume', name === as ? name : `${name} -> ${as}`);
  await Promise.all([removeStaleHelpers(ends.from.docker), removeStaleHelpers(ends.to.docker)]);
  const helpers: Docker.Container[] = [];
  let made = false;
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const src = await helper(ends.from.docker, name, true);
    helpers.push(src);
    await engineCall(() => ends.to.docker.createVolume({ Name: as, Driver: 'local', Labels: { ...(vol.Labels ?? {}) } }), { what: `Volume ${as}`, field: 'name' });
    made = true;
    const dst = await helper(ends.to.docker, as, false);
    helpers.push(dst);
    const tar = (await engineCall(() => src.getArchive({ path: MOUNT, abortSignal: stop.signal } as { path: string }))) as Readable;
    const counted = report.counter();
    tar.on('error', (e) => {
      counted.destroy(e instanceof Error ? e : new Error(String(e)));
      stop.abort();
    });
    tar.pipe(counted);
    await engineCall(() => dst.putArchive(counted as unknown as string, { path: '/', abortSignal: stop.signal } as { path: string }), { what: `Volume ${as}` });
    made = false;
    report.done(`copied to ${ends.to.name}`);
    log.info(`moved volume ${name} (${report.bytes} bytes) from ${ends.from.name} to ${ends.to.name}${as === name ? '' : ` as ${as}`}`);
    return { name: as, bytes: report.bytes };
  } catch (e) {
    stop.abort();
    if (signal.aborted) throw new BerthError('CANCELLED', `The move of volume ${name} was cancelled.`);
    throw e;
  } finally {
    signal.removeEventListener('abort', onAbort);
    await Promise.all(helpers.map((c) => c.remove({ force: true }).catch((e: unknown) => log.warn(`could not remove helper ${c.id.slice(0, 12)}`, e))));
    if (made) await ends.to.docker.getVolume(as).remove({ force: true }).catch((e: unknown) => log.warn(`could not remove the half-copied volume ${as}`, e));
  }
}
