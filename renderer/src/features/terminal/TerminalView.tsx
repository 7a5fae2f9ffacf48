// A terminal in xterm.js: an exec shell or attach (containers), the VM's shell, or a host shell; fit + resize reach the source; search, copy, paste, busybox offer.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { copyText, pasteText } from '../../lib/clipboard.js';
import { termSession, type TermMode } from './sessions.js';

export interface TerminalViewProps {
  /** The container (exec/attach); ignored for vm/host. */
  id: string;
  name: string;
  mode: TermMode;
  /** Whether the thing it opens into is running (the terminal connects when it is). */
  running: boolean;
  /** A session of its own (dock tabs); default: the container's terminal tab. */
  sessionKey?: string | undefined;
  /** Words for "not running" (default: "<name> is not running — start it to open a terminal."). */
  idleText?: string | undefined;
}

function opening(mode: TermMode, name: string): string {
  switch (mode) {
    case 'attach':
      return `Opening the container’s terminal in ${name}…`;
    case 'vm':
      return 'Opening a shell in the Berth VM (SSH)…';
    case 'host':
      return 'Opening a shell on this computer…';
    case 'exec':
      return `Opening a shell in ${name}…`;
  }
}

function openWords(mode: TermMode, name: string): string {
  switch (mode) {
    case 'attach':
      return `Attached to ${name}`;
    case 'vm':
      return 'Shell in the Berth VM';
    case 'host':
      return 'Host shell (docker talks to Berth’s engine)';
    case 'exec':
      return `Shell in ${name}`;
  }
}

const DECORATIONS = { matchBackground: '#5c4a00', activeMatchBackground: '#b58900', matchOverviewRuler: '#b58900', activeMatchColorOverviewRuler: '#ffd700' };

export function TerminalView({ id, name, mode, running, sessionKey, idleText }: TerminalViewProps) {
  const s = termSession(id, mode, sessionKey);
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
      ? opening(mode, name)
      : snap.status === 'open'
        ? `${openWords(mode, name)} · ${snap.cols}×${snap.rows}`
        : (snap.message ?? (running ? '' : (idleText ?? `${name} is not running — start it to open a terminal.`)));

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
        <button type="button" className="btn small" onClick={() => void copyText(s.term.getSelection())}>
          Copy
        </button>
        <button
          type="button"
          className="btn small"
          onClick={() =>
            void pasteText().then((t) => {
              if (t === undefined) return;
              s.term.paste(t);
              s.term.focus();
            })
          }
        >
          Paste
        </button>
        {(snap.status === 'ended' || snap.status === 'failed') && !snap.unsupported ? (
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
