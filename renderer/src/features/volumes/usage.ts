// Which containers use each volume. The container list does not carry mounts, so each container is inspected once (a
// container's mounts never change after it is created) and the answer kept for as long as it exists.
import { useEffect, useMemo, useState } from 'react';
import type { ContainerState, ContainerSummary } from '../../../../app/model.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';

export interface VolumeUser {
  id: string;
  name: string;
  state: ContainerState;
}

/** Volume names a container mounts, from its inspect JSON (pure). */
export function volumeNamesOf(inspect: Record<string, unknown>): string[] {
  const mounts = Array.isArray(inspect.Mounts) ? (inspect.Mounts as { Type?: unknown; Name?: unknown }[]) : [];
  return mounts.filter((m) => m.Type === 'volume' && typeof m.Name === 'string').map((m) => m.Name as string);
}

/** volume name -> its containers, running first, then by name (pure). */
export function usersByVolume(containers: readonly ContainerSummary[], mounts: ReadonlyMap<string, readonly string[]>): Record<string, VolumeUser[]> {
  const out: Record<string, VolumeUser[]> = {};
  for (const c of containers) {
    for (const v of mounts.get(c.id) ?? []) (out[v] ??= []).push({ id: c.id, name: c.name, state: c.state });
  }
  for (const list of Object.values(out)) list.sort((a, b) => Number(b.state === 'running') - Number(a.state === 'running') || a.name.localeCompare(b.name));
  return out;
}

const known = new Map<string, string[]>();
const CONCURRENCY = 6;

/** Users of every volume, and how many containers are still being looked at. */
export function useVolumeUsers(): { users: Record<string, VolumeUser[]>; pending: number } {
  const byId = useStore((s) => s.containers.byId);
  const [version, setVersion] = useState(0);
  const missing = useMemo(() => Object.keys(byId).filter((id) => !known.has(id)), [byId, version]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    for (const id of [...known.keys()]) if (!byId[id]) known.delete(id);
    if (missing.length === 0) return;
    let live = true;
    const queue = missing.slice();
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined && live; id = queue.shift()) {
        const names = await client()
          .containers.inspect({ id })
          .then(volumeNamesOf, () => []);
        known.set(id, names);
      }
    };
    void Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker)).then(() => live && setVersion((v) => v + 1));
    return () => {
      live = false;
    };
  }, [missing, byId]);
  const users = useMemo(() => usersByVolume(Object.values(byId), known), [byId, version]); // eslint-disable-line react-hooks/exhaustive-deps
  return { users, pending: missing.length };
}
