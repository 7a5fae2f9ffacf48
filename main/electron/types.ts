// The slices of Electron the host uses, as small interfaces: the real module is passed in main.ts, fakes in tests.
import type { Disposer } from '../../app/contract.js';

export type { Disposer };

/** Something an event handler can cancel (Electron's Event). */
export interface Cancellable {
  preventDefault(): void;
}

/** A frame that sent an IPC message (WebFrameMain). `parent` is null for a window's top frame. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
}

export interface WebContentsLike {
  readonly id: number;
  getURL(): string;
  getType?(): string;
  isDestroyed(): boolean;
  on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', cb: (e: Cancellable & { url: string; isMainFrame?: boolean }) => void): unknown;
  on(event: 'will-attach-webview', cb: (e: Cancellable) => void): unknown;
  on(event: 'render-process-gone', cb: (e: unknown, details: { reason: string; exitCode: number }) => void): unknown;
  on(event: 'destroyed', cb: () => void): unknown;
  once(event: 'destroyed', cb: () => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
  reload(): void;
}

/** What Electron tells a permission handler about the asking frame. */
export interface PermissionDetails {
  isMainFrame: boolean;
  /** The last URL the asking frame loaded (not given for a cross-origin sub-frame's check). */
  requestingUrl?: string;
  /** Set only when a cross-origin sub-frame asks (checks). */
  embeddingOrigin?: string;
}

/** The webContents a permission handler is given (null for some checks). */
export interface PermissionContents {
  getURL(): string;
}

export interface PermissionSession {
  setPermissionRequestHandler(handler: ((wc: PermissionContents, permission: string, callback: (granted: boolean) => void, details: PermissionDetails) => void) | null): void;
  setPermissionCheckHandler(handler: ((wc: PermissionContents | null, permission: string, requestingOrigin: string, details: PermissionDetails) => boolean) | null): void;
  setDevicePermissionHandler(handler: ((details: unknown) => boolean) | null): void;
  webRequest: {
    onHeadersReceived(listener: ((details: { url: string; responseHeaders?: Record<string, string[]> }, callback: (r: { responseHeaders?: Record<string, string[] | string> }) => void) => void) | null): void;
  };
  on(event: 'will-download', cb: (e: Cancellable) => void): unknown;
}

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BrowserWindowLike {
  readonly webContents: WebContentsLike;
  on(event: 'close', cb: (e: Cancellable) => void): unknown;
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'closed', cb: () => void): unknown;
  once(event: 'ready-to-show', cb: () => void): unknown;
  loadURL(url: string): Promise<void>;
  show(): void;
  hide(): void;
  focus(): void;
  restore(): void;
  maximize(): void;
  isMinimized(): boolean;
  isMaximized(): boolean;
  isVisible(): boolean;
  isDestroyed(): boolean;
  getNormalBounds(): Rectangle;
  destroy(): void;
}

export interface WebPreferences {
  preload: string;
  contextIsolation: boolean;
  sandbox: boolean;
  nodeIntegration: boolean;
  nodeIntegrationInWorker: boolean;
  nodeIntegrationInSubFrames: boolean;
  webSecurity: boolean;
  allowRunningInsecureContent: boolean;
  experimentalFeatures: boolean;
  webviewTag: boolean;
  navigateOnDragDrop: boolean;
  safeDialogs: boolean;
  spellcheck: boolean;
  disableBlinkFeatures: string;
}

export interface BrowserWindowOptions {
  x?: number;
  y?: number;
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  backgroundColor: string;
  autoHideMenuBar?: boolean;
  webPreferences: WebPreferences;
}

export type BrowserWindowCtor = new (opts: BrowserWindowOptions) => BrowserWindowLike;

/** An image as the platform holds it (Electron's NativeImage); generic so a fake needs no Electron types. */
export interface NativeImageLike {
  isEmpty(): boolean;
}
export interface NativeImageFactory<I extends NativeImageLike = NativeImageLike> {
  createFromBuffer(buf: Buffer, opts?: { scaleFactor?: number }): I;
}

/** The Electron menu roles Berth uses. */
export type MenuRole =
  | 'about' | 'services' | 'hide' | 'hideOthers' | 'unhide' | 'quit' | 'close'
  | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'pasteAndMatchStyle' | 'delete' | 'selectAll'
  | 'reload' | 'forceReload' | 'toggleDevTools' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen'
  | 'windowMenu' | 'help';

export interface MenuItemOptions {
  label?: string;
  role?: MenuRole;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  accelerator?: string;
  enabled?: boolean;
  visible?: boolean;
  checked?: boolean;
  click?: () => void;
  submenu?: MenuItemOptions[];
}

export interface MenuLike {
  readonly items?: unknown[];
}
export interface MenuFactory {
  buildFromTemplate(template: MenuItemOptions[]): MenuLike;
  setApplicationMenu(menu: MenuLike | null): void;
}

export interface TrayLike<I extends NativeImageLike = NativeImageLike> {
  setToolTip(text: string): void;
  setImage(image: I): void;
  setContextMenu(menu: MenuLike | null): void;
  on(event: 'click', cb: () => void): unknown;
  destroy(): void;
}
export type TrayCtor<I extends NativeImageLike = NativeImageLike> = new (image: I) => TrayLike<I>;

export interface NotificationLike {
  show(): void;
  on(event: 'click', cb: () => void): unknown;
}
export interface NotificationCtor {
  new (opts: { title: string; body: string; silent?: boolean }): NotificationLike;
  isSupported(): boolean;
}

export interface ShellLike {
  openExternal(url: string): Promise<void>;
  showItemInFolder(path: string): void;
  openPath(path: string): Promise<string>;
}

export interface Display {
  workArea: Rectangle;
}
export interface ScreenLike {
  getAllDisplays(): Display[];
}

export interface AppLike {
  readonly isPackaged: boolean;
  getVersion(): string;
  getPath(name: 'userData' | 'logs' | 'crashDumps' | 'documents' | 'downloads'): string;
  requestSingleInstanceLock(): boolean;
  /** Windows: the id toast notifications are shown under (the installer's Start menu shortcut carries the same). */
  setAppUserModelId(id: string): void;
  whenReady(): Promise<unknown>;
  quit(): void;
  exit(code?: number): void;
  on(event: 'second-instance' | 'activate' | 'window-all-closed' | 'will-quit', cb: () => void): unknown;
  on(event: 'before-quit', cb: (e: Cancellable) => void): unknown;
  on(event: 'web-contents-created', cb: (e: unknown, contents: WebContentsLike) => void): unknown;
  on(event: 'render-process-gone', cb: (e: unknown, wc: unknown, details: { reason: string; exitCode: number }) => void): unknown;
  on(event: 'child-process-gone', cb: (e: unknown, details: { type: string; reason: string; exitCode: number }) => void): unknown;
}

/** What a dialog needs of the window it belongs to (Electron's BaseWindow has it, and so does BrowserWindowLike). */
export interface DialogWindow {
  isVisible(): boolean;
  isDestroyed(): boolean;
}

export interface SaveDialogOptions {
  title: string;
  defaultPath: string;
  filters: { name: string; extensions: string[] }[];
}

export interface OpenDialogOptions {
  title: string;
  properties: ('openDirectory' | 'createDirectory' | 'dontAddToRecent')[];
}

/** Given a window, a dialog is that window's: a sheet on macOS, modal to it on Windows and Linux. */
export interface DialogLike {
  showSaveDialog(window: DialogWindow, opts: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  showSaveDialog(opts: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(window: DialogWindow, opts: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  showOpenDialog(opts: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
}
