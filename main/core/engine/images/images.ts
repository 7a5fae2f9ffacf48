// Image requests: list, inspect, history, tag, remove, prune; pull/push, build and archives live in images-*.ts.
import type Docker from 'dockerode';
import type { Api } from '../../../../app/api.js';
import { BerthError } from '../../../../app/errors.js';
import type { ImageSummary, Json } from '../../../../app/model.js';
import type { CoreContext } from '../../context.js';
import type { Handlers } from '../../handlers.js';
import { createLogger } from '../../log.js';
import { jsonArray, jsonObject } from '../link/answers.js';
import { engineCall, mapEngineError } from '../link/errors.js';
import { createArchiveHandlers } from './images-archive.js';
import { createBuildHandlers } from './images-build.js';
import { splitImageRef } from './images-progress.js';
import { createPullHandlers } from './images-pull.js';
import { imageSummaries } from '../link/summaries.js';

const log = createLogger('images');

interface RawHistory {
  Id: string;
  Created: number;
  CreatedBy?: string;
  Tags?: string[] | null;
  Size: number;
  Comment?: string;
}

export function toHistoryEntry(h: RawHistory) {
  return { id: h.Id, created: h.Created, createdBy: h.CreatedBy ?? '', size: h.Size, comment: h.Comment ?? '', tags: h.Tags ?? [] };
}

/** The engine's words for why an image cannot be removed, as a sentence a person can act on. */
export function explainImageConflict(image: string, message: string, containerName?: string): string {
  const l = message.toLowerCase();
  const container = containerName ?? /container ([0-9a-f]{12,64})/i.exec(message)?.[1]?.slice(0, 12);
  if (/running container/.test(l)) return `Image ${image} is used by running container ${container ?? '(unknown)'}; stop and remove it first (force cannot remove an image a running container uses).`;
  if (container) return `Image ${image} is used by container ${container}; stop and remove it first or force.`;
  if (/dependent child images/.test(l)) return `Image ${image} has images built on top of it; remove those first.`;
  if (/referenced in multiple repositories/.test(l)) return `Image ${image} has several tags; remove a tag by name, or force to remove them all.`;
  return `Image ${image} cannot be removed: ${message}`;
}

async function containerName(ctx: CoreContext, id: string): Promise<string | undefined> {
  for (const c of ctx.model.containers.values()) if (c.id.startsWith(id)) return c.name;
  try {
    const info = await ctx.docker.getContainer(id).inspect();
    return info.Name.replace(/^\//, '');
  } catch {
    return undefined;
  }
}

function prunedFrom(r: Docker.PruneImagesInfo): { deleted: string[]; spaceReclaimed: number } {
  const deleted = (r.ImagesDeleted ?? []).map((x) => x.Deleted ?? x.Untagged ?? '').filter(Boolean);
  return { deleted, spaceReclaimed: r.SpaceReclaimed ?? 0 };
}

export function createImageHandlers(ctx: CoreContext): Handlers<Api>['images'] {
  const d = () => ctx.docker;
  const notFound = (id: string) => (e: unknown) => {
    const err = mapEngineError(e, { what: id, field: 'id' });
    throw err.code === 'NOT_FOUND' ? new BerthError('IMAGE_NOT_FOUND', `There is no image ${id}.`, { field: 'id', detail: err.detail ?? '' }) : err;
  };

  return {
    async list() {
      // The model is fed by engine events; when it has not been filled (or the engine is down) ask the engine.
      if (ctx.conn.getStatus().state === 'up' && ctx.model.images.size > 0) return [...ctx.model.images.values()];
      const images: ImageSummary[] = imageSummaries(await engineCall(() => d().listImages({ all: false })));
      return ctx.model.withPlatforms(images);
    },

    inspect: async ({ id }) => jsonObject<Json>(await d().getImage(id).inspect().catch(notFound(id)), `image ${id}`),

    history: async ({ id }) => jsonArray<RawHistory>(await d().getImage(id).history().catch(notFound(id)), `the history of image ${id}`).map(toHistoryEntry),

    async tag({ source, target }) {
      const { name, tag, digest } = splitImageRef(target, 'target');
      if (digest) throw new BerthError('INVALID_INPUT', `"${target}" is not a tag (like app:1.0 or registry:5000/team/app:1.0).`, { field: 'target' });
      await d().getImage(source).tag({ repo: name, tag: tag ?? 'latest' }).catch((e: unknown) => {
        const err = mapEngineError(e, { what: source, field: 'source' });
        if (err.code === 'NOT_FOUND') throw new BerthError('IMAGE_NOT_FOUND', `There is no image ${source} to tag.`, { field: 'source', detail: err.detail ?? '' });
        if (err.code === 'INVALID_INPUT') throw new BerthError('INVALID_INPUT', `"${target}" is not a valid tag: ${err.detail ?? ''}`, { field: 'target', detail: err.detail ?? '' });
        throw err;
      });
      log.info(`tagged ${source} as ${name}:${tag ?? 'latest'}`);
      return { ok: true as const };
    },

    async remove({ id, force, noPrune }) {
      let out: { Untagged?: string; Deleted?: string }[];
      try {
        out = (await d().getImage(id).remove({ force, noprune: noPrune })) as { Untagged?: string; Deleted?: string }[];
      } catch (e) {
        const err = mapEngineError(e, { what: id, field: 'id' });
        if (err.code === 'NOT_FOUND') throw new BerthError('IMAGE_NOT_FOUND', `There is no image ${id}.`, { field: 'id', detail: err.detail ?? '' });
        if (err.code !== 'CONFLICT' && err.code !== 'NAME_CONFLICT') throw err;
        const detail = err.detail ?? err.message;
        const cid = /container ([0-9a-f]{12,64})/i.exec(detail)?.[1];
        const name = cid ? await containerName(ctx, cid) : undefined;
        throw new BerthError('CONFLICT', explainImageConflict(id, detail, name), { field: 'id', detail });
      }
      log.info(`removed image ${id}${force ? ' (forced)' : ''}`);
      return {
        untagged: out.map((x) => x.Untagged ?? '').filter(Boolean),
        deleted: out.map((x) => x.Deleted ?? '').filter(Boolean),
      };
    },

    async prune(input) {
      // dangling=true: only untagged images; dangling=false: every image no container uses (`docker image prune -a`).
      const r = await engineCall(() => d().pruneImages({ filters: { dangling: [input.all ? 'false' : 'true'] } }));
      const out = prunedFrom(r);
      log.info(`pruned ${out.deleted.length} image layers, ${out.spaceReclaimed} bytes`);
      return out;
    },

    ...createPullHandlers(ctx),
    ...createBuildHandlers(ctx),
    ...createArchiveHandlers(ctx),
  };
}
