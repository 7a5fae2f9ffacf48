// VM slice: whether this endpoint has a Berth VM, its status (from `vm.changed`) with the start's anchor in this window's clock, and its port forwards.
import type { VmPortForward, VmStatus } from '../../../../app/vm.js';
import type { Support } from '../../lib/support.js';
import type { Slice } from '../../store/index.js';
import { startAnchor } from './viewModel.js';

export interface VmSlice {
  /** 'no' when the core answers UNSUPPORTED (`berth serve` on a local socket, a remote host). */
  vmSupport: Support;
  vmStatus: VmStatus | undefined;
  /** When the current start began, in Date.now() terms (for the live elapsed timer). */
  vmAnchor: number | undefined;
  vmForwards: VmPortForward[];
  setVmStatus(s: VmStatus, receivedAt?: number): void;
  setVmSupport(s: Support): void;
  setVmForwards(f: VmPortForward[]): void;
}

export const createVmSlice: Slice<VmSlice> = (set) => ({
  vmSupport: 'unknown',
  vmStatus: undefined,
  vmAnchor: undefined,
  vmForwards: [],
  setVmStatus: (s, receivedAt = Date.now()) =>
    set((cur) => ({ vmSupport: 'yes', vmStatus: s, vmAnchor: startAnchor({ status: cur.vmStatus, anchor: cur.vmAnchor }, s, receivedAt) })),
  setVmSupport: (vmSupport) => set({ vmSupport }),
  setVmForwards: (vmForwards) => set({ vmForwards }),
});
