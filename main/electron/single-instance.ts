// One Berth per user: a second launch hands over to the first (which shows its window) and exits.
import type { AppLike } from './types.js';

/** Returns false when another Berth already runs: the caller must quit without creating anything. */
export function acquireSingleInstance(app: Pick<AppLike, 'requestSingleInstanceLock' | 'on' | 'quit'>, onSecondLaunch: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', onSecondLaunch);
  return true;
}
