// Moves an image between two engines: one's save streamed into the other's load (no file on the host), skipped when the target has its ID.
import type Docker from 'dockerode';
import type { MoveImageResult } from '../../../app/engines.js';
import { BerthError } from '../../../app/errors.js';
import { engineCall, mapEngineError } from '../engine/link/errors.js';
import { loadArchive, saveArchive } from '../engine/images/images-archive.js';
import { splitImageRef } from '../engine/images/images-progress.js';
import { createLogger } from '../log.js';
import type { MoveReporter } from './move-progress.js';

const log = createLogger('engines.move-image');

/** The two ends of a move: each engine's client and the name a person knows it by. */
export interface MoveEnds {
  from: { docker: Docker; name: string };
  to: { docker: Docker; name: string };
}

interface ImageFacts {
  Id: string;
  RepoTags?: string[] | null;
  Size?: number;
}

/** What an engine answers about an object, or undefined when it has none (404); other failures as BerthErrors. */
export async function unlessAbsent<T>(lookup: Promise<T>, what: string): Promise<T | undefined> {
  try {
    return await lookup;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return undefined;
    throw mapEngineError(e, { what });
  }
}

/** The image on an engine, or undefined when it has none by that name or ID. */
export const findImage = (docker: Docker, ref: string): Promise<ImageFacts | undefined> => unlessAbsent(docker.getImage(ref).inspect() as Promise<ImageFacts>, `Image ${ref}`);

const tagsOf = (i: ImageFacts): string[] => (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>');

/** Gives the target each of `tags` it lacks (the image is there under another name or none). */
async function addTags(docker: Docker, id: string, tags: string[], have: string[]): Promise<void> {
  for (const t of tags.filter((x) => !have.includes(x))) {
    const { name, tag } = splitImageRef(t);
    await engineCall(() => docker.getImage(id).tag({ repo: name, tag: tag ?? 'latest' }), { what: `Image ${t}` });
  }
}

/**
 * Moves `ref` (a name or ID) from one engine to the other with every tag it has there. The target is asked first:
 * one that already has the image ID only gets the tags it lacks. Otherwise `GET /images/get` of the source is piped
 * into `POST /images/load` of the target, counted on the way; a failure on either side stops both.
 */
export async function moveImage(ends: MoveEnds, ref: string, report: MoveReporter, signal: AbortSignal): Promise<MoveImageResult> {
  const img = await findImage(ends.from.docker, ref);
  if (!img) throw new BerthError('IMAGE_NOT_FOUND', `There is no image ${ref} on ${ends.from.name}.`, { field: 'image' });
  const tags = tagsOf(img);
  report.step('image', tags[0] ?? img.Id.slice(0, 19), img.Size);
  const there = await findImage(ends.to.docker, img.Id);
  if (there) {
    await addTags(ends.to.docker, img.Id, tags, tagsOf(there));
    report.done(`already on ${ends.to.name}: same image ID`);
    log.info(`${ref}: ${ends.to.name} already has ${img.Id.slice(0, 19)}`);
    return { id: img.Id, skipped: true, bytes: 0, tags };
  }
  // One controller stops both requests: the consumer going away, or either side failing.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  let sourceError: unknown;
  try {
    const archive = await saveArchive(ends.from.docker, tags.length > 0 ? tags : [img.Id], { field: 'image', signal: stop.signal });
    const counted = report.counter();
    archive.on('error', (e) => {
      sourceError ??= e;
      counted.destroy(e instanceof Error ? e : new Error(String(e)));
      stop.abort();
    });
    archive.pipe(counted);
    const toError = (m: string) => new BerthError('INTERNAL', `${ends.to.name} could not load ${ref}: ${m}`, { detail: m });
    await loadArchive(ends.to.docker, counted, toError, stop.signal);
  } catch (e) {
    // Whichever side failed, the other request ends too (a save nobody reads would hold its connection).
    stop.abort();
    if (signal.aborted) throw new BerthError('CANCELLED', `The move of ${ref} was cancelled.`);
    if (sourceError !== undefined) throw mapEngineError(sourceError, { what: `The save of ${ref} on ${ends.from.name}` });
    throw e instanceof BerthError ? e : mapEngineError(e, { what: `The load of ${ref} on ${ends.to.name}` });
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  const bytes = report.bytes;
  // An engine with another image store (containerd's) names the same image by another ID: report the one it has.
  const loaded = (await findImage(ends.to.docker, img.Id)) ?? (tags[0] ? await findImage(ends.to.docker, tags[0]) : undefined);
  if (!loaded) throw new BerthError('INTERNAL', `${ends.to.name} took the archive of ${ref} but has no such image afterwards.`);
  report.done(`loaded on ${ends.to.name}`);
  log.info(`moved ${ref} (${bytes} bytes) from ${ends.from.name} to ${ends.to.name}`);
  return { id: loaded.Id, skipped: false, bytes, tags };
}
