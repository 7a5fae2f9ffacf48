// UI slice: the route (mirrored in the URL hash), the list filter, and which global dialogs and panels are open.
import type { RunSpecInput } from '../../../../app/runspec.js';
import { formatRoute, type Route } from '../../lib/route.js';
import type { Slice } from '../../store/index.js';

export interface RunDialogState {
  /** Values to start from (an image row's image, a pasted command line). */
  prefill: Partial<RunSpecInput>;
}

/** A removal waiting for the person's answer (unnamed or changed stopped container). */
export interface RemoveAsk {
  id: string;
  name: string;
  reasons: string[];
  /** The changed paths to name (the first ten) and how many there are; the Changes tab lists them all. */
  changed?: { paths: string[]; total: number } | undefined;
}

export interface UiSlice {
  route: Route;
  removeAsk: RemoveAsk | undefined;
  askRemove(a: RemoveAsk | undefined): void;
  filter: string;
  runDialog: RunDialogState | undefined;
  activityOpen: boolean;
  paletteOpen: boolean;
  /** A dialog a page should open when it mounts (the palette's "Pull image…"). */
  intent: 'pull' | undefined;
  setIntent(i: 'pull' | undefined): void;
  navigate(r: Route): void;
  /** Route change that came from the URL (back/forward): does not write the hash again. */
  routeFromUrl(r: Route): void;
  setFilter(f: string): void;
  openRun(prefill?: Partial<RunSpecInput>): void;
  closeRun(): void;
  toggleActivity(open?: boolean): void;
  togglePalette(open?: boolean): void;
}

export const createUiSlice: Slice<UiSlice> = (set) => ({
  route: { page: 'containers' },
  removeAsk: undefined,
  askRemove: (removeAsk) => set({ removeAsk }),
  filter: '',
  runDialog: undefined,
  activityOpen: false,
  paletteOpen: false,
  intent: undefined,
  setIntent: (intent) => set({ intent }),
  navigate: (route) => {
    const hash = formatRoute(route);
    if (typeof window !== 'undefined' && window.location.hash !== hash) window.history.pushState(null, '', hash);
    // Going to a page while the dock fills the window brings the page back.
    set((s) => ({ route, ...(s.dockMode === 'full' ? { dockMode: 'open' as const } : {}) }));
  },
  routeFromUrl: (route) => set((s) => ({ route, ...(s.dockMode === 'full' ? { dockMode: 'open' as const } : {}) })),
  setFilter: (filter) => set({ filter }),
  openRun: (prefill = {}) => set({ runDialog: { prefill } }),
  closeRun: () => set({ runDialog: undefined }),
  toggleActivity: (open) => set((s) => ({ activityOpen: open ?? !s.activityOpen })),
  togglePalette: (open) => set((s) => ({ paletteOpen: open ?? !s.paletteOpen })),
});
