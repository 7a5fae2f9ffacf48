// The application menu: the usual roles and shortcuts per platform, plus Berth's own items (settings, diagnostics, VM).
import type { MenuFactory, MenuItemOptions } from './types.js';

export interface MenuActions {
  openSettings(): void;
  exportDiagnostics(): void;
  openDocs(): void;
  openLogs(): void;
  /** Present only when the endpoint has a Berth VM. */
  startVm?: () => void;
  stopVm?: () => void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Developer items (reload, devtools) only in an unpackaged build. */
  dev: boolean;
  appName?: string;
}

export function menuTemplate(opts: MenuOptions, a: MenuActions): MenuItemOptions[] {
  const mac = opts.platform === 'darwin';
  const name = opts.appName ?? 'Berth';
  const settings: MenuItemOptions = { label: mac ? 'Settings…' : 'Settings', accelerator: 'CommandOrControl+,', click: a.openSettings };
  const template: MenuItemOptions[] = [];
  if (mac) {
    template.push({
      label: name,
      submenu: [{ role: 'about' }, { type: 'separator' }, settings, { type: 'separator' }, { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    });
  }
  template.push({
    label: 'File',
    submenu: [
      ...(mac ? [] : [settings, { type: 'separator' } as MenuItemOptions]),
      { label: 'Export Diagnostics…', click: a.exportDiagnostics },
      { label: 'Show Logs Folder', click: a.openLogs },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  });
  template.push({
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as MenuItemOptions] : []),
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  });
  template.push({
    label: 'View',
    submenu: [
      ...(opts.dev ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemOptions[] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  if (a.startVm && a.stopVm) {
    template.push({ label: 'VM', submenu: [{ label: 'Start VM', click: a.startVm }, { label: 'Stop VM', click: a.stopVm }] });
  }
  template.push({ role: 'windowMenu' });
  template.push({ role: 'help', submenu: [{ label: 'Berth Documentation', click: a.openDocs }] });
  return template;
}

export function installMenu(Menu: MenuFactory, opts: MenuOptions, a: MenuActions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(opts, a)));
}
