import { describe, expect, it } from 'vitest';
import type { Transport } from '../../../app/client';
import { BerthError } from '../../../app/errors';
import { clientsOver } from '../transport/index';
import { bindStore } from './bind';
import { createTestStore } from './index';

function fakeTransport(answers: Record<string, unknown>) {
  const subs = new Map<string, (p: unknown) => void>();
  const t: Transport = {
    request: async (ch, _input, opts) => {
      if (ch in answers) {
        const a = answers[ch];
        return typeof a === 'function' ? (a as (engine?: string) => unknown)(opts?.engine) : a;
      }
      if (/^(vm|settings)\./.test(ch)) throw new BerthError('UNSUPPORTED', `"${ch}" is not available on this endpoint.`);
      return ch.endsWith('.list') ? [] : { state: 'up', endpoint: { kind: 'socket', label: 'Local socket', address: '/var/run/docker.sock' }, since: 0 };
    },
    subscribe: (ch, cb) => {
      subs.set(ch, cb);
      return () => subs.delete(ch);
    },
    open: () => ({ write() {}, resize() {}, ack() {}, close() {} }),
  };
  return { t, emit: (ch: string, p: unknown) => subs.get(ch)?.(p) };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('bindStore', () => {
  it('on serve: VM and settings are marked as not offered (UNSUPPORTED), quietly', async () => {
    const store = createTestStore();
    const { t } = fakeTransport({});
    bindStore({ ...clientsOver(t), state: () => 'open', onState: () => () => undefined }, store);
    await tick();
    expect(store.getState().vmSupport).toBe('no');
    expect(store.getState().settingsSupport).toBe('no');
  });

  it('with a VM and settings: status, forwards and settings arrive, and the host can ask for a page', async () => {
    const store = createTestStore();
    const { t, emit } = fakeTransport({
      'vm.status': { state: 'running', stages: [] },
      'vm.forwardList': [{ protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 80, guestPort: 80, origin: 'published', status: 'active' }],
      'settings.get': { startVmAtLaunch: true, stopVmOnQuit: true, closeToTray: true, theme: 'dark', endpoint: '', notifications: true, proxy: {} },
    });
    bindStore({ ...clientsOver(t), state: () => 'open', onState: () => () => undefined }, store);
    await tick();
    expect(store.getState()).toMatchObject({ vmSupport: 'yes', settingsSupport: 'yes', settings: { theme: 'dark' } });
    expect(store.getState().vmForwards).toHaveLength(1);
    emit('vm.changed', { state: 'stopping', stages: [] });
    expect(store.getState().vmStatus?.state).toBe('stopping');
    // A forward that fails is said once, not at every update.
    const failed = { protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 5432, guestPort: 5432, containerName: 'db', origin: 'published', status: 'failed', error: { code: 'PORT_IN_USE', message: 'Port 5432 is in use.' } };
    emit('vm.forwards', [failed]);
    emit('vm.forwards', [failed]);
    expect(store.getState().toasts.filter((t) => t.title.includes('5432/tcp of db could not be forwarded'))).toHaveLength(1);
    emit('app.navigate', { route: '#/settings' });
    expect(store.getState().route).toEqual({ page: 'settings' });
  });

  it('a switch of engine empties every list, loads the new engine\'s (asked of it by name) and keeps out other engines\' deltas', async () => {
    const store = createTestStore();
    const container = (engine = 'none') => ({ id: `${engine}-id`, name: `${engine}-web`, image: 'nginx', imageId: 'x', command: '', created: 1, state: 'running', status: 'Up', ports: [], labels: {}, networks: [], volumes: [] });
    const { t, emit } = fakeTransport({
      'engines.current': { id: 'host', name: 'default' },
      'engines.list': [{ id: 'host', name: 'default', kind: 'socket', source: 'host', url: 'unix:///var/run/docker.sock', tls: false, state: 'up', since: 0 }],
      'containers.list': (engine?: string) => [container(engine)],
    });
    bindStore({ ...clientsOver(t), state: () => 'open', onState: () => () => undefined }, store);
    await tick();
    await tick();
    expect(store.getState().currentEngine).toEqual({ id: 'host', name: 'default' });
    expect(store.getState().engines.map((e) => e.id)).toEqual(['host']);
    const names = () => Object.values(store.getState().containers.byId).map((c) => c.name);
    // The first list went out before the window knew its engine: the current one, unnamed.
    expect(names()).toEqual(['none-web']);

    const epoch = store.getState().engineEpoch;
    emit('engines.switched', { id: 'second', name: 'second' });
    expect(store.getState().containers.loaded).toBe(false);
    expect(store.getState().engineEpoch).toBe(epoch + 1);
    await tick();
    expect(names()).toEqual(['second-web']);

    emit('containers.changed', { upsert: [container('host')], remove: [], engine: 'host' });
    expect(names()).toEqual(['second-web']);
    emit('containers.changed', { upsert: [{ ...container('second'), id: 'two', name: 'second-db' }], remove: [], engine: 'second' });
    expect(names().sort()).toEqual(['second-db', 'second-web']);
  });
});
