// Window and app lifecycle: close-to-tray, macOS dock activation, and a quit that stops the VM cleanly (when set) first.
import type { Settings } from '../../app/settings.js';
import { createLogger } from '../core/log.js';
import type { HostServices } from './host-services.js';
import type { AppLike, BrowserWindowLike } from './types.js';
import { revealWindow } from './window.js';

const log = createLogger('lifecycle');

export interface LifecycleDeps {
  app: Pick<AppLike, 'on' | 'quit'>;
  platform: NodeJS.Platform;
  settings(): Settings;
  window(): BrowserWindowLike | undefined;
  createWindow(): void;
  hasTray(): boolean;
  vm: HostServices['vm'];
  /** Last work before the process ends: dispose the core, flush the window state. */
  cleanup(): Promise<void>;
  stopVmTimeoutMs?: number;
}

export interface Lifecycle {
  attachWindow(win: BrowserWindowLike): void;
  isQuitting(): boolean;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T | undefined> {
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      log.warn(`${what} took longer than ${ms} ms; quitting anyway`);
      resolve(undefined);
    }, ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        log.warn(`${what} failed`, e);
        resolve(undefined);
      },
    );
  });
}

export function installLifecycle(deps: LifecycleDeps): Lifecycle {
  let quitting = false;
  let cleanedUp = false;
  let cleaning = false;
  const keepInTray = () => deps.settings().closeToTray && deps.hasTray();

  deps.app.on('window-all-closed', () => {
    // macOS apps stay in the dock; elsewhere Berth lives on only in the tray, if that is the setting.
    if (deps.platform !== 'darwin' && !keepInTray()) deps.app.quit();
  });
  deps.app.on('activate', () => {
    const win = deps.window();
    if (win && !win.isDestroyed()) revealWindow(win);
    else deps.createWindow();
  });
  deps.app.on('before-quit', (e) => {
    quitting = true;
    if (cleanedUp) return;
    e.preventDefault();
    if (cleaning) return;
    cleaning = true;
    void (async () => {
      if (deps.settings().stopVmOnQuit && deps.vm.available()) {
        const s = await withTimeout(deps.vm.status(), 5_000, 'reading the VM state');
        if (s && (s.state === 'running' || s.state === 'starting')) {
          log.info('stopping the VM before quitting (setting: stop VM on quit)');
          await withTimeout(deps.vm.stop(), deps.stopVmTimeoutMs ?? 60_000, 'stopping the VM');
        }
      }
      await withTimeout(deps.cleanup(), 10_000, 'cleaning up');
      cleanedUp = true;
      deps.app.quit();
    })();
  });

  return {
    attachWindow(win) {
      win.on('close', (e) => {
        if (quitting || !keepInTray()) return;
        e.preventDefault();
        win.hide();
      });
    },
    isQuitting: () => quitting,
  };
}
