// UDP publish-on-running in the VM: QEMU forwards host UDP to a guest port, and a guest DNAT rule sends it on to the container.
import { BerthError } from '../../../app/errors.js';
import type { ExecResult } from '../ssh/ssh.js';

export type GuestExec = (command: string) => Promise<ExecResult>;

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The guest's iptables rules for one forward; each carries a comment naming it, so removal finds exactly it. */
export function dnatRules(guestPort: number, containerIp: string, containerPort: number): { add: string; remove: string } {
  if (!IPV4.test(containerIp)) throw new BerthError('UNSUPPORTED', `UDP forwarding needs the container's IPv4 address; got "${containerIp}".`);
  for (const p of [guestPort, containerPort]) if (!Number.isInteger(p) || p < 1 || p > 65535) throw new BerthError('INVALID_INPUT', `Port ${p} is outside 1-65535.`);
  const tag = `berth-udp-${guestPort}`;
  // Only packets addressed to the guest itself (from QEMU's forward), never containers' own outbound traffic.
  const nat = `PREROUTING -p udp -m addrtype --dst-type LOCAL --dport ${guestPort} -m comment --comment ${tag} -j DNAT --to-destination ${containerIp}:${containerPort}`;
  // Docker's FORWARD policy drops what it did not publish; DOCKER-USER is where users add exceptions.
  const filter = `DOCKER-USER -p udp -d ${containerIp} --dport ${containerPort} -m comment --comment ${tag} -j ACCEPT`;
  return {
    add: `iptables -w -t nat -A ${nat} && iptables -w -I ${filter}`,
    remove: `iptables -w -t nat -D ${nat}; iptables -w -D ${filter}; true`,
  };
}

/** Adds the guest side of a UDP forward; returns what removes it. */
export async function addUdpDnat(exec: GuestExec, guestPort: number, containerIp: string, containerPort: number): Promise<() => Promise<void>> {
  const rules = dnatRules(guestPort, containerIp, containerPort);
  const r = await exec(rules.add);
  if (r.code !== 0) {
    await exec(rules.remove).catch(() => undefined);
    throw new BerthError('VM_ERROR', `The VM could not route UDP port ${guestPort} to ${containerIp}:${containerPort}: ${r.stderr.trim() || `exit ${String(r.code)}`}`);
  }
  return async () => {
    await exec(rules.remove);
  };
}
