// Remembers the window's size, position and maximised state (window-state.json, 0600), and never restores it off-screen.
import { z } from 'zod';
import { createLogger } from '../core/log.js';
import { readJson, writePrivateJson } from '../core/settings/private-file.js';
import type { BrowserWindowLike, Display, Rectangle } from './types.js';

const log = createLogger('window-state');

export const WindowState = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowState>;

export const DEFAULT_WINDOW: WindowState = { width: 1280, height: 820, maximized: false };

/** How much of the window must lie on some display for its position to be kept. */
const MIN_VISIBLE = 100;

function overlap(a: Rectangle, b: Rectangle): { w: number; h: number } {
  return { w: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x), h: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) };
}

/** Keeps the saved bounds when a good part of the title bar area is on a display; else centres on the first display. */
export function fitToDisplays(s: WindowState, displays: readonly Display[]): WindowState {
  const primary = displays[0]?.workArea;
  const width = primary ? Math.min(s.width, primary.width) : s.width;
  const height = primary ? Math.min(s.height, primary.height) : s.height;
  if (s.x === undefined || s.y === undefined) return { width, height, maximized: s.maximized };
  const rect = { x: s.x, y: s.y, width: s.width, height: s.height };
  const visible = displays.some((d) => {
    const o = overlap(rect, d.workArea);
    return o.w >= MIN_VISIBLE && o.h >= Math.min(MIN_VISIBLE, s.height) && s.y !== undefined && s.y >= d.workArea.y - 10;
  });
  if (visible) return s;
  if (!primary) return { width, height, maximized: s.maximized };
  return { x: primary.x + Math.round((primary.width - width) / 2), y: primary.y + Math.round((primary.height - height) / 2), width, height, maximized: s.maximized };
}

export async function loadWindowState(file: string, displays: readonly Display[]): Promise<WindowState> {
  try {
    const r = await readJson(file);
    if (r.state !== 'ok') return fitToDisplays(DEFAULT_WINDOW, displays);
    const parsed = WindowState.safeParse(r.value);
    return fitToDisplays(parsed.success ? parsed.data : DEFAULT_WINDOW, displays);
  } catch (e) {
    log.warn('could not read the window state; using the default', e);
    return fitToDisplays(DEFAULT_WINDOW, displays);
  }
}

/** Saves the window's normal bounds (debounced) as it moves and resizes, and once more when it closes. */
export function trackWindowState(win: BrowserWindowLike, file: string, opts: { debounceMs?: number; save?: (file: string, s: WindowState) => Promise<void> } = {}): { flush(): Promise<void> } {
  const save = opts.save ?? writePrivateJson;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = '';
  const snapshot = (): WindowState | undefined => {
    if (win.isDestroyed()) return undefined;
    const b = win.getNormalBounds();
    return { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height), maximized: win.isMaximized() };
  };
  const flush = async () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const s = snapshot();
    if (!s) return;
    const text = JSON.stringify(s);
    if (text === last) return;
    last = text;
    try {
      await save(file, s);
    } catch (e) {
      log.warn('could not save the window state', e);
    }
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void flush(), opts.debounceMs ?? 500);
  };
  for (const ev of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(ev, later);
  win.on('close', () => void flush());
  return { flush };
}
