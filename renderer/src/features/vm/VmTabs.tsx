// The VM page's tabs besides the terminal: the guest's console log and the port forwards.
import { useCallback, useEffect, useState } from 'react';
import type { VmPortForward } from '../../../../app/vm.js';
import { shownError } from '../../lib/errors.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';
import { ExternalLink } from '../../ui/ExternalLink.js';

export function ConsoleTab({ stateKey }: { stateKey: string }) {
  const [lines, setLines] = useState<string[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const load = useCallback(() => {
    client()
      .vm.console({ lines: 500 })
      .then((l) => {
        setLines(l);
        setError(undefined);
      })
      .catch((e: unknown) => setError(shownError(e).message));
  }, []);
  // Read again whenever the VM changes state or stage (no polling).
  useEffect(load, [load, stateKey]);
  return (
    <>
      <div className="toolbar" role="toolbar" aria-label="Console controls">
        <span className="muted">The last lines of the guest’s serial console{lines ? ` (${lines.length})` : ''}; read again at each change of state.</span>
        <span style={{ flex: 1 }} />
        <button type="button" className="btn small" onClick={load}>
          Refresh console
        </button>
      </div>
      {error ? <span className="error-text">{error}</span> : null}
      <pre className="console mono" aria-label="VM console" tabIndex={0}>
        {lines === undefined ? 'Reading the console…' : lines.length === 0 ? '(the console is empty)' : lines.join('\n')}
      </pre>
    </>
  );
}

function forwardLabel(f: VmPortForward): string {
  return `${f.hostIp}:${f.hostPort}/${f.protocol}`;
}

export function ForwardsTab({ forwards }: { forwards: VmPortForward[] }) {
  const navigate = useStore((s) => s.navigate);
  const cols = { gridTemplateColumns: 'minmax(150px, 1fr) minmax(150px, 1fr) minmax(140px, 1fr) 110px minmax(200px, 2fr)' };
  const sorted = [...forwards].sort((a, b) => (a.status === b.status ? a.hostPort - b.hostPort : a.status === 'failed' ? -1 : 1));
  return (
    <div className="table" role="table" aria-label="Port forwards">
      <div className="thead" role="row" style={cols}>
        {['On this computer', 'In the VM', 'Container', 'Origin', 'Status'].map((h) => (
          <div key={h} role="columnheader">
            {h}
          </div>
        ))}
      </div>
      {sorted.length === 0 ? <div className="empty">No ports are forwarded. Ports that containers publish appear here and answer on this computer’s 127.0.0.1.</div> : null}
      {sorted.map((f) => {
        const host = f.hostIp === '0.0.0.0' || f.hostIp === '' ? '127.0.0.1' : f.hostIp;
        const url = f.protocol === 'tcp' && f.status === 'active' ? `http://${host}:${f.hostPort}` : undefined;
        return (
          <div key={`${f.protocol}:${f.hostIp}:${f.hostPort}`} className={`tr${f.status === 'failed' ? ' failed' : ''}`} role="row" aria-label={forwardLabel(f)} style={cols}>
            <div role="cell" className="cell mono">
              {url ? <ExternalLink href={url} aria-label={`Open ${forwardLabel(f)}`}>{forwardLabel(f)}</ExternalLink> : forwardLabel(f)}
            </div>
            <div role="cell" className="cell mono">
              {f.guestHost ? `${f.guestHost}:` : ''}
              {f.guestPort}/{f.protocol}
            </div>
            <div role="cell" className="cell">
              {f.containerId ? (
                <button type="button" className="linkish" onClick={() => navigate({ page: 'container', id: f.containerId as string, tab: 'logs' })}>
                  {f.containerName ?? f.containerId.slice(0, 12)}
                </button>
              ) : (
                (f.containerName ?? '—')
              )}
            </div>
            <div role="cell" className="cell muted">
              {f.origin === 'manual' ? 'added by hand' : 'published'}
            </div>
            <div role="cell" className="cell" title={f.error ? `${f.error.message}${f.error.detail ? ` (${f.error.detail})` : ''}` : undefined}>
              {f.status === 'active' ? (
                <span className="state">
                  <span className="dot up" aria-hidden="true" />
                  Active
                </span>
              ) : (
                <span className="state error-text">
                  <span className="dot down" aria-hidden="true" />
                  Failed: {f.error?.message ?? 'the port could not be forwarded'}
                </span>
              )}
            </div>
          </div>
        );
      })}
    </div>
  );
}
