// Which containers use each volume, from the named volumes each container summary lists (kept live by the engine's events).
import { useMemo } from 'react';
import type { ContainerState, ContainerSummary } from '../../../../app/model.js';
import { useStore } from '../../store/index.js';

export interface VolumeUser {
  id: string;
  name: string;
  state: ContainerState;
}

/** volume name -> its containers, running first, then by name (pure). */
export function usersByVolume(containers: readonly ContainerSummary[]): Record<string, VolumeUser[]> {
  const out: Record<string, VolumeUser[]> = {};
  for (const c of containers) {
    for (const v of new Set(c.volumes ?? [])) (out[v] ??= []).push({ id: c.id, name: c.name, state: c.state });
  }
  for (const list of Object.values(out)) list.sort((a, b) => Number(b.state === 'running') - Number(a.state === 'running') || a.name.localeCompare(b.name));
  return out;
}

/** Users of every volume; `pending` while the container list has not arrived yet. */
export function useVolumeUsers(): { users: Record<string, VolumeUser[]>; pending: number } {
  const byId = useStore((s) => s.containers.byId);
  const loaded = useStore((s) => s.containers.loaded);
  const users = useMemo(() => usersByVolume(Object.values(byId)), [byId]);
  return { users, pending: loaded ? 0 : 1 };
}
