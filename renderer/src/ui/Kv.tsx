// A definition list of label/value rows (`dl.kv`); a missing or empty value shows as an em dash.
import type { ReactNode } from 'react';

export type KvRow = readonly [label: string, value: ReactNode];

export function Kv({ rows, mono }: { rows: readonly KvRow[]; mono?: readonly string[] }) {
  return (
    <dl className="kv">
      {rows.map(([k, v]) => (
        <div key={k} style={{ display: 'contents' }}>
          <dt>{k}</dt>
          <dd className={mono?.includes(k) ? 'mono' : undefined}>{v === undefined || v === null || v === '' ? '—' : v}</dd>
        </div>
      ))}
    </dl>
  );
}
