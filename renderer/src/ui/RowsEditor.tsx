// Editable key/value rows (env, labels, options, build arguments), each input labelled with its row number, errors under the row.

/** One key/value row as typed. */
export interface KeyValueRow {
  key: string;
  value: string;
}

export interface RowsEditorProps {
  legend: string;
  rows: KeyValueRow[];
  onChange(rows: KeyValueRow[]): void;
  /** Row `i`'s error is `errors[`${errorKey}.${i}`]`. */
  errorKey: string;
  errors: Readonly<Record<string, string>>;
  keyLabel: string;
  valueLabel: string;
  keyPlaceholder?: string;
  valuePlaceholder?: string;
  addLabel: string;
}

export function RowsEditor(p: RowsEditorProps) {
  const set = (i: number, patch: Partial<KeyValueRow>) => p.onChange(p.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset>
      <legend>{p.legend}</legend>
      {p.rows.map((r, i) => {
        const err = p.errors[`${p.errorKey}.${i}`];
        const errId = `${p.errorKey}-${i}-err`;
        return (
          <div key={i}>
            <div className="rowline">
              <input type="text" aria-label={`${p.keyLabel}, row ${i + 1}`} placeholder={p.keyPlaceholder} value={r.key} onChange={(e) => set(i, { key: e.target.value })} aria-invalid={err ? true : undefined} aria-describedby={err ? errId : undefined} className="input mono" spellCheck={false} />
              <input type="text" aria-label={`${p.valueLabel}, row ${i + 1}`} placeholder={p.valuePlaceholder} value={r.value} onChange={(e) => set(i, { value: e.target.value })} className="input mono" spellCheck={false} />
              <button type="button" className="btn icon" aria-label={`Remove ${p.legend.toLowerCase()} row ${i + 1}`} onClick={() => p.onChange(p.rows.filter((_, j) => j !== i))}>
                ✕
              </button>
            </div>
            {err ? (
              <span className="error-text" id={errId} role="alert">
                {err}
              </span>
            ) : null}
          </div>
        );
      })}
      <div>
        <button type="button" className="btn small" onClick={() => p.onChange([...p.rows, { key: '', value: '' }])}>
          {p.addLabel}
        </button>
      </div>
    </fieldset>
  );
}
