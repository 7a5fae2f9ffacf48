// Settings slice: the desktop app's stored settings (from `settings.get` and `settings.changed`), and which desktop-only services answer.
import type { Settings, Theme } from '../../../../app/settings.js';
import type { Support } from '../../lib/support.js';
import type { Slice } from '../../store/index.js';

export interface SettingsSlice {
  /** 'no' when the core answers UNSUPPORTED (`berth serve`: settings live in the desktop app). */
  settingsSupport: Support;
  settings: Settings | undefined;
  /** A shell on the host (`terminals.host`): desktop only; 'no' once it answered UNSUPPORTED. */
  hostTerminalSupport: Support;
  setSettings(s: Settings): void;
  setSettingsSupport(s: Support): void;
  setHostTerminalSupport(s: Support): void;
}

export const createSettingsSlice: Slice<SettingsSlice> = (set) => ({
  settingsSupport: 'unknown',
  settings: undefined,
  hostTerminalSupport: 'unknown',
  setSettings: (settings) => set({ settings, settingsSupport: 'yes' }),
  setSettingsSupport: (settingsSupport) => set({ settingsSupport }),
  setHostTerminalSupport: (hostTerminalSupport) => set({ hostTerminalSupport }),
});

/** The theme to draw with: the stored one on the desktop, the OS's otherwise. */
export function themeOf(s: Pick<SettingsSlice, 'settings'>): Theme {
  return s.settings?.theme ?? 'system';
}
