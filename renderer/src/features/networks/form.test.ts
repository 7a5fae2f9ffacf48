// The create-network form: a request from good fields, errors on bad ones; attached containers and built-in networks.
import { describe, expect, it } from 'vitest';
import { attached, checkNetworkForm, isBuiltIn } from './form';

describe('network form', () => {
  it('builds a request', () => {
    expect(checkNetworkForm({ name: 'appnet', driver: '', internal: false, subnet: '172.28.0.0/16', gateway: '172.28.0.1', labels: [{ key: 'berth.test', value: '1' }] }).req).toEqual({
      name: 'appnet', driver: 'bridge', internal: false, subnet: '172.28.0.0/16', gateway: '172.28.0.1', labels: { 'berth.test': '1' },
    });
  });
  it('flags bad fields', () => {
    const r = checkNetworkForm({ name: '', driver: 'bridge', internal: false, subnet: '10.0.0.0', gateway: 'x', labels: [] });
    expect(Object.keys(r.errors).sort()).toEqual(['gateway', 'name', 'subnet']);
  });
  it('attached containers and built-ins', () => {
    const cs = [{ name: 'b', networks: ['appnet'] }, { name: 'a', networks: ['appnet', 'bridge'] }, { name: 'c', networks: ['bridge'] }] as never[];
    expect(attached({ name: 'appnet' } as never, cs).map((c: { name: string }) => c.name)).toEqual(['a', 'b']);
    expect(isBuiltIn({ name: 'bridge' })).toBe(true);
  });
});
