// Changes (`docker diff`): paths added, changed or deleted in the writable layer, i.e. what a commit would keep.
import { useCallback, useEffect, useState } from 'react';
import type { Change } from '../../../../app/model.js';
import { shownError } from '../../lib/errors.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';

const MARK: Record<Change['kind'], string> = { added: 'A', modified: 'C', deleted: 'D' };

export function ChangesTab({ id }: { id: string }) {
  const [changes, setChanges] = useState<Change[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const epoch = useStore((s) => s.engineEpoch);
  const load = useCallback(() => {
    client()
      .containers.diff({ id })
      .then((c) => {
        setChanges(c);
        setError(undefined);
      })
      .catch((e: unknown) => setError(shownError(e).message));
  }, [id]);
  useEffect(load, [load, epoch]);
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 8, minHeight: 0 }}>
      <div className="toolbar">
        <button type="button" className="btn" onClick={load}>
          Refresh
        </button>
        <span className="muted">{changes ? `${changes.length} changed ${changes.length === 1 ? 'path' : 'paths'} in the writable layer` : ''}</span>
        {error ? <span className="error-text">{error}</span> : null}
      </div>
      {changes && changes.length === 0 ? <div className="empty">No changes: the container’s filesystem is exactly its image.</div> : null}
      <ul aria-label="Changed paths" className="mono" style={{ margin: 0, paddingLeft: 0, listStyle: 'none', overflow: 'auto' }}>
        {(changes ?? []).slice(0, 5000).map((c) => (
          <li key={c.path} className={c.kind === 'deleted' ? 'error-text' : undefined}>
            <span title={c.kind} style={{ display: 'inline-block', width: 18 }}>
              {MARK[c.kind]}
            </span>
            {c.path}
            {c.lent ? <span className="muted"> — Berth’s busybox, lent for a shell (taken out when the last such shell closes)</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
