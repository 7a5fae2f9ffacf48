// Tray: tone, tooltip and menu follow engine and VM state; VM actions enabled only when they make sense; redraws only on change.
import { describe, expect, it, vi } from 'vitest';
import { FakeTray, type FakeImage } from './testing/fake-electron.js';
import { createTray, trayMenuTemplate, trayTone, trayTooltip, type TrayState } from './tray.js';
import type { MenuItemOptions, MenuLike } from './types.js';

const endpoint = { kind: 'vm' as const, label: 'Berth VM', address: '/home/me/.berth/run/docker.sock' };
const up: TrayState = { engine: { state: 'up', endpoint }, vm: 'running' };
const actions = () => ({ open: vi.fn(), startVm: vi.fn(), stopVm: vi.fn(), quit: vi.fn() });
const labels = (m: MenuItemOptions[]) => m.map((i) => (i.type === 'separator' ? '---' : `${i.label}${i.enabled === false ? ' (off)' : ''}`));

function make(initial: TrayState = up, platform: NodeJS.Platform = 'linux') {
  FakeTray.created = [];
  const a = actions();
  const images: FakeImage[] = [];
  const tray = createTray(
    {
      Tray: FakeTray,
      Menu: { buildFromTemplate: (template) => ({ template }) as MenuLike },
      nativeImage: { createFromBuffer: (buf, o) => { const i = { isEmpty: () => false, bytes: buf.length, scaleFactor: o?.scaleFactor ?? 1 }; images.push(i); return i; } },
      platform,
    },
    initial,
    a,
  );
  return { tray, fake: FakeTray.created[0]!, a, images };
}

describe('tray', () => {
  it('maps state to a tone', () => {
    expect(trayTone(up)).toBe('running');
    expect(trayTone({ engine: { state: 'connecting', endpoint }, vm: 'starting' })).toBe('starting');
    expect(trayTone({ engine: { state: 'down', endpoint }, vm: 'stopped' })).toBe('stopped');
    expect(trayTone({ engine: { state: 'down', endpoint }, vm: 'error' })).toBe('error');
    expect(trayTone({ engine: { state: 'down', endpoint } })).toBe('error');
  });

  it('says the engine state, the endpoint and the VM state', () => {
    expect(trayTooltip(up)).toBe('Berth — engine running\nEndpoint: Berth VM\nVM: running');
    expect(trayTooltip({ engine: { state: 'down', endpoint: { ...endpoint, label: 'Local socket' }, reason: 'no socket' } })).toBe('Berth — engine not reachable (no socket)\nEndpoint: Local socket');
  });

  it('says Sleeping while the running VM sleeps, and Stop VM stays offered', () => {
    const asleep: TrayState = { ...up, vmSleeping: true };
    expect(trayTooltip(asleep)).toBe('Berth — engine running\nEndpoint: Berth VM\nVM: sleeping');
    expect(labels(trayMenuTemplate(asleep, actions()))).toEqual(['Berth — engine running (off)', 'Open Berth', '---', 'VM: sleeping (off)', 'Start VM (off)', 'Stop VM', '---', 'Quit Berth']);
    expect(trayTooltip({ ...asleep, vm: 'stopped' })).toContain('VM: stopped');
  });

  it('offers Start VM only when stopped and Stop VM only when running; none while busy or without a VM', () => {
    const a = actions();
    expect(labels(trayMenuTemplate(up, a))).toEqual(['Berth — engine running (off)', 'Open Berth', '---', 'VM: running (off)', 'Start VM (off)', 'Stop VM', '---', 'Quit Berth']);
    expect(labels(trayMenuTemplate({ ...up, vm: 'stopped', engine: { state: 'down', endpoint } }, a))).toContain('Start VM');
    expect(labels(trayMenuTemplate({ ...up, busy: true }, a))).toContain('Stop VM (off)');
    expect(labels(trayMenuTemplate({ engine: up.engine }, a))).toEqual(['Berth — engine running (off)', 'Open Berth', '---', 'Quit Berth']);
  });

  it('creates the tray with a 2x image, wires the actions and opens on click (not on macOS)', () => {
    const { fake, a, images } = make();
    expect(images[0]?.scaleFactor).toBe(2);
    expect(fake.tooltip).toContain('engine running');
    fake.menu.find((i) => i.label === 'Stop VM')?.click?.();
    fake.menu.find((i) => i.label === 'Quit Berth')?.click?.();
    fake.emit('click');
    expect([a.stopVm, a.quit, a.open].map((f) => f.mock.calls.length)).toEqual([1, 1, 1]);
    const mac = make(up, 'darwin');
    expect(mac.fake.count('click')).toBe(0);
  });

  it('redraws only when the state changes, and swaps the icon only when the tone changes', () => {
    const { tray, fake } = make();
    tray.update(up);
    expect(fake.images).toHaveLength(1);
    tray.update({ ...up, busy: true });
    expect(fake.images).toHaveLength(1);
    tray.update({ engine: { state: 'down', endpoint }, vm: 'stopped' });
    expect(fake.images).toHaveLength(2);
    expect(fake.tooltip).toContain('VM: stopped');
    tray.dispose();
    expect(fake.destroyed).toBe(true);
  });
});
