// Electron entry (ESM): registers the app scheme before ready, then hands the real Electron module to the host.
import * as electron from 'electron';
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../core/api.js';
import { createLogger } from '../core/log.js';
import { startBerth } from './app.js';
import { registerAppScheme } from './protocol.js';

const log = createLogger('main');

// Must happen synchronously, before the app is ready (no top-level await above this line).
registerAppScheme(electron.protocol);

// Tests and side-by-side runs keep their own profile (never in a packaged build).
const userData = process.env.BERTH_USER_DATA;
if (!electron.app.isPackaged && userData && isAbsolute(userData)) electron.app.setPath('userData', userData);
// A packaged build carries its VM image in <resources>/vm; the core looks there unless told otherwise.
if (electron.app.isPackaged && !process.env.BERTH_VM_IMAGE) {
  const shipped = join(process.resourcesPath, 'vm');
  if (existsSync(join(shipped, 'manifest.json'))) process.env.BERTH_VM_IMAGE = shipped;
}

// A packaged build may also carry QEMU in <resources>/qemu/bin (when the packaging adds one): tried right after BERTH_QEMU.
const bundledQemu = electron.app.isPackaged ? join(process.resourcesPath, 'qemu', 'bin') : undefined;
const qemuDir = bundledQemu && existsSync(bundledQemu) ? bundledQemu : undefined;

process.on('uncaughtException', (e) => log.error('uncaught exception in the main process', e));
process.on('unhandledRejection', (e) => log.error('unhandled rejection in the main process', e));

startBerth<electron.NativeImage>(electron, {
  rendererDir: fileURLToPath(new URL('../../renderer/', import.meta.url)),
  preloadPath: fileURLToPath(new URL('./preload.cjs', import.meta.url)),
  devUrl: electron.app.isPackaged ? undefined : process.env.BERTH_DEV_URL,
  createCore: (o) => createCore(o.vm && qemuDir ? { ...o, vm: { qemu: { bundledQemuDir: qemuDir } } } : o),
  versions: { ...process.versions },
}).catch((e: unknown) => {
  log.error('Berth could not start', e);
  electron.dialog.showErrorBox('Berth could not start', e instanceof Error ? e.message : String(e));
  electron.app.exit(1);
});
