import { describe, expect, it } from 'vitest';
import { api } from '../../../app/api';
import { createClient, type Transport } from '../../../app/client';
import { BerthError } from '../../../app/errors';
import { bindStore } from './bind';
import { createTestStore } from './index';

function fakeTransport(answers: Record<string, unknown>) {
  const subs = new Map<string, (p: unknown) => void>();
  const t: Transport = {
    request: async (ch) => {
      if (ch in answers) return answers[ch];
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
    bindStore({ client: createClient(api, t), state: () => 'open', onState: () => () => undefined }, store);
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
    bindStore({ client: createClient(api, t), state: () => 'open', onState: () => () => undefined }, store);
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
});
