// Dock slice: the bottom dock's tabs (terminals and log followers) that outlive page navigation, which one shows, and how big the dock is.
import type { Slice } from '../../store/index.js';

export type DockKind = 'exec' | 'attach' | 'vm' | 'host' | 'logs';

export interface DockTab {
  id: string;
  kind: DockKind;
  /** The container, for exec/attach/logs. */
  containerId?: string | undefined;
  title: string;
}

/** hidden: only the top bar's Dock button; open: under the page; full: popped to the whole window (the page stays mounted, hidden). */
export type DockMode = 'hidden' | 'open' | 'full';

export interface DockSlice {
  dockTabs: DockTab[];
  dockActive: string | undefined;
  dockMode: DockMode;
  dockHeight: number;
  /** Adds a tab (a log follower of a container already docked is reused) and shows it; returns its id. */
  openDockTab(t: Omit<DockTab, 'id'>): string;
  /** Removes the tab; the neighbour shows; the dock hides when it was the last. Ending its process is the caller's job. */
  removeDockTab(id: string): void;
  showDockTab(id: string): void;
  setDockMode(m: DockMode): void;
  setDockHeight(h: number): void;
}

export const DOCK_MIN = 140;
export const DOCK_DEFAULT = 300;
let seq = 0;

export const createDockSlice: Slice<DockSlice> = (set, get) => ({
  dockTabs: [],
  dockActive: undefined,
  dockMode: 'hidden',
  dockHeight: DOCK_DEFAULT,
  openDockTab: (t) => {
    const existing = t.kind === 'logs' ? get().dockTabs.find((x) => x.kind === 'logs' && x.containerId === t.containerId) : undefined;
    const id = existing?.id ?? `dock-${++seq}`;
    set((s) => ({
      dockTabs: existing ? s.dockTabs : [...s.dockTabs, { ...t, id }],
      dockActive: id,
      dockMode: s.dockMode === 'hidden' ? 'open' : s.dockMode,
    }));
    return id;
  },
  removeDockTab: (id) =>
    set((s) => {
      const i = s.dockTabs.findIndex((t) => t.id === id);
      if (i < 0) return {};
      const tabs = s.dockTabs.filter((t) => t.id !== id);
      const active = s.dockActive === id ? (tabs[Math.min(i, tabs.length - 1)]?.id ?? undefined) : s.dockActive;
      return { dockTabs: tabs, dockActive: active, dockMode: tabs.length === 0 ? 'hidden' : s.dockMode };
    }),
  showDockTab: (id) => set((s) => ({ dockActive: id, dockMode: s.dockMode === 'hidden' ? 'open' : s.dockMode })),
  setDockMode: (dockMode) => set({ dockMode }),
  setDockHeight: (h) => set({ dockHeight: Math.max(DOCK_MIN, Math.round(h)) }),
});
