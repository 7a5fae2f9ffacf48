// The all-engines view's data, purely: each engine's containers and images, its tagged deltas applied, groups filtered.
import type { EngineEntry } from '../../../../app/engines.js';
import type { ContainerSummary, ImageSummary } from '../../../../app/model.js';
import { applyDelta, toRecord, type Delta } from '../../lib/delta.js';

export interface EngineObjects {
  containers: Record<string, ContainerSummary>;
  images: Record<string, ImageSummary>;
  /** The lists could not be read (the engine went down meanwhile). */
  error?: string;
}

export function emptyObjects(lists: { containers?: ContainerSummary[]; images?: ImageSummary[] } = {}): EngineObjects {
  return { containers: toRecord(lists.containers ?? [], (c) => c.id), images: toRecord(lists.images ?? [], (i) => i.id) };
}

/** One engine's delta applied to its own objects only. */
export function applyEngineDelta<K extends 'containers' | 'images'>(
  all: Readonly<Record<string, EngineObjects>>,
  engine: string,
  kind: K,
  d: Delta<EngineObjects[K][string]>,
): Record<string, EngineObjects> {
  const cur = all[engine] ?? emptyObjects();
  const next = applyDelta(cur[kind] as Record<string, EngineObjects[K][string]>, d, (x) => x.id);
  return next === cur[kind] ? (all as Record<string, EngineObjects>) : { ...all, [engine]: { ...cur, [kind]: next } };
}

export interface EngineGroup {
  engine: EngineEntry;
  containers: ContainerSummary[];
  images: ImageSummary[];
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
    return { engine, containers, images, ...(o.error ? { error: o.error } : {}) };
  });
}
