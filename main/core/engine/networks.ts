// Network requests: list, create (bridge, internal, IPAM subnet/gateway), inspect, remove, prune, connect/disconnect.
import type { Api } from '../../../app/api.js';
import { BerthError } from '../../../app/errors.js';
import type { Json, NetworkSummary } from '../../../app/model.js';
import { isIP } from '../../../app/parse/index.js';
import type { CoreContext } from '../context.js';
import type { Handlers } from '../handlers.js';
import { createLogger } from '../log.js';
import { engineCall, mapEngineError } from './link/errors.js';
import { toNetworkSummary } from './link/summaries.js';

const log = createLogger('networks');

const PREDEFINED = new Set(['bridge', 'host', 'none']);

/** Checks "10.1.2.0/24" or "fd00::/64"; returns it unchanged or throws INVALID_INPUT naming `subnet`. */
export function checkSubnet(s: string): string {
  const [ip = '', bits, ...rest] = s.split('/');
  const max = ip.includes(':') ? 128 : 32;
  const n = Number(bits);
  if (rest.length > 0 || !isIP(ip) || bits === undefined || !/^\d{1,3}$/.test(bits) || n > max) {
    throw new BerthError('INVALID_INPUT', `"${s}" is not a subnet: write an address and prefix length, like 172.30.0.0/16.`, { field: 'subnet' });
  }
  return s;
}

interface RawNetworkInspect {
  Id: string;
  Name: string;
  Containers?: Record<string, { Name?: string }> | null;
}

/** Names of the containers attached to a network, from its inspect output. */
export function attachedNames(n: RawNetworkInspect): string[] {
  return Object.entries(n.Containers ?? {}).map(([id, c]) => c.Name || id.slice(0, 12));
}

export function createNetworkHandlers(ctx: CoreContext): Handlers<Api>['networks'] {
  const d = () => ctx.docker;
  const missing = (what: string, e: unknown, field = 'id'): BerthError => {
    const err = mapEngineError(e, { what, field });
    return err.code === 'NOT_FOUND' ? new BerthError('NOT_FOUND', `${what} does not exist.`, { field, detail: err.detail ?? '' }) : err;
  };

  return {
    async list() {
      if (ctx.conn.getStatus().state === 'up' && ctx.model.networks.size > 0) return [...ctx.model.networks.values()];
      return (await engineCall(() => d().listNetworks())).map(toNetworkSummary);
    },

    async create(input) {
      if (input.gateway !== undefined && input.subnet === undefined) throw new BerthError('INVALID_INPUT', 'A gateway needs a subnet to belong to; give the subnet too.', { field: 'gateway' });
      if (input.gateway !== undefined && !isIP(input.gateway)) throw new BerthError('INVALID_INPUT', `"${input.gateway}" is not an IP address.`, { field: 'gateway' });
      const body: Record<string, unknown> = { Name: input.name, Driver: input.driver, Internal: input.internal, Labels: input.labels, CheckDuplicate: true };
      if (input.subnet !== undefined) {
        const cfg: Record<string, string> = { Subnet: checkSubnet(input.subnet) };
        if (input.gateway !== undefined) cfg.Gateway = input.gateway;
        body.IPAM = { Driver: 'default', Config: [cfg] };
        if (input.subnet.includes(':')) body.EnableIPv6 = true;
      }
      let id: string;
      try {
        id = (await d().createNetwork(body as never)).id;
      } catch (e) {
        const err = mapEngineError(e, { field: 'name' });
        const text = (err.detail ?? err.message).toLowerCase();
        if (/already exists/.test(text)) throw new BerthError('NAME_CONFLICT', `A network named ${input.name} already exists — pick another name.`, { field: 'name', detail: err.detail ?? '' });
        if (/overlaps|pool overlaps/.test(text)) throw new BerthError('CONFLICT', `Subnet ${input.subnet ?? ''} overlaps a network that exists; choose another range.`, { field: 'subnet', detail: err.detail ?? '' });
        if (/invalid|no matching subnet|gateway/.test(text) && err.code !== 'ENGINE_UNREACHABLE') {
          throw new BerthError('INVALID_INPUT', `The engine refused the network settings: ${err.detail ?? err.message}`, { field: /gateway/.test(text) ? 'gateway' : 'subnet', detail: err.detail ?? '' });
        }
        throw err;
      }
      const info = await engineCall(() => d().getNetwork(id).inspect());
      log.info(`created network ${input.name} (${input.driver}${input.internal ? ', internal' : ''}${input.subnet ? `, ${input.subnet}` : ''})`);
      const summary: NetworkSummary = toNetworkSummary(info as Parameters<typeof toNetworkSummary>[0]);
      return summary;
    },

    async inspect({ id }) {
      try {
        return (await d().getNetwork(id).inspect()) as unknown as Json;
      } catch (e) {
        throw missing(`Network ${id}`, e);
      }
    },

    async remove({ id }) {
      if (PREDEFINED.has(id)) throw new BerthError('INVALID_INPUT', `${id} is one of the engine's own networks and cannot be removed.`, { field: 'id' });
      try {
        await d().getNetwork(id).remove();
      } catch (e) {
        const err = missing(`Network ${id}`, e);
        const text = err.detail ?? err.message;
        if (/active endpoints|in use/i.test(text)) {
          const info = (await d().getNetwork(id).inspect().catch(() => ({ Id: id, Name: id }))) as RawNetworkInspect;
          const users = attachedNames(info);
          const who = users.length > 0 ? `container${users.length > 1 ? 's' : ''} ${users.join(', ')}` : 'containers';
          throw new BerthError('CONFLICT', `Network ${id} is used by ${who}; disconnect or remove ${users.length === 1 ? 'it' : 'them'} first.`, { field: 'id', detail: text });
        }
        if (/pre-defined network/i.test(text)) throw new BerthError('INVALID_INPUT', `${id} is one of the engine's own networks and cannot be removed.`, { field: 'id', detail: text });
        throw err;
      }
      log.info(`removed network ${id}`);
      return { ok: true as const };
    },

    async prune() {
      const r = await engineCall(() => d().pruneNetworks());
      log.info(`pruned ${(r.NetworksDeleted ?? []).length} networks`);
      return { deleted: r.NetworksDeleted ?? [], spaceReclaimed: 0 };
    },

    async connect({ id, container, aliases }) {
      try {
        await d().getNetwork(id).connect({ Container: container, EndpointConfig: aliases.length > 0 ? { Aliases: aliases } : {} });
      } catch (e) {
        const err = mapEngineError(e, { what: `Network ${id} or container ${container}`, field: 'container' });
        const text = err.detail ?? err.message;
        if (err.code === 'NOT_FOUND') throw new BerthError('NOT_FOUND', /network/i.test(text) && !/container/i.test(text) ? `Network ${id} does not exist.` : `Container ${container} does not exist.`, { field: /network/i.test(text) && !/container/i.test(text) ? 'id' : 'container', detail: text });
        if (/already exists|already attached|already connected/i.test(text)) throw new BerthError('CONFLICT', `Container ${container} is already connected to network ${id}.`, { field: 'container', detail: text });
        if (/host mode|container sharing network namespace|conflicting options|cannot be connected|runtime/i.test(text)) throw new BerthError('CONFLICT', `Container ${container} cannot join network ${id}: ${text}`, { field: 'container', detail: text });
        throw err;
      }
      log.info(`connected ${container} to ${id}${aliases.length > 0 ? ` as ${aliases.join(', ')}` : ''}`);
      return { ok: true as const };
    },

    async disconnect({ id, container, force }) {
      try {
        await d().getNetwork(id).disconnect({ Container: container, Force: force });
      } catch (e) {
        const err = mapEngineError(e, { what: `Network ${id} or container ${container}`, field: 'container' });
        const text = err.detail ?? err.message;
        if (/is not connected/i.test(text)) throw new BerthError('CONFLICT', `Container ${container} is not connected to network ${id}.`, { field: 'container', detail: text });
        if (err.code === 'NOT_FOUND') throw new BerthError('NOT_FOUND', `Network ${id} or container ${container} does not exist.`, { field: 'container', detail: text });
        throw err;
      }
      log.info(`disconnected ${container} from ${id}`);
      return { ok: true as const };
    },
  };
}
