// The top bar: the engine switcher, Run, the activity indicator, and the filter box (`/` focuses it).
import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store/index.js';
import { EngineSwitcher } from '../engines/EngineSwitcher.js';

export function TopBar() {
  const { running, failed } = useStore(
    useShallow((s) => ({ running: s.tasks.filter((t) => t.state === 'running').length, failed: s.tasks.filter((t) => t.state === 'failed').length })),
  );
  const filter = useStore((s) => s.filter);
  const setFilter = useStore((s) => s.setFilter);
  const openRun = useStore((s) => s.openRun);
  const toggleActivity = useStore((s) => s.toggleActivity);
  const activityOpen = useStore((s) => s.activityOpen);
  const dockTabs = useStore((s) => s.dockTabs.length);
  const dockShown = useStore((s) => s.dockMode !== 'hidden');
  const setDockMode = useStore((s) => s.setDockMode);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.closest('.xterm'))) return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const activityLabel = running > 0 ? `Activity: ${running} running` : failed > 0 ? `Activity: ${failed} failed` : 'Activity';
  return (
    <header className="topbar">
      <EngineSwitcher />
      <button type="button" className="btn primary" onClick={() => openRun()}>
        Run…
      </button>
      <div className="spacer" />
      <button type="button" className="btn" aria-expanded={dockShown} aria-label={`${dockShown ? 'Hide' : 'Show'} the dock${dockTabs ? ` (${dockTabs} ${dockTabs === 1 ? 'tab' : 'tabs'})` : ''}`} onClick={() => setDockMode(dockShown ? 'hidden' : 'open')}>
        Dock{dockTabs ? ` · ${dockTabs}` : ''}
      </button>
      <button type="button" className="btn" aria-expanded={activityOpen} aria-label={activityLabel} onClick={() => toggleActivity()}>
        {running > 0 ? `⟳ ${running} running` : failed > 0 ? `⚠ ${failed} failed` : 'Activity'}
      </button>
      <input
        ref={input}
        className="filter"
        type="search"
        aria-label="Filter"
        placeholder="Filter  ( / )"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setFilter('');
            input.current?.blur();
          }
        }}
      />
    </header>
  );
}
