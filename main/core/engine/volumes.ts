// Volume requests: list, create, inspect, remove (in use -> CONFLICT naming the containers), prune.
import type { Api } from '../../../app/api.js';
import { BerthError } from '../../../app/errors.js';
import type { Json, VolumeSummary } from '../../../app/model.js';
import type { CoreContext } from '../context.js';
import type { Handlers } from '../handlers.js';
import { createLogger } from '../log.js';
import { engineCall, mapEngineError } from './link/errors.js';
import { toVolumeSummary } from './link/summaries.js';

const log = createLogger('volumes');

/** Docker's rule for volume names (volume/local: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`). */
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
/** Names the engine gives anonymous volumes. */
const ANONYMOUS = /^[0-9a-f]{64}$/;

/** True when the engine's API is at least `want` ("1.41" style). */
export function apiAtLeast(have: string, want: string): boolean {
  const [hMaj = 0, hMin = 0] = have.split('.').map(Number);
  const [wMaj = 0, wMin = 0] = want.split('.').map(Number);
  return hMaj !== wMaj ? hMaj > wMaj : hMin >= wMin;
}

/** The containers (by name where known) that use a volume. */
async function usersOf(ctx: CoreContext, name: string): Promise<string[]> {
  try {
    const cs = await ctx.docker.listContainers({ all: true, filters: JSON.stringify({ volume: [name] }) });
    return cs.map((c) => (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''));
  } catch {
    return [];
  }
}

export function createVolumeHandlers(ctx: CoreContext): Handlers<Api>['volumes'] {
  const d = () => ctx.docker;
  const missing = (name: string) => (e: unknown) => {
    const err = mapEngineError(e, { what: `Volume ${name}`, field: 'name' });
    throw err.code === 'NOT_FOUND' ? new BerthError('NOT_FOUND', `There is no volume named ${name}.`, { field: 'name', detail: err.detail ?? '' }) : err;
  };

  return {
    async list() {
      if (ctx.conn.getStatus().state === 'up' && ctx.model.volumes.size > 0) return [...ctx.model.volumes.values()];
      const r = await engineCall(() => d().listVolumes());
      return (r.Volumes ?? []).map(toVolumeSummary);
    },

    async create(input) {
      if (input.name !== undefined && input.name !== '') {
        if (!VOLUME_NAME.test(input.name)) {
          throw new BerthError('INVALID_INPUT', `"${input.name}" is not a volume name: use letters, digits, "_", "." or "-", starting with a letter or digit (at least 2 characters).`, { field: 'name' });
        }
        // The engine hands back an existing volume of the same name silently; a person creating one means a new one.
        const exists = await d().getVolume(input.name).inspect().then(() => true, () => false);
        if (exists) throw new BerthError('NAME_CONFLICT', `A volume named ${input.name} already exists — pick another name or use that one.`, { field: 'name' });
      }
      const body: Record<string, unknown> = { Driver: input.driver, Labels: input.labels, DriverOpts: input.driverOpts };
      if (input.name) body.Name = input.name;
      const created = await engineCall(() => d().createVolume(body), { what: `Volume ${input.name ?? ''}`, field: 'name' });
      const info = await engineCall(() => created.inspect());
      log.info(`created volume ${info.Name} (${info.Driver})`);
      const summary: VolumeSummary = toVolumeSummary(info as Parameters<typeof toVolumeSummary>[0]);
      return summary;
    },

    inspect: async ({ name }) => (await d().getVolume(name).inspect().catch(missing(name))) as unknown as Json,

    async remove({ name, force }) {
      try {
        await d().getVolume(name).remove({ force });
      } catch (e) {
        const err = mapEngineError(e, { what: `Volume ${name}`, field: 'name' });
        if (err.code === 'NOT_FOUND') throw new BerthError('NOT_FOUND', `There is no volume named ${name}.`, { field: 'name', detail: err.detail ?? '' });
        if (err.code === 'CONFLICT' || /in use/i.test(err.detail ?? '')) {
          const users = await usersOf(ctx, name);
          const who = users.length > 0 ? `container${users.length > 1 ? 's' : ''} ${users.join(', ')}` : 'a container';
          throw new BerthError('CONFLICT', `Volume ${name} is used by ${who}; remove ${users.length > 1 ? 'them' : 'it'} first (force does not remove a volume in use).`, { field: 'name', detail: err.detail ?? err.message });
        }
        throw err;
      }
      log.info(`removed volume ${name}`);
      return { ok: true as const };
    },

    async prune(input) {
      // API 1.42 (engine 23) prunes only anonymous volumes unless all=true; older engines prune every unused volume,
      // so there "anonymous only" is done here: unused volumes whose names are 64-hex ids, one by one.
      const api = await engineCall(async () => (await d().version()).ApiVersion);
      if (apiAtLeast(api, '1.42')) {
        const r = await engineCall(() => d().pruneVolumes(input.all ? { filters: { all: ['true'] } } : {}));
        return { deleted: r.VolumesDeleted ?? [], spaceReclaimed: r.SpaceReclaimed ?? 0 };
      }
      if (input.all) {
        const r = await engineCall(() => d().pruneVolumes());
        log.info(`pruned ${(r.VolumesDeleted ?? []).length} volumes`);
        return { deleted: r.VolumesDeleted ?? [], spaceReclaimed: r.SpaceReclaimed ?? 0 };
      }
      const dangling = await engineCall(() => d().listVolumes({ filters: JSON.stringify({ dangling: ['true'] }) }));
      const deleted: string[] = [];
      for (const v of dangling.Volumes ?? []) {
        if (!ANONYMOUS.test(v.Name) || v.Driver !== 'local') continue;
        // A volume used meanwhile refuses removal; that is the right outcome for a prune.
        const ok = await d().getVolume(v.Name).remove().then(() => true, () => false);
        if (ok) deleted.push(v.Name);
      }
      log.info(`pruned ${deleted.length} anonymous volumes`);
      return { deleted, spaceReclaimed: 0 };
    },
  };
}
