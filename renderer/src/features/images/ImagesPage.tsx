// The images page: list with filter, and pull, build, import, registry browsing, tag, push, remove and prune.
import { useEffect, useMemo, useState } from 'react';
import { attempt, info } from '../../lib/attempt.js';
import { bytes } from '../../lib/format.js';
import { shownError } from '../../lib/errors.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';
import { Dialog } from '../../ui/Dialog.js';
import { VirtualTable, type Column } from '../../ui/VirtualTable.js';
import { CopyImageDialog } from '../moves/dialogs.js';
import { BuildDialog, ImportDialog, TagDialog } from './dialogs.js';
import { RegistryDialog } from './RegistryDialog.js';
import { PullDialog, PushDialog } from './TransferDialog.js';
import { imageRows, type ImageRow } from './viewModel.js';

type Open = { kind: 'pull' | 'build' | 'import' | 'registry' } | { kind: 'tag' | 'push' | 'copy'; ref: string } | { kind: 'remove'; row: ImageRow; message: string } | undefined;

export function ImagesPage() {
  const images = useStore((s) => s.images.byId);
  const containers = useStore((s) => s.containers.byId);
  const loaded = useStore((s) => s.images.loaded);
  const filter = useStore((s) => s.filter);
  const openRun = useStore((s) => s.openRun);
  const navigate = useStore((s) => s.navigate);
  const engine = useStore((s) => s.currentEngine?.id);
  const [open, setOpen] = useState<Open>();
  const rows = useMemo(() => imageRows(Object.values(images), Object.values(containers), filter), [images, containers, filter]);
  const intent = useStore((s) => s.intent);
  useEffect(() => {
    if (intent !== 'pull') return;
    useStore.getState().setIntent(undefined);
    setOpen({ kind: 'pull' });
  }, [intent]);

  const remove = async (row: ImageRow, force = false) => {
    try {
      const r = await client().images.remove({ id: row.ref, force });
      info(`Removed ${row.ref}`, r.deleted.length ? `${r.deleted.length} layers deleted` : undefined);
      setOpen(undefined);
    } catch (e) {
      const err = shownError(e);
      if (!force && (err.code === 'CONFLICT' || err.code === 'NAME_CONFLICT')) setOpen({ kind: 'remove', row, message: err.message });
      else useStore.getState().notify({ level: 'error', title: `Remove ${row.ref}: ${err.message}`, detail: err.detail });
    }
  };
  const prune = async () => {
    const r = await attempt('Prune dangling images', () => client().images.prune({ all: false }));
    if (r) info(`Pruned ${r.deleted.length} dangling images, reclaimed ${bytes(r.spaceReclaimed)}`);
  };

  const columns: Column<ImageRow>[] = [
    {
      key: 'repo',
      title: 'Repository',
      width: 'minmax(180px, 2fr)',
      render: (r) => (
        <button type="button" className="linkish mono" onClick={() => navigate({ page: 'image', id: r.id })} title={r.id}>
          {r.repository}
        </button>
      ),
    },
    { key: 'tag', title: 'Tag', width: 'minmax(80px, 1fr)', render: (r) => <span className="mono">{r.tag}</span> },
    { key: 'id', title: 'Image ID', width: '120px', render: (r) => <code>{r.shortId}</code> },
    { key: 'platform', title: 'Platform', width: '100px', render: (r) => <span className="mono" aria-label={`Platform ${r.platform || 'unknown'}`}>{r.platform || '—'}</span> },
    { key: 'size', title: 'Size', width: '90px', render: (r) => r.size },
    { key: 'created', title: 'Created', width: '110px', render: (r) => <span className="muted">{r.created}</span> },
    { key: 'use', title: 'In use', width: '90px', render: (r) => (r.inUse > 0 ? `${r.inUse} container${r.inUse === 1 ? '' : 's'}` : <span className="muted">unused</span>) },
    {
      key: 'actions',
      title: 'Actions',
      width: '360px',
      className: 'actions',
      render: (r) => (
        <>
          <button type="button" className="btn small" aria-label={`Run ${r.ref}`} onClick={() => openRun({ image: r.dangling ? r.id : r.ref })}>
            Run
          </button>
          <button type="button" className="btn small" aria-label={`Tag ${r.ref}`} onClick={() => setOpen({ kind: 'tag', ref: r.ref })}>
            Tag
          </button>
          {!r.dangling ? (
            <button type="button" className="btn small" aria-label={`Push ${r.ref}`} onClick={() => setOpen({ kind: 'push', ref: r.ref })}>
              Push
            </button>
          ) : null}
          {engine ? (
            <button type="button" className="btn small" aria-label={`Copy ${r.ref} to another engine`} onClick={() => setOpen({ kind: 'copy', ref: r.dangling ? r.id : r.ref })}>
              Copy to engine…
            </button>
          ) : null}
          <button type="button" className="btn small danger" aria-label={`Remove ${r.ref}`} onClick={() => void remove(r)}>
            Remove
          </button>
        </>
      ),
    },
  ];

  return (
    <section className="page" aria-label="Images">
      <div className="page-head">
        <h1>Images</h1>
        <span className="sub">{loaded ? `${rows.length} shown` : 'Loading…'}</span>
        <span style={{ flex: 1 }} />
        <div className="toolbar">
          <button type="button" className="btn primary" onClick={() => setOpen({ kind: 'pull' })}>
            Pull…
          </button>
          <button type="button" className="btn" onClick={() => setOpen({ kind: 'build' })}>
            Build…
          </button>
          <button type="button" className="btn" onClick={() => setOpen({ kind: 'import' })}>
            Import…
          </button>
          <button type="button" className="btn" onClick={() => setOpen({ kind: 'registry' })}>
            Browse registry…
          </button>
          <button type="button" className="btn" onClick={() => void prune()}>
            Prune dangling
          </button>
        </div>
      </div>
      <VirtualTable
        label="Images list"
        rows={rows}
        columns={columns}
        rowKey={(r) => r.key}
        rowLabel={(r) => (r.dangling ? `<none> ${r.shortId}` : r.ref)}
        empty={loaded ? (filter ? `Nothing matches “${filter}”.` : 'No images yet — pull one, build from a folder, or import a tar.') : 'Loading the list from the engine…'}
      />
      {open?.kind === 'pull' ? <PullDialog onClose={() => setOpen(undefined)} /> : null}
      {open?.kind === 'build' ? <BuildDialog onClose={() => setOpen(undefined)} /> : null}
      {open?.kind === 'import' ? <ImportDialog onClose={() => setOpen(undefined)} /> : null}
      {open?.kind === 'registry' ? <RegistryDialog onClose={() => setOpen(undefined)} /> : null}
      {open?.kind === 'tag' ? <TagDialog source={open.ref} onClose={() => setOpen(undefined)} /> : null}
      {open?.kind === 'push' ? <PushDialog initial={open.ref} onClose={() => setOpen(undefined)} /> : null}
      {open?.kind === 'copy' && engine ? <CopyImageDialog from={engine} image={open.ref} onClose={() => setOpen(undefined)} /> : null}
      {open?.kind === 'remove' ? (
        <Dialog
          title={`Remove ${open.row.ref}?`}
          onClose={() => setOpen(undefined)}
          footer={
            <>
              <button type="button" className="btn" onClick={() => setOpen(undefined)}>
                Cancel
              </button>
              <button type="button" className="btn primary danger" onClick={() => void remove(open.row, true)}>
                Force remove
              </button>
            </>
          }
        >
          <p style={{ margin: 0 }}>{open.message}</p>
        </Dialog>
      ) : null}
    </section>
  );
}
