// The composition root of the Electron host: wires window, IPC, tray, menu, notifications and lifecycle to the core.
import { join } from 'node:path';
import { api, type Api } from '../../app/api.js';
import { nameOf } from '../../app/contract.js';
import type { EngineStatus } from '../../app/model.js';
import type { Settings } from '../../app/settings.js';
import type { VmState } from '../../app/vm.js';
import type { Core } from '../core/api.js';
import { exportDiagnostics } from '../core/diagnostics/bundle.js';
import { createDispatcher, type HandlerTable } from '../core/handlers.js';
import { configureLogging, createLogger } from '../core/log.js';
import { ensurePrivateDir } from '../core/settings/private-file.js';
import { openSettings, type SettingsStore } from '../core/settings/store.js';
import type { SecretBox } from '../core/credentials/secret-box.js';
import { HOST_CHANNELS, createHostServices, type HostServices } from './host-services.js';
import { bindIpc, type IpcBinding, type IpcMainLike } from './ipc.js';
import { installLifecycle } from './lifecycle.js';
import { installMenu } from './menu.js';
import { NOTIFIED_STREAMS, createNotifier, observeStreamEnds, wireNotifier } from './notifications.js';
import { createOpenExternal } from './open-external.js';
import { serveApp, type ProtocolLike } from './protocol.js';
import { APP_URL, appTrust, buildCsp, isTrustedFrame } from './security.js';
import { acquireSingleInstance } from './single-instance.js';
import { createSafeStorageBox, type SafeStorageLike } from './safe-storage.js';
import { createTray, type BerthTray, type TrayState } from './tray.js';
import type { AppLike, BrowserWindowCtor, BrowserWindowLike, DialogLike, MenuFactory, OpenDialogOptions, NativeImageFactory, NativeImageLike, NotificationCtor, PermissionSession, ScreenLike, ShellLike, TrayCtor } from './types.js';
import { createMainWindow, hardenContents, hardenSession, revealWindow } from './window.js';
import { loadWindowState, trackWindowState } from './window-state.js';

const log = createLogger('electron');

/** `appId` of electron-builder.yml (packaging.test.ts checks they agree). */
export const WINDOWS_APP_ID = 'dev.berth.desktop';

/** Everything the host takes from Electron; main.ts passes the real module, tests a fake. */
export interface ElectronLike<I extends NativeImageLike = NativeImageLike> {
  app: AppLike;
  BrowserWindow: BrowserWindowCtor;
  ipcMain: IpcMainLike;
  protocol: Pick<ProtocolLike, 'handle'>;
  session: { defaultSession: PermissionSession };
  Menu: MenuFactory;
  Tray: TrayCtor<I>;
  Notification: NotificationCtor;
  nativeImage: NativeImageFactory<I>;
  nativeTheme: { themeSource: 'system' | 'light' | 'dark' };
  shell: ShellLike;
  screen: ScreenLike;
  dialog: DialogLike;
  crashReporter: { start(opts: { uploadToServer: boolean; submitURL?: string }): void };
  /** Encrypts remembered registry passwords with the OS keychain. */
  safeStorage: SafeStorageLike;
}

export interface HostOptions {
  /** dist/renderer: served on berth://app/. */
  rendererDir: string;
  /** The bundled preload (preload.cjs). */
  preloadPath: string;
  /** A loopback Vite dev server (unpackaged builds only). */
  devUrl?: string | undefined;
  /**
   * Makes the core. `settings` and `hostTerminal` ask the core to serve settings.* (and announce their changes) and
   * terminals.host (the desktop app offers a host shell; `berth serve` must not).
   */
  createCore(opts: { endpointSetting?: string; settings: SettingsStore; hostTerminal: boolean; vm?: boolean; vmEngine?: 'launch' | 'offer'; vmAutostart?: boolean; secretBox?: SecretBox }): Core;
  platform?: NodeJS.Platform;
  versions?: Record<string, string | undefined>;
}

export interface BerthHost {
  readonly core: Core;
  readonly settings: SettingsStore;
  readonly services: HostServices;
  readonly ipc: IpcBinding;
  window(): BrowserWindowLike | undefined;
  tray(): BerthTray | undefined;
  exportDiagnosticsTo(path: string): Promise<{ path: string; files: string[]; bytes: number }>;
}

/** Starts Berth in Electron; resolves undefined when another instance already runs (this one quits). */
export async function startBerth<I extends NativeImageLike>(electron: ElectronLike<I>, opts: HostOptions): Promise<BerthHost | undefined> {
  const { app } = electron;
  const platform = opts.platform ?? process.platform;
  // Windows shows toast notifications only for an app id that a Start menu shortcut carries: electron-builder's NSIS
  // shortcut carries the appId of electron-builder.yml. Without this, Electron's default id matches no shortcut.
  if (platform === 'win32') app.setAppUserModelId(WINDOWS_APP_ID);
  let win: BrowserWindowLike | undefined;
  if (!acquireSingleInstance(app, () => revealWindow(win))) return undefined;

  // Crash dumps stay on this computer (app.getPath('crashDumps')); nothing is uploaded.
  electron.crashReporter.start({ uploadToServer: false });
  const devUrl = app.isPackaged ? undefined : opts.devUrl;
  const trust = appTrust(devUrl);
  // Published ports of an ssh:// engine answer on its host: that host may be opened too (the core exists after ready).
  let portHosts: () => readonly string[] = () => [];
  const openExternal = createOpenExternal(electron.shell, undefined, () => portHosts());
  app.on('web-contents-created', (_e, contents) => hardenContents(contents, trust));
  app.on('render-process-gone', (_e, _wc, d) => log.error(`a renderer is gone: ${d.reason} (exit ${d.exitCode})`));
  app.on('child-process-gone', (_e, d) => log.error(`a ${d.type} process is gone: ${d.reason} (exit ${d.exitCode})`));

  await app.whenReady();
  const userData = app.getPath('userData');
  const logsDir = join(userData, 'logs');
  await ensurePrivateDir(logsDir);
  configureLogging({ file: join(logsDir, 'main.log') });
  log.info(`Berth ${app.getVersion()} starting (Electron ${opts.versions?.electron ?? '?'}, ${platform})`);

  const settings = await openSettings(userData);
  // The dev server's page needs the React refresh preamble (by hash) and its hot-reload socket; a packaged app never.
  hardenSession(electron.session.defaultSession, trust, buildCsp({ devUrl }));
  serveApp(electron.protocol, opts.rendererDir);
  electron.nativeTheme.themeSource = settings.get().theme;

  const endpoint = settings.get().endpoint;
  // No endpoint chosen: the Berth VM hosts the engine (booted at launch when the setting says so). With one, the VM
  // stays at hand: offered in one click when that engine does not answer, and booted at launch when it is remembered.
  // Remembered registry passwords are sealed by the OS keychain (asked after ready); without one, only with consent.
  const secretBox = createSafeStorageBox(electron.safeStorage, platform);
  const core = opts.createCore({ ...(endpoint ? { endpointSetting: endpoint, vmEngine: 'offer' as const } : {}), vm: true, vmAutostart: settings.get().startVmAtLaunch, settings, hostTerminal: true, secretBox });
  portHosts = () => {
    const h = core.ctx.conn.endpoint.remoteHost;
    return h ? [h] : [];
  };
  core.start();

  const notifier = createNotifier({ Notification: electron.Notification, enabled: () => settings.get().notifications, onClick: () => revealWindow(win), platform });
  const diagnosticsSources = () => ({
    appVersion: app.getVersion(),
    versions: opts.versions ?? {},
    settings: settings.get(),
    logDirs: [logsDir],
    // Remembered registry passwords are removed wherever they might appear; the credentials file itself never goes in.
    secrets: async () => (await core.ctx.credentials?.secrets()) ?? [],
    sections: {
      engine: () => services.call(HOST_CHANNELS.engineStatus),
      engineVersion: () => services.call(nameOf(api, api.engine.version)),
      vm: () => services.vm.status(),
      windowErrors: () => core.windowErrors.recent(),
    },
  });
  const exportDiagnosticsTo = (path: string) => exportDiagnostics(path, diagnosticsSources());
  /** The window a dialog belongs to while it shows; none while it is closed to the tray (the dialog stands alone). */
  const dialogParent = (): BrowserWindowLike | undefined => (win && !win.isDestroyed() && win.isVisible() ? win : undefined);
  const exportWithDialog = async (): Promise<{ path?: string; files: string[]; bytes: number; cancelled: boolean }> => {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const opts = { title: 'Export diagnostics', defaultPath: join(app.getPath('downloads'), `berth-diagnostics-${stamp}.tar.gz`), filters: [{ name: 'Diagnostics bundle', extensions: ['gz'] }] };
    const parent = dialogParent();
    const r = await (parent ? electron.dialog.showSaveDialog(parent, opts) : electron.dialog.showSaveDialog(opts));
    if (r.canceled || !r.filePath) return { files: [], bytes: 0, cancelled: true };
    const out = await exportDiagnosticsTo(r.filePath);
    electron.shell.showItemInFolder(out.path);
    return { ...out, cancelled: false };
  };

  // The core's table plus what only a desktop host can do (a save dialog, the system browser, a folder picker).
  const hostHandlers: HandlerTable<Api> = {
    ...core.handlers,
    diagnostics: { export: () => exportWithDialog() },
    app: {
      ...core.handlers.app,
      openExternal: async (i) => ({ opened: await openExternal(i.url) }),
      pickFolder: async (i) => {
        const opts: OpenDialogOptions = { title: i.title, properties: ['openDirectory', 'createDirectory', 'dontAddToRecent'] };
        const parent = dialogParent();
        const r = await (parent ? electron.dialog.showOpenDialog(parent, opts) : electron.dialog.showOpenDialog(opts));
        const path = r.filePaths[0];
        return r.canceled || !path ? { cancelled: true } : { path, cancelled: false };
      },
    },
  };
  const handlers = observeStreamEnds(hostHandlers, NOTIFIED_STREAMS, (ch, input, err) => notifier.streamEnded(ch, input, err));
  // One dispatcher for the window's IPC and the host's own calls: the same schema checks and errors as berth serve's.
  const dispatcher = createDispatcher(api, handlers, { onEngine: (id) => core.onEngine(id) });
  const services = createHostServices(dispatcher, core.bus);
  const ipc = bindIpc({ ipcMain: electron.ipcMain, dispatcher, bus: core.bus, isTrustedSender: (f) => isTrustedFrame(f, trust) });
  const offNotifier = wireNotifier(notifier, (ch, cb) => services.on(ch, cb), { engineEvents: HOST_CHANNELS.engineEvents, forwards: services.has(HOST_CHANNELS.vmForwards) ? HOST_CHANNELS.vmForwards : undefined });

  const windowStateFile = join(userData, 'window-state.json');
  const appUrl = devUrl ?? APP_URL;
  let tracker: { flush(): Promise<void> } | undefined;
  const lifecycle = installLifecycle({
    app,
    platform,
    settings: () => settings.get(),
    window: () => win,
    createWindow: () => void createWindow(),
    hasTray: () => tray !== undefined,
    vm: services.vm,
    cleanup: async () => {
      await tracker?.flush();
      offNotifier();
      ipc.dispose();
      tray?.dispose();
      core.dispose();
      log.info('Berth stopped');
    },
  });
  const createWindow = async () => {
    const bounds = await loadWindowState(windowStateFile, electron.screen.getAllDisplays());
    win = createMainWindow({ BrowserWindow: electron.BrowserWindow, trust, preload: opts.preloadPath, url: appUrl, bounds });
    tracker = trackWindowState(win, windowStateFile);
    lifecycle.attachWindow(win);
    win.on('closed', () => {
      win = undefined;
    });
  };
  const navigate = (hash: string) => {
    revealWindow(win);
    if (!services.emit(HOST_CHANNELS.navigate, { route: hash }) && win) void win.loadURL(`${appUrl.split('#')[0]}${hash}`);
  };

  // Tray: engine state always, VM state where the contract has the VM.
  let trayState: TrayState = { engine: { state: 'connecting', endpoint: { kind: 'socket', label: 'Engine', address: '' } } };
  let tray: BerthTray | undefined;
  const vmAction = (what: 'start' | 'stop') => () => {
    trayState = { ...trayState, busy: true };
    tray?.update(trayState);
    void (what === 'start' ? services.vm.start() : services.vm.stop())
      .catch((e: unknown) => notifier.notify({ title: `The VM could not ${what}`, body: e instanceof Error ? e.message : String(e) }))
      .finally(() => {
        trayState = { ...trayState, busy: false };
        tray?.update(trayState);
      });
  };
  try {
    tray = createTray({ Tray: electron.Tray, Menu: electron.Menu, nativeImage: electron.nativeImage, platform }, trayState, { open: () => (win ? revealWindow(win) : void createWindow()), startVm: vmAction('start'), stopVm: vmAction('stop'), quit: () => app.quit() });
  } catch (e) {
    // Some Linux desktops have no tray; Berth then quits when its window closes.
    log.warn('no tray on this desktop', e);
  }
  const setTray = (patch: Partial<TrayState>) => {
    trayState = { ...trayState, ...patch };
    tray?.update(trayState);
  };
  services.on(HOST_CHANNELS.engineChanged, (s) => setTray({ engine: s as EngineStatus }));
  void services.call<EngineStatus>(HOST_CHANNELS.engineStatus).then((s) => setTray({ engine: s }), (e: unknown) => log.warn('engine status', e));
  if (services.vm.available()) {
    services.vm.onChange((s) => setTray({ vm: s.state, vmSleeping: s.sleeping === true }));
    void services.vm.status().then((s) => setTray({ vm: s?.state as VmState | undefined, vmSleeping: s?.sleeping === true }), (e: unknown) => log.warn('VM status', e));
  }

  installMenu(electron.Menu, { platform, dev: !app.isPackaged }, {
    openSettings: () => navigate('#/settings'),
    exportDiagnostics: () => void exportWithDialog().catch((e: unknown) => notifier.notify({ title: 'Diagnostics could not be exported', body: e instanceof Error ? e.message : String(e) })),
    openDocs: () => void openExternal('https://docs.docker.com/'),
    openLogs: () => void electron.shell.openPath(logsDir),
    ...(services.vm.available() ? { startVm: vmAction('start'), stopVm: vmAction('stop') } : {}),
  });

  settings.onChange((s: Settings, changed) => {
    if (changed.includes('theme')) electron.nativeTheme.themeSource = s.theme;
    if (changed.includes('endpoint')) log.info('the endpoint setting changed; it applies the next time Berth starts');
  });

  await createWindow();
  if (settings.get().startVmAtLaunch && services.vm.available()) {
    void services.vm.start().catch((e: unknown) => log.warn('starting the VM at launch failed', e));
  }

  return { core, settings, services, ipc, window: () => win, tray: () => tray, exportDiagnosticsTo };
}
