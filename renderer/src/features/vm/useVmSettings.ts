// The VM's saved settings for a card of the VM page: read once when it mounts, and a save whose answer becomes the saved settings.
import { useEffect, useRef, useState } from 'react';
import type { VmSettings } from '../../../../app/vm.js';
import { shownError } from '../../lib/errors.js';
import { client } from '../../transport/index.js';

export interface VmSettingsState {
  /** The saved settings; undefined until read (and when reading failed). */
  saved: VmSettings | undefined;
  /** Why they could not be read. */
  loadError: string | undefined;
  /** Saves a change: the core's answer becomes `saved` and is returned; a refusal throws, as `vm.setSettings` does. */
  save(patch: Partial<VmSettings>): Promise<VmSettings>;
}

/** `onLoad` hears the settings once they are read (a card fills its form from them). */
export function useVmSettings(onLoad?: (s: VmSettings) => void): VmSettingsState {
  const [saved, setSaved] = useState<VmSettings | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  // The first render's callback: cards pass one that only sets their state.
  const loaded = useRef(onLoad);
  useEffect(() => {
    let live = true;
    client()
      .vm.settings()
      .then((s) => {
        if (!live) return;
        setSaved(s);
        loaded.current?.(s);
      })
      .catch((e: unknown) => live && setLoadError(shownError(e).message));
    return () => {
      live = false;
    };
  }, []);
  const save = async (patch: Partial<VmSettings>) => {
    const next = await client().vm.setSettings(patch);
    setSaved(next);
    return next;
  };
  return { saved, loadError, save };
}
