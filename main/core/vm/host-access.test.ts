import { describe, expect, it } from 'vitest';
import { HOST_ACCESS_SCRIPT, HostAccessGate } from './host-access.js';
import type { ExecResult } from '../ssh/ssh.js';

const ok = (stdout: string): ExecResult => ({ code: 0, signal: undefined, stdout, stderr: '' });

describe('HostAccessGate', () => {
  it('runs the guest script with the setting and learns the host address from it', async () => {
    const calls: string[] = [];
    const gate = new HostAccessGate(async (c) => (calls.push(c), ok('172.20.0.1\n')));
    expect(gate.createRewrite({ Image: 'x' })).toBeUndefined();
    await gate.apply({ mode: 'ports', ports: [6379, 5432] });
    expect(calls).toEqual([`${HOST_ACCESS_SCRIPT} 5432,6379`]);
    expect(gate.status()).toEqual({ applied: { mode: 'ports', ports: [6379, 5432] }, hostAddress: '172.20.0.1' });
    expect(gate.createRewrite({ Image: 'x' })).toEqual({ Image: 'x', HostConfig: { ExtraHosts: ['host.docker.internal:172.20.0.1'] } });
    await gate.apply(undefined);
    expect(calls.at(-1)).toBe(`${HOST_ACCESS_SCRIPT} none`);
    expect(gate.createRewrite({ Image: 'x' })).toBeUndefined();
  });

  it('says why when the guest could not apply it, and adds no alias then', async () => {
    const old = new HostAccessGate(async () => ({ code: 127, signal: undefined, stdout: '', stderr: 'not found' }));
    await expect(old.apply({ mode: 'all' })).rejects.toThrow(/predates the setting; restart the VM/);
    expect(old.status().error).toMatch(/predates/);
    expect(old.createRewrite({})).toBeUndefined();

    const failing = new HostAccessGate(async () => ({ code: 1, signal: undefined, stdout: '', stderr: 'berth-host-access: could not set the IPv4 rules\n' }));
    await expect(failing.apply({ mode: 'all' })).rejects.toThrow('could not set the IPv4 rules');

    const down = new HostAccessGate(async () => Promise.reject(new Error('not connected')));
    await expect(down.apply({ mode: 'all' })).rejects.toThrow(/did not answer \(not connected\)/);
  });

  it('takes back what a resumed guest still enforces only when the setting asks the same', async () => {
    const calls: string[] = [];
    const saved = new HostAccessGate(async (c) => (calls.push(c), ok('10.0.2.2')));
    await saved.apply({ mode: 'all' });
    const kept = JSON.parse(JSON.stringify(saved.kept())) as unknown;
    const resumed = new HostAccessGate(async () => ok('10.0.2.2'));
    expect(resumed.resumeWith(kept, { mode: 'all' })).toBe(true);
    expect(resumed.status()).toEqual({ applied: { mode: 'all' }, hostAddress: '10.0.2.2' });
    expect(new HostAccessGate(async () => ok('')).resumeWith(kept, { mode: 'none' })).toBe(false);
    expect(new HostAccessGate(async () => ok('')).resumeWith(kept, undefined)).toBe(false);
    expect(new HostAccessGate(async () => ok('')).resumeWith({ applied: { mode: 'all' }, hostAddress: '$(reboot)' }, { mode: 'all' })).toBe(false);
    expect(new HostAccessGate(async () => ok('')).resumeWith(undefined, undefined)).toBe(false);
    expect(new HostAccessGate(async () => ok('')).kept()).toBeUndefined();
  });

  it('forgets what was applied when the VM stops', async () => {
    const gate = new HostAccessGate(async () => ok('10.0.2.2'));
    await gate.apply({ mode: 'all' });
    gate.reset();
    expect(gate.status()).toEqual({ hostAddress: '10.0.2.2' });
    expect(gate.createRewrite({})).toBeUndefined();
  });
});
