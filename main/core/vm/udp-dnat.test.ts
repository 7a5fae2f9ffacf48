import { describe, expect, it } from 'vitest';
import { addUdpDnat, dnatRules } from './udp-dnat.js';

describe('UDP DNAT rules in the guest', () => {
  it('routes only traffic addressed to the guest, and opens exactly that container port', () => {
    const r = dnatRules(18095, '172.17.0.3', 53);
    expect(r.add).toContain('-t nat -A PREROUTING -p udp -m addrtype --dst-type LOCAL --dport 18095 -m comment --comment berth-udp-18095 -j DNAT --to-destination 172.17.0.3:53');
    expect(r.add).toContain('-I DOCKER-USER -p udp -d 172.17.0.3 --dport 53 -m comment --comment berth-udp-18095 -j ACCEPT');
    // Removal deletes the same two rules.
    expect(r.remove).toContain('-t nat -D PREROUTING -p udp -m addrtype --dst-type LOCAL --dport 18095');
    expect(r.remove).toContain('-D DOCKER-USER -p udp -d 172.17.0.3 --dport 53');
  });

  it('refuses anything that is not a plain IPv4 address or a port (nothing reaches a shell)', () => {
    expect(() => dnatRules(1, '172.17.0.3; reboot', 53)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
    expect(() => dnatRules(1, 'fd00::3', 53)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
    expect(() => dnatRules(0, '172.17.0.3', 53)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('undoes a half-added forward and reports the guest error', async () => {
    const ran: string[] = [];
    const exec = async (cmd: string) => {
      ran.push(cmd);
      return cmd.includes(' -A ') ? { code: 1, signal: undefined, stdout: '', stderr: 'iptables: No chain/target/match by that name.' } : { code: 0, signal: undefined, stdout: '', stderr: '' };
    };
    await expect(addUdpDnat(exec, 18095, '172.17.0.3', 53)).rejects.toMatchObject({ code: 'VM_ERROR', message: expect.stringContaining('No chain') as unknown });
    expect(ran).toHaveLength(2);
    expect(ran[1]).toContain('-D PREROUTING');
  });
});
