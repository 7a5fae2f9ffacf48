import { describe, expect, it } from 'vitest';
import { createTestStore } from '../../store/index';
import { closeNeedsAsk } from './policy';

describe('dock', () => {
  it('asks before closing only while a process runs in a terminal', () => {
    expect(closeNeedsAsk('exec', 'open')).toBe(true);
    expect(closeNeedsAsk('host', 'connecting')).toBe(true);
    expect(closeNeedsAsk('vm', 'ended')).toBe(false);
    expect(closeNeedsAsk('attach', 'failed')).toBe(false);
    expect(closeNeedsAsk('exec', undefined)).toBe(false);
    expect(closeNeedsAsk('logs', 'open')).toBe(false);
  });

  it('tabs open, reuse a container’s log follower, and the dock hides with the last one', () => {
    const store = createTestStore();
    const s = () => store.getState();
    const a = s().openDockTab({ kind: 'logs', containerId: 'c1', title: 'Logs: web' });
    expect(s().dockMode).toBe('open');
    const b = s().openDockTab({ kind: 'exec', containerId: 'c1', title: 'Shell: web' });
    const c = s().openDockTab({ kind: 'exec', containerId: 'c1', title: 'Shell: web' });
    expect(new Set([a, b, c]).size).toBe(3);
    expect(s().openDockTab({ kind: 'logs', containerId: 'c1', title: 'Logs: web' })).toBe(a);
    expect(s().dockActive).toBe(a);
    expect(s().dockTabs).toHaveLength(3);
    s().removeDockTab(a);
    expect(s().dockActive).toBe(b);
    s().removeDockTab(c);
    s().removeDockTab(b);
    expect(s().dockTabs).toHaveLength(0);
    expect(s().dockMode).toBe('hidden');
  });

  it('navigating while the dock fills the window brings the page back, tabs kept', () => {
    const store = createTestStore();
    store.getState().openDockTab({ kind: 'host', title: 'Host terminal' });
    store.getState().setDockMode('full');
    store.getState().navigate({ page: 'images' });
    expect(store.getState().dockMode).toBe('open');
    expect(store.getState().dockTabs).toHaveLength(1);
  });
});
