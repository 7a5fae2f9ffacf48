// The terminal tab: an exec shell (or attach for -ti containers) in xterm.js; fit + resize reach the engine; search, copy, paste, busybox offer.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { termSession, type TermMode } from './sessions.js';

export interface TerminalViewProps {
  id: string;
  name: string;
  mode: TermMode;
  running: boolean;
}

const DECORATIONS = { matchBackground: '#5c4a00', activeMatchBackground: '#b58900', matchOverviewRuler: '#b58900', activeMatchColorOverviewRuler: '#ffd700' };

export function TerminalView({ id, name, mode, running }: TerminalViewProps) {
  const s = termSession(id, mode);
  const snap = useSyncExternalStore(s.subscribe, s.snapshot);
  const host = useRef<HTMLDivElement>(null);
  const [query, setQuery] = useState('');

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    s.mount(el);
    let t: ReturnType<typeof setTimeout> | undefined;
    const ro = new ResizeObserver(() => {
      clearTimeout(t);
      t = setTimeout(() => s.fit(), 30);
    });
    ro.observe(el);
    s.term.focus();
    return () => {
      clearTimeout(t);
      ro.disconnect();
      s.unmount();
    };
  }, [s]);

  useEffect(() => {
    if (running && snap.status === 'idle') {
      s.fit();
      s.connect();
    }
  }, [running, snap.status, s]);

  const find = (back: boolean) => {
    if (!query) return;
    if (back) s.search.findPrevious(query, { decorations: DECORATIONS });
    else s.search.findNext(query, { decorations: DECORATIONS });
  };

  const statusText =
    snap.status === 'connecting'
      ? `Opening ${mode === 'attach' ? 'the container’s terminal' : 'a shell'} in ${name}…`
      : snap.status === 'open'
        ? `${mode === 'attach' ? 'Attached to' : 'Shell in'} ${name} · ${snap.cols}×${snap.rows}`
        : (snap.message ?? (running ? '' : `${name} is not running — start it to open a terminal.`));

  return (
    <>
      <div className="toolbar" role="toolbar" aria-label="Terminal controls">
        <span className="state">
          <span className={`dot ${snap.status === 'open' ? 'running' : snap.status === 'failed' ? 'dead' : snap.status === 'connecting' ? 'connecting' : ''}`} aria-hidden="true" />
          <span role="status" aria-label="Terminal status">
            {statusText}
          </span>
        </span>
        <span style={{ flex: 1 }} />
        <input
          type="search"
          className="input"
          aria-label="Search terminal"
          placeholder="Search scrollback"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            if (!e.target.value) s.search.clearDecorations();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') find(e.shiftKey);
          }}
          style={{ width: 180 }}
        />
        <button type="button" className="btn small" aria-label="Previous terminal match" onClick={() => find(true)}>
          ↑
        </button>
        <button type="button" className="btn small" aria-label="Next terminal match" onClick={() => find(false)}>
          ↓
        </button>
        <button type="button" className="btn small" onClick={() => void navigator.clipboard?.writeText(s.term.getSelection())}>
          Copy
        </button>
        <button
          type="button"
          className="btn small"
          onClick={() =>
            void navigator.clipboard?.readText().then((t) => {
              s.term.paste(t);
              s.term.focus();
            })
          }
        >
          Paste
        </button>
        {snap.status === 'ended' || snap.status === 'failed' ? (
          <button type="button" className="btn small" disabled={!running} onClick={() => s.connect()}>
            {mode === 'attach' ? 'Attach again' : 'New shell'}
          </button>
        ) : null}
      </div>
      {snap.noShell ? (
        <div className="banner" role="alert" style={{ borderRadius: 8 }}>
          <div style={{ flex: 1 }}>
            <strong>{name} has no shell.</strong>
            Berth can lend it a static busybox, copied into the container’s writable layer (the image is not changed).
          </div>
          <button type="button" className="btn primary" onClick={() => s.connect({ fallbackShell: true })}>
            Open a busybox shell
          </button>
        </div>
      ) : null}
      <div className="term-host" ref={host} aria-label={`Terminal of ${name}`} role="region" onClick={() => s.term.focus()} />
    </>
  );
}
