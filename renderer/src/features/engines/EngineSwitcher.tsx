// The top bar's engine: a button that opens the list of every engine (name, kind, state) and switches on a choice.
import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { client } from '../../transport/index.js';
import { useStore } from '../../store/index.js';
import { engineLine } from './slice.js';
import { switchEngine } from './switch.js';

export function EngineSwitcher() {
  const endpoint = useStore((s) => s.engineStatus?.endpoint);
  const engineState = useStore((s) => (s.link !== 'open' ? 'closed' : (s.engineStatus?.state ?? 'connecting')));
  const version = useStore((s) => s.engineStatus?.version);
  const { current, engines, switchingTo } = useStore(useShallow((s) => ({ current: s.currentEngine, engines: s.engines, switchingTo: s.switchingTo })));
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [active, setActive] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (!open) return;
    // Fresh states when the list opens: each engine is probed again in the background (engines.changed brings them).
    void client().engines.list().then((l) => useStore.getState().setEngines(l)).catch(() => undefined);
    for (const e of useStore.getState().engines) void client().engines.probe({ id: e.id }).catch(() => undefined);
    const onDown = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', onDown);
    list.current?.focus();
    return () => window.removeEventListener('mousedown', onDown);
  }, [open]);

  const name = current?.name ?? endpoint?.label;
  const choose = async (id: string) => {
    setError(undefined);
    const err = await switchEngine(id);
    if (err) setError(err);
    else setOpen(false);
  };
  const label = name ? `Engine: ${name}` : 'Engine';
  return (
    <div className="engine-switcher" ref={box}>
      <button
        type="button"
        className="endpoint"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-label={label}
        title={endpoint ? `${endpoint.label} — ${endpoint.address}` : 'Engine'}
        onClick={() => {
          setError(undefined);
          setActive(Math.max(0, engines.findIndex((e) => e.id === current?.id)));
          setOpen((o) => !o);
        }}
      >
        <span className={`dot ${engineState}`} aria-hidden="true" />
        <span>{name ?? 'Connecting…'}</span>
        {endpoint && current && current.name !== endpoint.label ? <span className="muted">{endpoint.label}</span> : null}
        {version ? <span className="muted">· Engine {version}</span> : null}
        <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <div className="engine-menu">
          <ul
            ref={list}
            role="listbox"
            aria-label="Engines"
            tabIndex={-1}
            aria-activedescendant={engines[active] ? `engine-opt-${active}` : undefined}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') setActive((x) => Math.min(engines.length - 1, x + 1));
              else if (e.key === 'ArrowUp') setActive((x) => Math.max(0, x - 1));
              else if (e.key === 'Enter' && engines[active]) void choose(engines[active].id);
              else if (e.key === 'Escape') setOpen(false);
              else return;
              e.preventDefault();
            }}
          >
            {engines.length === 0 ? <li className="muted">No engine found</li> : null}
            {engines.map((e, n) => (
              <li
                key={e.id}
                id={`engine-opt-${n}`}
                role="option"
                aria-selected={e.id === current?.id}
                aria-label={`${e.name} — ${engineLine(e)}`}
                className={`${n === active ? 'active' : ''} ${e.state}`}
                onMouseEnter={() => setActive(n)}
                onClick={() => void choose(e.id)}
              >
                <span className={`dot ${e.state}`} aria-hidden="true" />
                <span className="engine-name">{e.name}</span>
                <span className="muted">{switchingTo === e.id ? 'switching…' : engineLine(e)}</span>
              </li>
            ))}
          </ul>
          {error ? (
            <p role="alert" className="error-text">
              {error}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
