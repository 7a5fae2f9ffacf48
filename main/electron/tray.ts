// The tray icon: engine and VM state at a glance, with Open, Start/Stop VM and Quit; redrawn only when the state changes.
import type { EngineStatus } from '../../app/model.js';
import type { VmState } from '../../app/vm.js';
import { trayIconPng, type TrayTone } from './icon.js';
import type { MenuFactory, MenuItemOptions, NativeImageFactory, NativeImageLike, TrayCtor, TrayLike } from './types.js';

export interface TrayState {
  engine: Pick<EngineStatus, 'state' | 'endpoint' | 'reason'>;
  /** Absent when this endpoint has no Berth VM (a local socket, a remote host) or the VM API is not available. */
  vm?: VmState | undefined;
  /** The running VM sleeps (idle, paused); the next request wakes it. */
  vmSleeping?: boolean | undefined;
  /** A VM start or stop requested from here is in flight. */
  busy?: boolean;
}

export interface TrayActions {
  open(): void;
  startVm(): void;
  stopVm(): void;
  quit(): void;
}

export interface TrayDeps<I extends NativeImageLike> {
  Tray: TrayCtor<I>;
  Menu: Pick<MenuFactory, 'buildFromTemplate'>;
  nativeImage: NativeImageFactory<I>;
  platform?: NodeJS.Platform;
}

const VM_WORDS: Record<VmState, string> = {
  absent: 'not created',
  creating: 'being created…',
  stopped: 'stopped',
  starting: 'starting…',
  running: 'running',
  stopping: 'stopping…',
  error: 'failed',
};

function vmWord(vm: VmState, sleeping: boolean | undefined): string {
  return vm === 'running' && sleeping ? 'sleeping' : VM_WORDS[vm];
}

export function trayTone(s: TrayState): TrayTone {
  if (s.vm === 'error') return 'error';
  if (s.engine.state === 'up') return 'running';
  if (s.engine.state === 'connecting' || s.vm === 'starting' || s.vm === 'creating' || s.vm === 'stopping') return 'starting';
  return s.vm === 'stopped' || s.vm === 'absent' ? 'stopped' : 'error';
}

export function trayTooltip(s: TrayState): string {
  const engine = s.engine.state === 'up' ? 'running' : s.engine.state === 'connecting' ? 'connecting…' : `not reachable${s.engine.reason ? ` (${s.engine.reason})` : ''}`;
  const lines = [`Berth — engine ${engine}`, `Endpoint: ${s.engine.endpoint.label}`];
  if (s.vm) lines.push(`VM: ${vmWord(s.vm, s.vmSleeping)}`);
  // Linux and Windows cut tooltips short; keep it to what matters.
  return lines.join('\n').slice(0, 127);
}

export function trayMenuTemplate(s: TrayState, a: TrayActions): MenuItemOptions[] {
  const items: MenuItemOptions[] = [
    { label: trayTooltip(s).split('\n')[0] ?? 'Berth', enabled: false },
    { label: 'Open Berth', click: a.open },
    { type: 'separator' },
  ];
  if (s.vm) {
    const canStart = !s.busy && (s.vm === 'stopped' || s.vm === 'error' || s.vm === 'absent');
    const canStop = !s.busy && s.vm === 'running';
    items.push({ label: `VM: ${vmWord(s.vm, s.vmSleeping)}`, enabled: false });
    items.push({ label: 'Start VM', enabled: canStart, click: a.startVm });
    items.push({ label: 'Stop VM', enabled: canStop, click: a.stopVm });
    items.push({ type: 'separator' });
  }
  items.push({ label: 'Quit Berth', accelerator: 'CommandOrControl+Q', click: a.quit });
  return items;
}

export interface BerthTray {
  update(s: TrayState): void;
  dispose(): void;
}

export function createTray<I extends NativeImageLike>(deps: TrayDeps<I>, initial: TrayState, actions: TrayActions): BerthTray {
  const image = (tone: TrayTone): I => {
    // A 2x bitmap where the platform scales (macOS, high-DPI Windows); 16 px is the tray's logical size.
    const img = deps.nativeImage.createFromBuffer(trayIconPng(tone, 32), { scaleFactor: 2 });
    return img.isEmpty() ? deps.nativeImage.createFromBuffer(trayIconPng(tone, 16)) : img;
  };
  let tone = trayTone(initial);
  const tray: TrayLike<I> = new deps.Tray(image(tone));
  let last = '';
  const update = (s: TrayState) => {
    const key = JSON.stringify(s);
    if (key === last) return;
    last = key;
    const next = trayTone(s);
    if (next !== tone) {
      tone = next;
      tray.setImage(image(tone));
    }
    tray.setToolTip(trayTooltip(s));
    tray.setContextMenu(deps.Menu.buildFromTemplate(trayMenuTemplate(s, actions)));
  };
  // Windows and Linux: a click opens the window (macOS shows the menu on click by itself).
  if ((deps.platform ?? process.platform) !== 'darwin') tray.on('click', actions.open);
  update(initial);
  return { update, dispose: () => tray.destroy() };
}
