// Application menu: platform conventions, standard roles and shortcuts, developer items only unpackaged, Berth's own items.
import { describe, expect, it, vi } from 'vitest';
import { installMenu, menuTemplate } from './menu.js';
import type { MenuItemOptions, MenuLike } from './types.js';

const actions = () => ({ openSettings: vi.fn(), exportDiagnostics: vi.fn(), openDocs: vi.fn(), openLogs: vi.fn() });
const flat = (items: MenuItemOptions[]): MenuItemOptions[] => items.flatMap((i) => [i, ...flat(i.submenu ?? [])]);
const roles = (items: MenuItemOptions[]) => flat(items).map((i) => i.role).filter(Boolean);

describe('application menu', () => {
  it('has the usual edit roles (so copy/paste work in terminals and inputs) on every platform', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      const r = roles(menuTemplate({ platform, dev: false }, actions()));
      for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen', 'windowMenu']) expect(r, `${platform} ${role}`).toContain(role);
    }
  });

  it('follows macOS conventions: app menu with about/hide/quit, Settings under the app menu, Cmd+,', () => {
    const t = menuTemplate({ platform: 'darwin', dev: false }, actions());
    expect(t[0]?.label).toBe('Berth');
    expect(roles([t[0]!])).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
    expect(flat([t[0]!]).find((i) => i.label === 'Settings…')?.accelerator).toBe('CommandOrControl+,');
    expect(roles(t)).toContain('pasteAndMatchStyle');
  });

  it('puts Settings and Quit in File elsewhere', () => {
    const t = menuTemplate({ platform: 'linux', dev: false }, actions());
    expect(t[0]?.label).toBe('File');
    expect(flat([t[0]!]).map((i) => i.label ?? i.role)).toEqual(['File', 'Settings', undefined, 'Export Diagnostics…', 'Show Logs Folder', undefined, 'quit']);
  });

  it('offers reload and devtools only in an unpackaged build', () => {
    expect(roles(menuTemplate({ platform: 'linux', dev: false }, actions()))).not.toContain('toggleDevTools');
    expect(roles(menuTemplate({ platform: 'linux', dev: false }, actions()))).not.toContain('reload');
    expect(roles(menuTemplate({ platform: 'linux', dev: true }, actions()))).toContain('toggleDevTools');
  });

  it('wires Berth items, and adds a VM menu only when there is a VM', () => {
    const a = actions();
    const t = menuTemplate({ platform: 'win32', dev: false }, a);
    for (const label of ['Settings', 'Export Diagnostics…', 'Show Logs Folder', 'Berth Documentation']) flat(t).find((i) => i.label === label)?.click?.();
    expect([a.openSettings, a.exportDiagnostics, a.openLogs, a.openDocs].map((f) => f.mock.calls.length)).toEqual([1, 1, 1, 1]);
    expect(t.some((i) => i.label === 'VM')).toBe(false);
    const startVm = vi.fn();
    const withVm = menuTemplate({ platform: 'win32', dev: false }, { ...a, startVm, stopVm: vi.fn() });
    flat(withVm).find((i) => i.label === 'Start VM')?.click?.();
    expect(startVm).toHaveBeenCalled();
  });

  it('installs the built menu as the application menu', () => {
    let set: unknown;
    installMenu({ buildFromTemplate: (template) => ({ template }) as MenuLike, setApplicationMenu: (m) => (set = m) }, { platform: 'linux', dev: false }, actions());
    expect((set as { template: MenuItemOptions[] }).template[0]?.label).toBe('File');
  });
});
