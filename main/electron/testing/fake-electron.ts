// Test double of the Electron module: records windows, handlers, menus, trays and notifications so the host can be driven.
import type { ElectronLike } from '../app.js';
import type { IpcEventLike } from '../ipc.js';
import type {
  BrowserWindowLike, BrowserWindowOptions, Cancellable, MenuItemOptions, MenuLike, NativeImageLike, NotificationLike, PermissionSession, Rectangle, TrayLike, WebContentsLike,
} from '../types.js';
import { fakeIpcMain, type FakeIpcMain } from './fake-ipc.js';

/** Any listener: Electron's events each have their own argument types. */
type Listener = (...args: never[]) => unknown;
type Call = (...args: unknown[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, cb: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), cb]);
    return this;
  }
  once(event: string, cb: Listener): this {
    const wrap: Listener = (...a: never[]) => {
      this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== wrap));
      return cb(...a);
    };
    return this.on(event, wrap);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of [...(this.listeners.get(event) ?? [])]) (l as Call)(...args);
  }
  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

export const cancellable = <T extends object>(extra: T): T & Cancellable & { prevented: boolean } => {
  const e = { ...extra, prevented: false, preventDefault: () => (e.prevented = true) };
  return e;
};

let nextId = 1;

export class FakeWebContents extends Emitter implements WebContentsLike {
  readonly id = nextId++;
  url = '';
  destroyed = false;
  openHandler?: (d: { url: string }) => { action: 'deny' } | { action: 'allow' };
  reloads = 0;
  getURL() {
    return this.url;
  }
  getType() {
    return 'window';
  }
  isDestroyed() {
    return this.destroyed;
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' } | { action: 'allow' }) {
    this.openHandler = h;
  }
  reload() {
    this.reloads++;
  }
}

export class FakeBrowserWindow extends Emitter implements BrowserWindowLike {
  static created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = false;
  destroyed = false;
  minimized = false;
  maximized = false;
  focused = 0;
  bounds: Rectangle;
  loaded: string[] = [];
  constructor(readonly options: BrowserWindowOptions) {
    super();
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width, height: options.height };
    FakeBrowserWindow.created.push(this);
  }
  async loadURL(url: string) {
    this.loaded.push(url);
    this.webContents.url = url;
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {
    this.focused++;
  }
  restore() {
    this.minimized = false;
  }
  maximize() {
    this.maximized = true;
  }
  isMinimized() {
    return this.minimized;
  }
  isMaximized() {
    return this.maximized;
  }
  isVisible() {
    return this.visible;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  destroy() {
    this.destroyed = true;
    this.emit('closed');
  }
  /** A user closing the window: 'close' (cancellable), then destroyed unless prevented. */
  userClose(): boolean {
    const e = cancellable({});
    this.emit('close', e);
    if (!e.prevented) this.destroy();
    return !e.prevented;
  }
}

export class FakeSession extends Emitter implements PermissionSession {
  requestHandler: Parameters<PermissionSession['setPermissionRequestHandler']>[0] = null;
  checkHandler: Parameters<PermissionSession['setPermissionCheckHandler']>[0] = null;
  deviceHandler: Parameters<PermissionSession['setDevicePermissionHandler']>[0] = null;
  headersListener: Parameters<PermissionSession['webRequest']['onHeadersReceived']>[0] = null;
  setPermissionRequestHandler(h: FakeSession['requestHandler']) {
    this.requestHandler = h;
  }
  setPermissionCheckHandler(h: FakeSession['checkHandler']) {
    this.checkHandler = h;
  }
  setDevicePermissionHandler(h: FakeSession['deviceHandler']) {
    this.deviceHandler = h;
  }
  webRequest = {
    onHeadersReceived: (l: FakeSession['headersListener']) => {
      this.headersListener = l;
    },
  };
}

export interface FakeImage extends NativeImageLike {
  bytes: number;
  scaleFactor: number;
}

export class FakeTray extends Emitter implements TrayLike<FakeImage> {
  static created: FakeTray[] = [];
  tooltip = '';
  images: FakeImage[] = [];
  menu: MenuItemOptions[] = [];
  destroyed = false;
  constructor(image: FakeImage) {
    super();
    this.images.push(image);
    FakeTray.created.push(this);
  }
  setToolTip(t: string) {
    this.tooltip = t;
  }
  setImage(i: FakeImage) {
    this.images.push(i);
  }
  setContextMenu(m: MenuLike | null) {
    this.menu = (m as { template?: MenuItemOptions[] } | null)?.template ?? [];
  }
  destroy() {
    this.destroyed = true;
  }
}

export class FakeNotification extends Emitter implements NotificationLike {
  static shown: { title: string; body: string }[] = [];
  static supported = true;
  static isSupported() {
    return FakeNotification.supported;
  }
  constructor(readonly opts: { title: string; body: string }) {
    super();
  }
  show() {
    FakeNotification.shown.push({ title: this.opts.title, body: this.opts.body });
  }
}

export interface FakeElectron extends ElectronLike<FakeImage> {
  ipcMain: FakeIpcMain;
  app: ElectronLike['app'] & Emitter & { quits: number; exits: number[]; lock: boolean; ready: () => void; appUserModelIds: string[] };
  session: { defaultSession: FakeSession };
  appMenu: () => MenuItemOptions[] | undefined;
  opened: string[];
  shownInFolder: string[];
  protocolHandlers: Map<string, (req: Request) => Response | Promise<Response>>;
  crashReporterStarted: { uploadToServer: boolean }[];
  saveDialogPath: string | undefined;
  /** The folder the next open dialog picks; undefined = cancelled. */
  openDialogPath: string | undefined;
  /** The window each dialog was shown for, in order (undefined: a dialog on its own). */
  dialogParents: unknown[];
  safeStorage: FakeSafeStorage;
}

/** safeStorage without a keychain: reversible "encryption" whose output never contains the input. */
export interface FakeSafeStorage {
  available: boolean;
  /** Linux: the keyring it reports ('basic_text' is no real encryption). */
  backend: string;
  encrypted: number;
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(b: Buffer): string;
  getSelectedStorageBackend(): string;
}

export function fakeSafeStorage(opts: { available?: boolean; backend?: string } = {}): FakeSafeStorage {
  const s: FakeSafeStorage = {
    available: opts.available ?? true,
    backend: opts.backend ?? 'gnome_libsecret',
    encrypted: 0,
    isEncryptionAvailable: () => s.available,
    encryptString(plain) {
      if (!s.available) throw new Error('Encryption is not available.');
      s.encrypted++;
      return Buffer.from(`v11${Buffer.from(Buffer.from(plain).map((b) => b ^ 0x5a)).toString('hex')}`);
    },
    decryptString(b) {
      const t = b.toString();
      if (!t.startsWith('v11')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(Buffer.from(t.slice(3), 'hex').map((x) => x ^ 0x5a)).toString();
    },
    getSelectedStorageBackend: () => s.backend,
  };
  return s;
}

export function fakeElectron(opts: { userData: string; packaged?: boolean; lock?: boolean; safeStorage?: FakeSafeStorage }): FakeElectron {
  FakeBrowserWindow.created = [];
  FakeTray.created = [];
  FakeNotification.shown = [];
  let readyResolve: () => void = () => undefined;
  const ready = new Promise<void>((r) => (readyResolve = r));
  let appMenu: MenuItemOptions[] | undefined;
  const app = Object.assign(new Emitter(), {
    isPackaged: opts.packaged ?? true,
    quits: 0,
    exits: [] as number[],
    lock: opts.lock ?? true,
    ready: () => readyResolve(),
    getVersion: () => '0.1.0-test',
    getPath: (name: string) => (name === 'userData' ? opts.userData : `${opts.userData}/${name}`),
    requestSingleInstanceLock: () => app.lock,
    appUserModelIds: [] as string[],
    setAppUserModelId: (id: string) => void app.appUserModelIds.push(id),
    whenReady: () => ready,
    quit: () => {
      app.quits++;
      const e = cancellable({});
      app.emit('before-quit', e);
    },
    exit: (code?: number) => app.exits.push(code ?? 0),
  });
  const fe: FakeElectron = {
    app: app as FakeElectron['app'],
    BrowserWindow: FakeBrowserWindow,
    ipcMain: fakeIpcMain(),
    protocolHandlers: new Map(),
    protocol: { handle: (scheme, h) => fe.protocolHandlers.set(scheme, h) },
    session: { defaultSession: new FakeSession() },
    Menu: {
      buildFromTemplate: (template) => ({ template }) as MenuLike,
      setApplicationMenu: (m) => (appMenu = (m as { template?: MenuItemOptions[] } | null)?.template),
    },
    appMenu: () => appMenu,
    Tray: FakeTray,
    Notification: FakeNotification,
    nativeImage: { createFromBuffer: (buf, o) => ({ isEmpty: () => buf.length === 0, bytes: buf.length, scaleFactor: o?.scaleFactor ?? 1 }) },
    nativeTheme: { themeSource: 'system' },
    opened: [],
    shownInFolder: [],
    shell: {
      openExternal: async (u) => void fe.opened.push(u),
      showItemInFolder: (p) => void fe.shownInFolder.push(p),
      openPath: async (p) => (fe.opened.push(p), ''),
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    saveDialogPath: undefined,
    openDialogPath: undefined,
    dialogParents: [],
    dialog: {
      // As Electron's: (window, options) or (options); which window each dialog belonged to is kept.
      showSaveDialog: async (...args: unknown[]) => (fe.dialogParents.push(args.length > 1 ? args[0] : undefined), fe.saveDialogPath ? { canceled: false, filePath: fe.saveDialogPath } : { canceled: true }),
      showOpenDialog: async (...args: unknown[]) => (fe.dialogParents.push(args.length > 1 ? args[0] : undefined), fe.openDialogPath ? { canceled: false, filePaths: [fe.openDialogPath] } : { canceled: true, filePaths: [] }),
    },
    crashReporterStarted: [],
    crashReporter: { start: (o) => void fe.crashReporterStarted.push(o) },
    safeStorage: opts.safeStorage ?? fakeSafeStorage(),
  };
  return fe;
}

/** Sends a port message as a window's preload would (used to check sender rules). */
export function postPort(fe: FakeElectron, event: IpcEventLike): void {
  for (const l of fe.ipcMain.listeners.get('berth:port') ?? []) l(event);
}
