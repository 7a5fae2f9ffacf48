// Contract handlers for settings: settings.get and settings.set over the store (the host emits settings.changed).
import type { Settings } from '../../../app/settings.js';
import type { SettingsStore } from './store.js';

export interface SettingsHandlers {
  get(input?: unknown): Promise<Settings>;
  set(patch: unknown): Promise<Settings>;
}

export function createSettingsHandlers(store: SettingsStore): SettingsHandlers {
  return {
    get: () => Promise.resolve(store.get()),
    set: (patch) => store.update(patch),
  };
}

