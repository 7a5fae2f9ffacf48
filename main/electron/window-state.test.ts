// Window state: saved 0600, restored within the displays, debounced while moving, flushed on close.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow } from './testing/fake-electron.js';
import { DEFAULT_WINDOW, fitToDisplays, loadWindowState, trackWindowState } from './window-state.js';

const screen = [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }];
const two = [...screen, { workArea: { x: 1920, y: 0, width: 2560, height: 1440 } }];
const dir = () => mkdtempSync(join(tmpdir(), 'berth-ws-'));

describe('window state', () => {
  it('keeps a position on any display, including a second one', () => {
    expect(fitToDisplays({ x: 100, y: 50, width: 1200, height: 800, maximized: false }, screen)).toEqual({ x: 100, y: 50, width: 1200, height: 800, maximized: false });
    expect(fitToDisplays({ x: 2500, y: 100, width: 1200, height: 800, maximized: true }, two)).toMatchObject({ x: 2500, maximized: true });
  });

  it('brings back a window left on a display that is gone, or above the top edge, centred on the first display', () => {
    expect(fitToDisplays({ x: 2500, y: 100, width: 1200, height: 800, maximized: false }, screen)).toEqual({ x: 360, y: 140, width: 1200, height: 800, maximized: false });
    expect(fitToDisplays({ x: 100, y: -500, width: 1200, height: 800, maximized: false }, screen)).toMatchObject({ x: 360, y: 140 });
  });

  it('shrinks a window bigger than the display', () => {
    expect(fitToDisplays({ width: 5000, height: 3000, maximized: false }, screen)).toEqual({ width: 1920, height: 1080, maximized: false });
  });

  it('reads defaults when the file is missing or bad', async () => {
    const d = dir();
    expect(await loadWindowState(join(d, 'none.json'), screen)).toEqual(DEFAULT_WINDOW);
    writeFileSync(join(d, 'bad.json'), '{"width": "wide"}');
    expect(await loadWindowState(join(d, 'bad.json'), screen)).toEqual(DEFAULT_WINDOW);
    writeFileSync(join(d, 'junk.json'), 'not json');
    expect(await loadWindowState(join(d, 'junk.json'), screen)).toEqual(DEFAULT_WINDOW);
  });

  it('saves debounced as the window moves and once more on close, owner-only', async () => {
    vi.useFakeTimers();
    try {
      const d = dir();
      const file = join(d, 'window-state.json');
      const win = new FakeBrowserWindow({ width: 1000, height: 700, minWidth: 1, minHeight: 1, show: false, title: '', backgroundColor: '', webPreferences: {} as never });
      const saves: unknown[] = [];
      trackWindowState(win, file, { debounceMs: 100, save: async (_f, s) => void saves.push(s) });
      win.bounds = { x: 5, y: 6, width: 1001, height: 701 };
      win.emit('move');
      win.emit('resize');
      expect(saves).toEqual([]);
      await vi.advanceTimersByTimeAsync(150);
      expect(saves).toEqual([{ x: 5, y: 6, width: 1001, height: 701, maximized: false }]);
      win.maximized = true;
      win.emit('close', { preventDefault: () => undefined });
      await vi.advanceTimersByTimeAsync(0);
      expect(saves).toHaveLength(2);
      vi.useRealTimers();
      const real = trackWindowState(win, file);
      await real.flush();
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ maximized: true });
      if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(await loadWindowState(file, screen)).toMatchObject({ x: 5, y: 6, maximized: true });
    } finally {
      vi.useRealTimers();
    }
  });
});
