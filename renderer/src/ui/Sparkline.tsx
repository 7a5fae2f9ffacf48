// A small SVG line chart of recent samples (one or two series), scaled to its own maximum or a given one.
export interface SparklineProps {
  values: readonly number[];
  second?: readonly number[];
  max?: number | undefined;
  label: string;
  points?: number;
  className?: string;
}

function path(values: readonly number[], max: number, points: number): string {
  const w = 100;
  const h = 40;
  const step = w / Math.max(1, points - 1);
  const offset = points - values.length;
  return values.map((v, i) => `${i === 0 ? 'M' : 'L'}${((offset + i) * step).toFixed(2)},${(h - (Math.min(v, max) / max) * h).toFixed(2)}`).join(' ');
}

export function Sparkline({ values, second, max, label, points = 60, className = 'spark' }: SparklineProps) {
  const top = max ?? Math.max(1e-9, ...values, ...(second ?? []));
  const line = values.length > 1 ? path(values, top, points) : '';
  const area = line ? `${line} L100,40 L${(((points - values.length) * 100) / Math.max(1, points - 1)).toFixed(2)},40 Z` : '';
  return (
    <svg className={className} viewBox="0 0 100 40" preserveAspectRatio="none" role="img" aria-label={label}>
      {area ? <path className="area" d={area} /> : null}
      {line ? <path className="line" d={line} vectorEffect="non-scaling-stroke" /> : null}
      {second && second.length > 1 ? <path className="line2" d={path(second, top, points)} vectorEffect="non-scaling-stroke" /> : null}
    </svg>
  );
}
