// Published ports: the image's EXPOSE ports as one-click chips, then rows of host IP, host port (blank = any free), container port, protocol.
import type { Protocol } from '../../../../app/runspec.js';
import { unpublished, type ExposedPort } from './exposed.js';
import { emptyPortRow, type PortRow } from './form.js';
import type { FormErrors } from './toRequest.js';

export interface PortsEditorProps {
  rows: PortRow[];
  exposed: ExposedPort[];
  onChange(rows: PortRow[]): void;
  errors: FormErrors;
}

export function PortsEditor({ rows, exposed, onChange, errors }: PortsEditorProps) {
  const set = (i: number, patch: Partial<PortRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const chips = unpublished(exposed, rows);
  const sectionErr = errors.ports;
  return (
    <fieldset>
      <legend>Ports</legend>
      {chips.length > 0 ? (
        <div className="chips" aria-label="Exposed by the image">
          <span className="muted">Exposed by the image:</span>
          {chips.map((c) => (
            <button key={c.label} type="button" className="chip" aria-label={`Publish port ${c.label}`} onClick={() => onChange([...rows, { ...emptyPortRow(String(c.containerPort), String(c.containerPort)), protocol: c.protocol }])}>
              + {c.label}
            </button>
          ))}
        </div>
      ) : null}
      {rows.length > 0 ? (
        <div className="rowline muted" style={{ fontSize: 12 }}>
          <span style={{ flex: 1 }}>Host IP (blank: all)</span>
          <span style={{ flex: 1 }}>Host port (blank: any free)</span>
          <span style={{ flex: 1 }}>Container port</span>
          <span style={{ width: 80 }}>Protocol</span>
          <span style={{ width: 30 }} />
        </div>
      ) : null}
      {rows.map((r, i) => {
        const errs = (['hostIp', 'hostPort', 'containerPort'] as const).map((k) => [k, errors[`ports.${i}.${k}`]] as const).filter(([, e]) => e);
        const errId = `port-${i}-err`;
        const inv = (k: string) => (errors[`ports.${i}.${k}`] ? { 'aria-invalid': true, 'aria-describedby': errId } : {});
        return (
          <div key={i}>
            <div className="rowline">
              <input type="text" className="input mono" aria-label={`Host IP, row ${i + 1}`} placeholder="0.0.0.0" value={r.hostIp} onChange={(e) => set(i, { hostIp: e.target.value })} {...inv('hostIp')} />
              <input type="text" className="input mono" aria-label={`Host port, row ${i + 1}`} placeholder="any free" value={r.hostPort} onChange={(e) => set(i, { hostPort: e.target.value })} {...inv('hostPort')} />
              <input type="text" className="input mono" aria-label={`Container port, row ${i + 1}`} placeholder="80" value={r.containerPort} onChange={(e) => set(i, { containerPort: e.target.value })} {...inv('containerPort')} />
              <select className="input" style={{ width: 80, flex: 'none' }} aria-label={`Protocol, row ${i + 1}`} value={r.protocol} onChange={(e) => set(i, { protocol: e.target.value as Protocol })}>
                <option value="tcp">TCP</option>
                <option value="udp">UDP</option>
                <option value="sctp">SCTP</option>
              </select>
              <button type="button" className="btn icon" aria-label={`Remove port row ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                ✕
              </button>
            </div>
            {errs.length > 0 ? (
              <span className="error-text" id={errId} role="alert">
                {errs.map(([, e]) => e).join(' · ')}
              </span>
            ) : null}
          </div>
        );
      })}
      {sectionErr ? (
        <span className="error-text" role="alert">
          {sectionErr}
        </span>
      ) : null}
      <div>
        <button type="button" className="btn small" onClick={() => onChange([...rows, emptyPortRow()])}>
          Add port
        </button>
      </div>
    </fieldset>
  );
}
