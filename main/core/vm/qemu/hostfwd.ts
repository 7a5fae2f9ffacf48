// Guest-port forwarding done by QEMU itself (user-mode net hostfwd, added and removed at run time through QMP).
import { BerthError } from '../../../../app/errors.js';
import type { NativePortForwarder } from '../backend.js';
import type { QmpClient } from './qmp.js';

export type VmNetworkMode = 'nat' | 'isolated' | 'restricted';

/** `hostfwd_add` rule text, e.g. `tcp:127.0.0.1:8080-:8080`. */
export function hostfwdRule(protocol: 'tcp' | 'udp', hostIp: string, hostPort: number, guestPort?: number): string {
  return guestPort === undefined ? `${protocol}:${hostIp}:${hostPort}` : `${protocol}:${hostIp}:${hostPort}-:${guestPort}`;
}

export function qmpPortForwarder(qmp: () => QmpClient, network: VmNetworkMode): NativePortForwarder {
  return {
    add: async (protocol, hostIp, hostPort, guestPort) => {
      if (protocol === 'udp' && network === 'restricted') {
        throw new BerthError('UNSUPPORTED', `UDP port ${hostPort} cannot be forwarded: the VM runs with restricted networking, which drops UDP replies.`);
      }
      // QEMU answers an impossible rule with text ("Could not set up host forwarding rule …"), not an error.
      const out = await qmp().hmp(`hostfwd_add net0 ${hostfwdRule(protocol, hostIp, hostPort, guestPort)}`);
      if (out.trim().length > 0) {
        throw new BerthError('PORT_IN_USE', `Host port ${hostIp}:${hostPort}/${protocol} is taken by another program; stop it or publish the container on another port.`, { detail: out.trim() });
      }
    },
    remove: async (protocol, hostIp, hostPort) => {
      await qmp().hmp(`hostfwd_remove net0 ${hostfwdRule(protocol, hostIp, hostPort)}`);
    },
  };
}
