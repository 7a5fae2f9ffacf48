// A stand-in for the `electron` module so dist/main/electron/main.js runs under plain Node: it logs what the host does
// (JSON lines to $BERTH_STUB_LOG), then plays a trusted window's IPC request and quits. Used by entry.itest.ts.
import { appendFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';

const logFile = process.env.BERTH_STUB_LOG;
const log = (event, data = {}) => appendFileSync(logFile, `${JSON.stringify({ event, ...data })}\n`);
let ready = false;
const paths = { userData: join(process.env.HOME ?? '/tmp', '.config', 'Berth') };

class Emitter extends EventEmitter {}
const appEmitter = new Emitter();
export const app = Object.assign(appEmitter, {
  isPackaged: false,
  getVersion: () => '0.1.0',
  getPath: (name) => paths[name] ?? join(paths.userData, name),
  setPath: (name, p) => {
    log('app.setPath', { name, ready });
    paths[name] = p;
  },
  requestSingleInstanceLock: () => true,
  whenReady: () => {
    log('app.whenReady');
    return new Promise((r) => setTimeout(() => ((ready = true), log('ready'), r()), 10));
  },
  quit: () => {
    const e = { prevented: false, preventDefault: () => (e.prevented = true) };
    appEmitter.emit('before-quit', e);
    if (!e.prevented) {
      log('exit');
      setTimeout(() => process.exit(0), 10);
    }
  },
  exit: (code) => {
    log('app.exit', { code });
    process.exit(code);
  },
});

export const protocol = {
  registerSchemesAsPrivileged: (schemes) => log('protocol.registerSchemesAsPrivileged', { ready, schemes: schemes.map((s) => s.scheme) }),
  handle: (scheme) => log('protocol.handle', { scheme }),
};

const handles = new Map();
export const ipcMain = {
  handle: (ch, fn) => handles.set(ch, fn),
  removeHandler: (ch) => handles.delete(ch),
  on: () => ipcMain,
  removeListener: () => ipcMain,
};

class WebContents extends Emitter {
  id = 1;
  getURL = () => this.url ?? '';
  isDestroyed = () => false;
  setWindowOpenHandler() {}
  reload() {}
}
export class BrowserWindow extends Emitter {
  constructor(options) {
    super();
    this.webContents = new WebContents();
    log('BrowserWindow', { webPreferences: { ...options.webPreferences, preload: options.webPreferences.preload.split('/').pop() } });
    setTimeout(() => void drive(), 200);
  }
  async loadURL(url) {
    this.webContents.url = url;
    log('loadURL', { url });
  }
  show() {}
  hide() {}
  focus() {}
  restore() {}
  maximize() {}
  isMinimized = () => false;
  isMaximized = () => false;
  isVisible = () => true;
  isDestroyed = () => false;
  getNormalBounds = () => ({ x: 0, y: 0, width: 1280, height: 820 });
  destroy() {}
}

/** A trusted top frame asks for the engine version through the real IPC binding, then the app quits. */
async function drive() {
  const frame = { url: 'berth://app/index.html', parent: null };
  const sender = { id: 1, once: () => undefined };
  let reply;
  for (let i = 0; i < 100; i++) {
    reply = await handles.get('berth:req:engine.version')({ senderFrame: frame, sender }, undefined);
    if (reply.ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  log('ipc', { channel: 'engine.version', reply });
  const denied = await handles.get('berth:req:engine.version')({ senderFrame: { url: 'https://evil.example/', parent: null }, sender }, undefined);
  log('ipc-foreign', { reply: denied });
  log('handles', { count: handles.size });
  app.quit();
}

const session0 = Object.assign(new Emitter(), {
  setPermissionRequestHandler: () => log('session.setPermissionRequestHandler'),
  setPermissionCheckHandler: () => undefined,
  setDevicePermissionHandler: () => undefined,
  webRequest: { onHeadersReceived: () => log('session.onHeadersReceived') },
});
export const session = { defaultSession: session0 };
export const Menu = { buildFromTemplate: (t) => ({ t }), setApplicationMenu: () => log('Menu.setApplicationMenu') };
export class Tray extends Emitter {
  constructor() {
    super();
    log('Tray');
  }
  setToolTip(t) {
    log('tray.tooltip', { t });
  }
  setImage() {}
  setContextMenu() {}
  destroy() {
    log('tray.destroy');
  }
}
export class Notification extends Emitter {
  static isSupported = () => false;
  show() {}
}
export const nativeImage = { createFromBuffer: (b) => ({ isEmpty: () => b.length === 0 }) };
export const nativeTheme = { themeSource: 'system' };
export const shell = { openExternal: async () => undefined, showItemInFolder: () => undefined, openPath: async () => '' };
export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
export const dialog = { showSaveDialog: async () => ({ canceled: true }), showOpenDialog: async () => ({ canceled: true, filePaths: [] }), showErrorBox: (t, m) => log('dialog.showErrorBox', { t, m }) };
export const crashReporter = { start: (o) => log('crashReporter.start', o) };
// No keychain under plain Node: remembered registry sign-ins then need consent to clear text.
export const safeStorage = {
  isEncryptionAvailable: () => false,
  encryptString: () => {
    throw new Error('Encryption is not available.');
  },
  decryptString: () => {
    throw new Error('Encryption is not available.');
  },
  getSelectedStorageBackend: () => 'basic_text',
};
