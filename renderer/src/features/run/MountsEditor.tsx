// Volumes and bind mounts: rows of type, source (host path or volume name), target in the container, read-only.
import type { MountRow } from './form.js';
import type { FormErrors } from './toRequest.js';

export function MountsEditor({ rows, onChange, errors, volumes }: { rows: MountRow[]; onChange(rows: MountRow[]): void; errors: FormErrors; volumes: string[] }) {
  const set = (i: number, patch: Partial<MountRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset>
      <legend>Volumes and bind mounts</legend>
      <datalist id="run-volumes">
        {volumes.map((v) => (
          <option key={v} value={v} />
        ))}
      </datalist>
      {rows.map((r, i) => {
        const err = errors[`mounts.${i}`];
        return (
          <div key={i}>
            <div className="rowline">
              <select className="input" style={{ width: 110, flex: 'none' }} aria-label={`Mount type, row ${i + 1}`} value={r.type} onChange={(e) => set(i, { type: e.target.value as MountRow['type'] })}>
                <option value="volume">Volume</option>
                <option value="bind">Bind (host path)</option>
                <option value="tmpfs">tmpfs</option>
              </select>
              <input
                type="text"
                className="input mono"
                aria-label={`Source, row ${i + 1}`}
                list={r.type === 'volume' ? 'run-volumes' : undefined}
                disabled={r.type === 'tmpfs'}
                placeholder={r.type === 'bind' ? '/host/path' : r.type === 'volume' ? 'volume name (blank: new)' : ''}
                value={r.source}
                onChange={(e) => set(i, { source: e.target.value })}
                aria-invalid={err ? true : undefined}
              />
              <input type="text" className="input mono" aria-label={`Target in container, row ${i + 1}`} placeholder="/data" value={r.target} onChange={(e) => set(i, { target: e.target.value })} aria-invalid={err ? true : undefined} />
              <label className="check">
                <input type="checkbox" checked={r.readOnly} onChange={(e) => set(i, { readOnly: e.target.checked })} aria-label={`Read-only, row ${i + 1}`} />
                ro
              </label>
              <button type="button" className="btn icon" aria-label={`Remove mount row ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                ✕
              </button>
            </div>
            {err ? (
              <span className="error-text" role="alert">
                {err}
              </span>
            ) : null}
          </div>
        );
      })}
      {errors.mounts ? <span className="error-text" role="alert">{errors.mounts}</span> : null}
      <div>
        <button type="button" className="btn small" onClick={() => onChange([...rows, { type: 'volume', source: '', target: '', readOnly: false }])}>
          Add mount
        </button>
      </div>
    </fieldset>
  );
}
