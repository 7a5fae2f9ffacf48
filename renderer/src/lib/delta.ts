// Applies the core's change feed ({upsert, remove, reset}) to a keyed record, returning a new record only when it changed.
export interface Delta<T> {
  upsert: T[];
  remove: string[];
  reset?: boolean;
}

/**
 * `byPrefix`: a removed key shorter than an ID also removes the keys it begins (the engine sometimes names a container by
 * a short ID prefix). Off for records keyed by name (volumes): removing `data` must not take `data2` with it.
 */
export function applyDelta<T>(current: Readonly<Record<string, T>>, d: Delta<T>, key: (t: T) => string, byPrefix = true): Record<string, T> {
  if (!d.reset && d.upsert.length === 0 && d.remove.length === 0) return current as Record<string, T>;
  const next = new Map<string, T>(d.reset ? [] : Object.entries(current));
  for (const k of d.remove) {
    next.delete(k);
    if (byPrefix && k.length < 64) for (const full of [...next.keys()]) if (full.startsWith(k)) next.delete(full);
  }
  for (const it of d.upsert) next.set(key(it), it);
  return Object.fromEntries(next);
}

/** A full list as a record. */
export function toRecord<T>(items: readonly T[], key: (t: T) => string): Record<string, T> {
  const out: Record<string, T> = {};
  for (const it of items) out[key(it)] = it;
  return out;
}
