// The all-engines view's data, purely: each engine's containers, images and volumes, its tagged deltas applied, groups filtered.
import type { EngineEntry } from '../../../../app/engines.js';
import type { ContainerSummary, ImageSummary, VolumeSummary } from '../../../../app/model.js';
import { applyDelta, toRecord, type Delta } from '../../lib/delta.js';
import { byPrefix, keyOf } from '../../store/resources.js';

export interface EngineObjects {
  containers: Record<string, ContainerSummary>;
  images: Record<string, ImageSummary>;
  volumes: Record<string, VolumeSummary>;
  /** The lists could not be read (the engine went down meanwhile). */
  error?: string;
}

export type ObjectKind = 'containers' | 'images' | 'volumes';

export function emptyObjects(lists: { containers?: ContainerSummary[]; images?: ImageSummary[]; volumes?: VolumeSummary[] } = {}): EngineObjects {
  return { containers: toRecord(lists.containers ?? [], keyOf.containers), images: toRecord(lists.images ?? [], keyOf.images), volumes: toRecord(lists.volumes ?? [], keyOf.volumes) };
}

/** One engine's delta applied to its own objects only (keyed as the window's own lists are). */
export function applyEngineDelta<K extends ObjectKind>(
  all: Readonly<Record<string, EngineObjects>>,
  engine: string,
  kind: K,
  d: Delta<EngineObjects[K][string]>,
): Record<string, EngineObjects> {
  const cur = all[engine] ?? emptyObjects();
  const next = applyDelta(cur[kind] as Record<string, EngineObjects[K][string]>, d, keyOf[kind] as (x: EngineObjects[K][string]) => string, byPrefix[kind]);
  return next === cur[kind] ? (all as Record<string, EngineObjects>) : { ...all, [engine]: { ...cur, [kind]: next } };
}

export interface EngineGroup {
  engine: EngineEntry;
  containers: ContainerSummary[];
  images: ImageSummary[];
  volumes: VolumeSummary[];
  error?: string;
}

const matches = (words: string[], ...fields: string[]) => words.every((w) => fields.some((f) => f.toLowerCase().includes(w)));

/** One group per engine, in the list's order; rows sorted by name and kept by the top bar's filter (an engine's name matches its rows). */
export function groupByEngine(engines: readonly EngineEntry[], objects: Readonly<Record<string, EngineObjects>>, filter = ''): EngineGroup[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  return engines.map((engine) => {
    const o = objects[engine.id] ?? emptyObjects();
    const containers = Object.values(o.containers)
      .filter((c) => matches(words, c.name, c.image, engine.name))
      .sort((a, b) => a.name.localeCompare(b.name));
    const images = Object.values(o.images)
      .filter((i) => matches(words, ...i.repoTags, i.id, engine.name))
      .sort((a, b) => (a.repoTags[0] ?? a.id).localeCompare(b.repoTags[0] ?? b.id));
    const volumes = Object.values(o.volumes)
      .filter((v) => matches(words, v.name, v.driver, engine.name))
      .sort((a, b) => a.name.localeCompare(b.name));
    return { engine, containers, images, volumes, ...(o.error ? { error: o.error } : {}) };
  });
}
