// Terminal sessions that outlive their view: one xterm + stream per key (container and mode, or a dock tab), re-parented on remount so scrollback survives.
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import type { StreamHandle } from '../../../../app/contract.js';
import { copyText } from '../../lib/clipboard.js';
import { client } from '../../transport/index.js';
import { keyAction } from './keys.js';
import { openTerminalLink, oscLinkHandler } from './links.js';

/** exec: a shell in a container; attach: a -ti container's own process; vm: a shell in the Berth VM; host: a shell on this machine (desktop). */
export type TermMode = 'exec' | 'attach' | 'vm' | 'host';
export type TermStatus = 'idle' | 'connecting' | 'open' | 'ended' | 'failed';

export interface TermSnapshot {
  status: TermStatus;
  message?: string | undefined;
  shell?: string | undefined;
  /** The container has no shell: offer Berth's busybox. */
  noShell: boolean;
  /** The endpoint does not offer this kind of terminal (UNSUPPORTED). */
  unsupported?: boolean;
  cols: number;
  rows: number;
}

export interface TermSession {
  readonly key: string;
  readonly id: string;
  readonly mode: TermMode;
  readonly term: Terminal;
  readonly search: SearchAddon;
  snapshot(): TermSnapshot;
  subscribe(cb: () => void): () => void;
  /** Puts the terminal into `host` (opening xterm the first time) and fits it. */
  mount(host: HTMLElement): void;
  unmount(): void;
  fit(): void;
  connect(opts?: { fallbackShell?: boolean }): void;
  close(): void;
  dispose(): void;
}

const sessions = new Map<string, TermSession>();
const RESIZE_DEBOUNCE_MS = 60;

/** The session of a container's terminal tab (`exec:<id>`), or one of its own when `key` is given (dock tabs, the VM page). */
export function termSession(id: string, mode: TermMode, key = `${mode}:${id}`): TermSession {
  let s = sessions.get(key);
  if (!s) {
    s = createSession(key, id, mode);
    sessions.set(key, s);
  }
  return s;
}

/** The session under `key`, if one was made. */
export function findSession(key: string): TermSession | undefined {
  return sessions.get(key);
}

/** Ends the stream and frees the terminal. */
export function disposeSession(key: string): void {
  sessions.get(key)?.dispose();
  sessions.delete(key);
}

/** True while a process runs in the session (closing it would end that process). */
export function isLive(key: string): boolean {
  const st = sessions.get(key)?.snapshot().status;
  return st === 'open' || st === 'connecting';
}

function openStream(mode: TermMode, id: string, size: { cols: number; rows: number }, opts: { fallbackShell?: boolean }, cb: Parameters<ReturnType<typeof client>['terminals']['exec']>[1]): StreamHandle {
  const c = client();
  switch (mode) {
    case 'attach':
      return c.terminals.attach({ id, ...size }, cb, { manualAck: true });
    case 'vm':
      return c.vm.shell({ ...size }, cb, { manualAck: true });
    case 'host':
      return c.terminals.host({ ...size }, cb, { manualAck: true });
    case 'exec':
      return c.terminals.exec({ id, fallbackShell: opts.fallbackShell ?? false, tty: true, ...size }, cb, { manualAck: true });
  }
}

export function disposeSessionsFor(id: string): void {
  for (const [key, s] of sessions) {
    if (s.id === id) {
      s.dispose();
      sessions.delete(key);
    }
  }
}

function createSession(key: string, id: string, mode: TermMode): TermSession {
  const term = new Terminal({
    scrollback: 10_000,
    cursorBlink: true,
    allowProposedApi: true,
    convertEol: false,
    fontFamily: "ui-monospace, SFMono-Regular, 'JetBrains Mono', Menlo, Consolas, 'Liberation Mono', monospace",
    fontSize: 13,
    theme: { background: '#0b0d10', foreground: '#e6e8eb', cursor: '#e6e8eb', selectionBackground: '#3a4a63' },
    // OSC 8 hyperlinks (their text need not be their target) go through the same filter as the links found in the text.
    linkHandler: oscLinkHandler,
  });
  const fitAddon = new FitAddon();
  const search = new SearchAddon();
  term.loadAddon(fitAddon);
  term.loadAddon(search);
  term.loadAddon(new WebLinksAddon((_e, uri) => openTerminalLink(uri)));
  const el = document.createElement('div');
  el.style.height = '100%';
  el.style.width = '100%';
  let opened = false;
  let handle: StreamHandle | undefined;
  let snap: TermSnapshot = { status: 'idle', noShell: false, cols: 80, rows: 24 };
  const subs = new Set<() => void>();
  const update = (patch: Partial<TermSnapshot>) => {
    snap = { ...snap, ...patch };
    for (const cb of subs) cb();
  };
  let resizeTimer: ReturnType<typeof setTimeout> | undefined;

  /** Whether the person has typed into the current stream (then Berth sends nothing on its own). */
  let typed = false;
  term.onData((d) => {
    typed = true;
    handle?.write(d);
  });
  term.onBinary((d) => handle?.write(d));
  term.onResize(({ cols, rows }) => {
    update({ cols, rows });
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => handle?.resize(cols, rows), RESIZE_DEBOUNCE_MS);
  });
  term.attachCustomKeyEventHandler((e) => {
    const action = keyAction(e, term.hasSelection(), navigator.platform.startsWith('Mac'));
    if (action === 'copy') {
      void copyText(term.getSelection());
      return false;
    }
    // 'paste': let the browser fire its paste event, which xterm turns into input (never ^V).
    return action === 'pass';
  });

  const s: TermSession = {
    key,
    id,
    mode,
    term,
    search,
    snapshot: () => snap,
    subscribe(cb) {
      subs.add(cb);
      return () => {
        subs.delete(cb);
      };
    },
    mount(host) {
      host.appendChild(el);
      if (!opened) {
        term.open(el);
        opened = true;
      }
      s.fit();
    },
    unmount() {
      el.remove();
    },
    fit() {
      if (!opened || !el.isConnected || el.clientWidth === 0) return;
      try {
        fitAddon.fit();
      } catch {
        // Not measurable yet (hidden); the next resize fits it.
      }
    },
    connect(opts = {}) {
      handle?.close();
      typed = false;
      update({ status: 'connecting', message: undefined, noShell: false, unsupported: false });
      const size = { cols: term.cols, rows: term.rows };
      const cb = {
        onData: (text: string) => {
          if (snap.status !== 'open') update({ status: 'open' });
          // Acknowledge only once xterm has drawn the chunk: the core pauses the source when we fall behind.
          term.write(text, () => h.ack());
        },
        onEnd: (result: { exitCode: number | null; shell?: string | undefined } | undefined, err?: { code: string; message: string }) => {
          if (handle === h) handle = undefined;
          if (err) {
            const noShell = mode === 'exec' && err.code === 'NOT_FOUND' && /no shell/i.test(err.message);
            update({ status: 'failed', message: err.message, noShell, unsupported: err.code === 'UNSUPPORTED' });
            return;
          }
          const code = result?.exitCode;
          term.write(`\r\n\x1b[2m[${mode === 'attach' ? 'detached' : 'process exited'}${code !== null && code !== undefined ? ` with code ${code}` : ''}]\x1b[0m\r\n`);
          update({ status: 'ended', message: `The ${mode === 'attach' ? 'container process' : (result?.shell ?? 'shell')} ended${code !== null && code !== undefined ? ` (exit code ${code})` : ''}.` });
        },
      };
      const h: StreamHandle = openStream(mode, id, size, opts, cb);
      handle = h;
      // A shell says it is ready with its prompt (the first bytes). An attached process may stay silent: ask it to redraw (Ctrl+L).
      if (mode === 'attach') {
        setTimeout(() => {
          if (handle !== h || snap.status !== 'connecting' || typed) return;
          h.write('\x0c');
          update({ status: 'open' });
        }, 350);
      }
    },
    close() {
      handle?.close();
      handle = undefined;
      update({ status: 'ended', message: 'Closed.' });
    },
    dispose() {
      handle?.close();
      handle = undefined;
      clearTimeout(resizeTimer);
      term.dispose();
      el.remove();
      subs.clear();
    },
  };
  return s;
}
