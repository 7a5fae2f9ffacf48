// Lifecycle: close-to-tray per setting, quit stops a running VM first (with a timeout), macOS activate, single instance.
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../app/settings.js';
import type { VmStatus } from '../../app/vm.js';
import { installLifecycle } from './lifecycle.js';
import { acquireSingleInstance } from './single-instance.js';
import { cancellable, FakeBrowserWindow } from './testing/fake-electron.js';

type AnyListener = (...args: never[]) => unknown;

class FakeApp {
  listeners = new Map<string, AnyListener[]>();
  quits = 0;
  on(ev: string, cb: AnyListener) {
    this.listeners.set(ev, [...(this.listeners.get(ev) ?? []), cb]);
    return this;
  }
  emit(ev: string) {
    const e = cancellable({});
    for (const l of this.listeners.get(ev) ?? []) (l as (e: unknown) => unknown)(e);
    return e;
  }
  quit() {
    this.quits++;
    this.emit('before-quit');
  }
}

const win = () => new FakeBrowserWindow({ width: 1, height: 1, minWidth: 1, minHeight: 1, show: false, title: '', backgroundColor: '', webPreferences: {} as never });

function setup(s: Partial<Settings> = {}, vmState: VmStatus['state'] | null = 'running', opts: { tray?: boolean; platform?: NodeJS.Platform; stopMs?: number; stop?: () => Promise<void> } = {}) {
  const app = new FakeApp();
  const w = win();
  const calls: string[] = [];
  const lc = installLifecycle({
    app,
    platform: opts.platform ?? 'linux',
    settings: () => ({ ...DEFAULT_SETTINGS, ...s }),
    window: () => w,
    createWindow: () => calls.push('createWindow'),
    hasTray: () => opts.tray ?? true,
    vm: {
      available: () => vmState !== null,
      status: async () => (vmState ? { state: vmState, stages: [] } : undefined),
      start: async () => undefined,
      stop: opts.stop ?? (async () => void calls.push('vm.stop')),
      onChange: () => () => undefined,
    },
    cleanup: async () => void calls.push('cleanup'),
    stopVmTimeoutMs: opts.stopMs ?? 1000,
  });
  lc.attachWindow(w);
  return { app, w, lc, calls };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('lifecycle', () => {
  it('closing the window hides it to the tray when that is the setting', () => {
    const { w } = setup({ closeToTray: true });
    w.visible = true;
    expect(w.userClose()).toBe(false);
    expect(w.visible).toBe(false);
  });

  it('closing the window closes it when the setting is off, or when there is no tray', () => {
    expect(setup({ closeToTray: false }).w.userClose()).toBe(true);
    expect(setup({ closeToTray: true }, 'running', { tray: false }).w.userClose()).toBe(true);
  });

  it('quits when the last window closes, unless Berth lives on in the tray or on macOS', () => {
    const a = setup({ closeToTray: false });
    a.app.emit('window-all-closed');
    expect(a.app.quits).toBe(1);
    const b = setup({ closeToTray: true });
    b.app.emit('window-all-closed');
    expect(b.app.quits).toBe(0);
    const c = setup({ closeToTray: false }, 'running', { platform: 'darwin' });
    c.app.emit('window-all-closed');
    expect(c.app.quits).toBe(0);
  });

  it('on quit, stops a running VM (setting on), cleans up, then really quits; the window then closes', async () => {
    const { app, calls, w, lc } = setup({ stopVmOnQuit: true });
    const first = app.emit('before-quit');
    expect(first.prevented).toBe(true);
    await settle();
    expect(calls).toEqual(['vm.stop', 'cleanup']);
    expect(app.quits).toBe(1);
    expect(lc.isQuitting()).toBe(true);
    expect(w.userClose()).toBe(true);
  });

  it('leaves the VM running when the setting is off, or when it is not running', async () => {
    const off = setup({ stopVmOnQuit: false });
    off.app.emit('before-quit');
    await settle();
    expect(off.calls).toEqual(['cleanup']);
    const stopped = setup({ stopVmOnQuit: true }, 'stopped');
    stopped.app.emit('before-quit');
    await settle();
    expect(stopped.calls).toEqual(['cleanup']);
    const none = setup({ stopVmOnQuit: true }, null);
    none.app.emit('before-quit');
    await settle();
    expect(none.calls).toEqual(['cleanup']);
  });

  it('quits anyway when stopping the VM hangs or fails', async () => {
    const hung = setup({}, 'running', { stopMs: 30, stop: () => new Promise(() => undefined) });
    hung.app.emit('before-quit');
    await new Promise((r) => setTimeout(r, 80));
    expect(hung.calls).toEqual(['cleanup']);
    expect(hung.app.quits).toBe(1);
    const failing = setup({}, 'running', { stop: async () => Promise.reject(new Error('ssh gone')) });
    failing.app.emit('before-quit');
    await settle();
    expect(failing.calls).toEqual(['cleanup']);
  });

  it('runs the quit work once even if quit is asked for repeatedly', async () => {
    const { app, calls } = setup();
    app.emit('before-quit');
    app.emit('before-quit');
    await settle();
    expect(calls.filter((c) => c === 'cleanup')).toHaveLength(1);
  });

  it('macOS dock click shows the window, or makes one', () => {
    const { app, w, calls } = setup();
    app.emit('activate');
    expect(w.visible).toBe(true);
    w.destroyed = true;
    app.emit('activate');
    expect(calls).toEqual(['createWindow']);
  });
});

describe('single instance', () => {
  it('the second launch quits; the first shows its window when that happens', () => {
    const onSecond = vi.fn();
    const first = { requestSingleInstanceLock: () => true, on: vi.fn(), quit: vi.fn() };
    expect(acquireSingleInstance(first, onSecond)).toBe(true);
    expect(first.on).toHaveBeenCalledWith('second-instance', onSecond);
    const second = { requestSingleInstanceLock: () => false, on: vi.fn(), quit: vi.fn() };
    expect(acquireSingleInstance(second, onSecond)).toBe(false);
    expect(second.quit).toHaveBeenCalled();
    expect(second.on).not.toHaveBeenCalled();
  });
});
