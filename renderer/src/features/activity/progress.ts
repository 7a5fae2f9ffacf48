// Pure progress arithmetic for pulls and pushes: merge per-layer chunks, and total them for one bar.
export interface Layer {
  id: string;
  status: string;
  current?: number | undefined;
  total?: number | undefined;
}

/** Merges a chunk's layers into the known ones, keeping first-seen order; the finished state sticks. */
export function mergeLayers(known: readonly Layer[], incoming: readonly Layer[]): Layer[] {
  if (incoming.length === 0) return known as Layer[];
  const out = known.slice();
  const index = new Map(out.map((l, i) => [l.id, i]));
  for (const l of incoming) {
    if (!l.id) continue;
    const i = index.get(l.id);
    if (i === undefined) {
      index.set(l.id, out.length);
      out.push({ ...l });
    } else {
      const prev = out[i] as Layer;
      out[i] = {
        id: l.id,
        status: l.status || prev.status,
        current: l.current ?? (isDone(l.status) ? prev.total : prev.current),
        total: l.total ?? prev.total,
      };
    }
  }
  return out;
}

const DONE = /^(pull complete|already exists|download complete|pushed|layer already exists|mounted from)/i;
export function isDone(status: string): boolean {
  return DONE.test(status);
}

export interface Totals {
  current: number;
  total: number;
  /** 0..1, or undefined when no layer has told its size yet. */
  fraction: number | undefined;
  done: number;
  layers: number;
}

/** Sum of bytes over the layers that report sizes; finished layers count whole. */
export function totals(layers: readonly Layer[]): Totals {
  let current = 0;
  let total = 0;
  let done = 0;
  for (const l of layers) {
    const finished = isDone(l.status);
    if (finished) done++;
    if (l.total && l.total > 0) {
      total += l.total;
      current += finished ? l.total : Math.min(l.current ?? 0, l.total);
    }
  }
  const fraction = total > 0 ? current / total : layers.length > 0 && done === layers.length ? 1 : undefined;
  return { current, total, fraction, done, layers: layers.length };
}

/** One layer's fraction, when known. */
export function layerFraction(l: Layer): number | undefined {
  if (isDone(l.status)) return 1;
  if (l.total && l.total > 0) return Math.min(1, (l.current ?? 0) / l.total);
  return undefined;
}
