// Engines slice: every engine the core knows (engines.list/changed), the window's current one, and a switch under way.
import type { CurrentEngine, EngineEntry } from '../../../../app/engines.js';
import type { Slice } from '../../store/index.js';

export interface EnginesSlice {
  engines: EngineEntry[];
  /** The engine whose objects the window shows; undefined until the core said. */
  currentEngine: CurrentEngine | undefined;
  /** The id of an engine being switched to (the switcher shows it until the core answers). */
  switchingTo: string | undefined;
  setEngines(list: EngineEntry[]): void;
  /**
   * Another engine is current: every list is emptied (not loaded) and engineEpoch moves, so each page loads that
   * engine's objects; the window never shows two engines' objects as one list.
   */
  setCurrentEngine(c: CurrentEngine): void;
  setSwitchingTo(id: string | undefined): void;
}

const empty = { byId: {}, loaded: false };

export const createEnginesSlice: Slice<EnginesSlice> = (set) => ({
  engines: [],
  currentEngine: undefined,
  switchingTo: undefined,
  setEngines: (engines) => set({ engines }),
  setCurrentEngine: (c) =>
    set((s) => {
      if (s.currentEngine?.id === c.id) return s.currentEngine.name === c.name ? {} : { currentEngine: c };
      // The first answer only names the engine the window already shows.
      if (!s.currentEngine) return { currentEngine: c };
      return { currentEngine: c, containers: empty, images: empty, volumes: empty, networks: empty, engineEpoch: s.engineEpoch + 1, engineVersion: undefined, engineInfo: undefined, diskUsage: undefined };
    }),
  setSwitchingTo: (switchingTo) => set({ switchingTo }),
});

/** Does a delta describe the window's current engine? One that names no engine (an older core) always does. */
export function forCurrentEngine(deltaEngine: string | undefined, current: CurrentEngine | undefined): boolean {
  return deltaEngine === undefined || current === undefined || deltaEngine === current.id;
}

/** What the switcher says of an engine: its kind and state, with the version when up and the reason when down. */
export function engineLine(e: EngineEntry): string {
  const kind = e.kind === 'vm' ? 'Berth VM' : e.kind === 'ssh' ? 'SSH' : e.kind === 'tcp' ? (e.tls ? 'TCP (TLS)' : 'TCP') : e.kind === 'pipe' ? 'named pipe' : 'socket';
  if (e.state === 'up') return `${kind} · up · Engine ${e.version ?? '?'}`;
  if (e.state === 'down') return `${kind} · down: ${e.reason ?? 'it does not answer'}`;
  return `${kind} · connecting…`;
}
