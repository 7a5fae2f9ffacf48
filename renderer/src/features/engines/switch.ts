// Switching the window's engine: engines.use, the switcher's "switching…" state, and a refusal said in a notification.
import { shownError } from '../../lib/errors.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';

/** Asks the core to make `id` current; the lists follow on engines.switched. Answers the error, if any (also notified). */
export async function switchEngine(id: string): Promise<string | undefined> {
  const s = useStore.getState();
  if (s.currentEngine?.id === id) return undefined;
  s.setSwitchingTo(id);
  try {
    const e = await client().engines.use({ id });
    useStore.getState().setCurrentEngine({ id: e.id, name: e.name });
    return undefined;
  } catch (err) {
    const shown = shownError(err);
    const name = s.engines.find((e) => e.id === id)?.name ?? id;
    useStore.getState().notify({ level: 'error', title: `Could not switch to ${name}: ${shown.message}`, detail: shown.detail });
    return shown.message;
  } finally {
    if (useStore.getState().switchingTo === id) useStore.getState().setSwitchingTo(undefined);
  }
}
