// Slice of the engine's objects (containers, images, volumes, networks), kept live from the core's change feed.
import type { ContainerSummary, ImageSummary, NetworkSummary, VolumeSummary } from '../../../app/model.js';
import { forCurrentEngine } from '../features/engines/slice.js';
import { applyDelta, toRecord, type Delta } from '../lib/delta.js';
import type { Slice } from './index.js';

export interface Collection<T> {
  byId: Record<string, T>;
  /** False until the first full list arrived. */
  loaded: boolean;
}

export interface Kinds {
  containers: ContainerSummary;
  images: ImageSummary;
  volumes: VolumeSummary;
  networks: NetworkSummary;
}
export type Kind = keyof Kinds;

export const keyOf: { [K in Kind]: (t: Kinds[K]) => string } = {
  containers: (c) => c.id,
  images: (i) => i.id,
  volumes: (v) => v.name,
  networks: (n) => n.id,
};

/** Volumes are keyed by name: a removed name is that volume only, never the names it begins. */
export const byPrefix: { [K in Kind]: boolean } = { containers: true, images: true, volumes: false, networks: true };

export type ResourcesSlice = { [K in Kind]: Collection<Kinds[K]> } & {
  /** A delta of another engine than the current one (the all-engines views' feed) is left out. */
  applyDelta<K extends Kind>(kind: K, d: Delta<Kinds[K]> & { engine?: string | undefined }): void;
  setList<K extends Kind>(kind: K, items: Kinds[K][]): void;
};

const empty = { byId: {}, loaded: false };

export const createResourcesSlice: Slice<ResourcesSlice> = (set) => ({
  containers: empty,
  images: empty,
  volumes: empty,
  networks: empty,
  applyDelta: (kind, d) =>
    set((s) => {
      if (!forCurrentEngine(d.engine, s.currentEngine)) return {};
      const cur = s[kind] as Collection<Kinds[typeof kind]>;
      const byId = applyDelta(cur.byId, d, keyOf[kind], byPrefix[kind]);
      return byId === cur.byId ? {} : { [kind]: { byId, loaded: cur.loaded || Boolean(d.reset) } };
    }),
  setList: (kind, items) => set({ [kind]: { byId: toRecord(items, keyOf[kind]), loaded: true } }),
});
