// Which engine of the list the core started on: the one `--engine` named, else the one at the same address.
import type { Endpoint } from '../engine/link/endpoint.js';
import type { EngineSpec } from './discover.js';
import { LAUNCH_ONLY_ID } from './switch.js';

/** The launch engine's id and name; an endpoint no engine of the list matches is `endpoint`, named by its label. */
export function launchEngineOf(specs: readonly EngineSpec[], endpoint: Endpoint, engineId?: string): { id: string; name: string } {
  const named = engineId ? specs.find((s) => s.id === engineId) : undefined;
  if (named) return { id: named.id, name: named.name };
  const same = specs.filter((s) => !s.problem && s.endpoint?.address === endpoint.address && (s.endpoint.kind === endpoint.kind || (s.kind !== 'ssh' && endpoint.kind !== 'ssh')));
  // The host's engine (or the VM) before a context on the same socket: what `docker` without a context would use.
  const hit = same.find((s) => s.source === 'host' || s.source === 'vm') ?? same[0];
  return hit ? { id: hit.id, name: hit.name } : { id: LAUNCH_ONLY_ID, name: endpoint.label };
}
