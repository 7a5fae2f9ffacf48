// Host services: calls go through the contract's schemas; missing channels turn features off instead of failing.
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { event, request } from '../../app/contract.js';
import { EventBus } from '../core/bus.js';
import { createDispatcher } from '../core/handlers.js';
import { createHostServices } from './host-services.js';

const contract = {
  engine: { status: request(z.void(), z.object({ state: z.string() })), changed: event(z.object({ state: z.string() })) },
  vm: {
    status: request(z.void(), z.object({ state: z.string(), stages: z.array(z.unknown()) })),
    start: request(z.void(), z.object({ ok: z.literal(true) })),
    stop: request(z.void(), z.object({ ok: z.literal(true) })),
    changed: event(z.object({ state: z.string() })),
    rename: request(z.object({ name: z.string().min(1) }), z.void()),
  },
};

describe('host services', () => {
  it('calls handlers with validated input, and refuses what is not in the contract or not implemented', async () => {
    const rename = vi.fn(async () => undefined);
    const s = createHostServices(createDispatcher(contract, { vm: { rename } }), new EventBus(contract));
    await s.call('vm.rename', { name: 'x' });
    expect(rename).toHaveBeenCalledWith({ name: 'x' });
    await expect(s.call('vm.rename', { name: '' })).rejects.toThrow();
    await expect(s.call('vm.start')).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(s.call('nope.nothing')).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    expect(s.has('vm.rename')).toBe(true);
    expect(s.has('vm.start')).toBe(false);
    expect(s.vm.available()).toBe(false);
  });

  it('drives the VM when the contract and core have it, and follows its changes', async () => {
    const bus = new EventBus(contract);
    const calls: string[] = [];
    const s = createHostServices(createDispatcher(contract, { vm: { status: async () => ({ state: 'running', stages: [] }), start: async () => (calls.push('start'), { ok: true }), stop: async () => (calls.push('stop'), { ok: true }) } }), bus);
    expect(s.vm.available()).toBe(true);
    expect(await s.vm.status()).toMatchObject({ state: 'running' });
    await s.vm.start();
    await s.vm.stop();
    const seen: unknown[] = [];
    const off = s.vm.onChange((v) => seen.push(v.state));
    expect(s.emit('vm.changed', { state: 'stopped' })).toBe(true);
    off();
    s.emit('vm.changed', { state: 'running' });
    expect([calls, seen]).toEqual([['start', 'stop'], ['stopped']]);
  });

  it('treats absent events as no-ops', () => {
    const s = createHostServices(createDispatcher(contract, {}), new EventBus(contract));
    expect(s.emit('settings.changed', {})).toBe(false);
    expect(typeof s.on('vm.forwards', () => undefined)).toBe('function');
  });
});
