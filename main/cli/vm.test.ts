// `berth vm start` says which QEMU runs the guest, and gives the one install command when QEMU is missing.
import { describe, expect, it } from 'vitest';
import type { VmStatus } from '../../app/vm.js';
import { emulatorLines } from './vm.js';

describe('berth vm start output', () => {
  it('prints the copyable install step of a failed start on a line of its own', () => {
    const s: VmStatus = {
      state: 'error', stages: [{ stage: 'boot', startedAtMs: 0, durationMs: 5, status: 'failed' }],
      error: { code: 'VM_ERROR', message: 'QEMU (qemu-system-aarch64) is not installed. Install it with: brew install qemu — or set BERTH_QEMU to its path.', fix: 'brew install qemu' },
    };
    expect(emulatorLines(s)).toBe('\nTo fix it, run:\n    brew install qemu\n\n');
  });

  it('names the QEMU in use, and warns about an old one', () => {
    const s: VmStatus = { state: 'running', stages: [], guestArch: 'aarch64', emulator: { path: '/opt/homebrew/bin/qemu-system-aarch64', source: 'Homebrew', version: '6.2.0', note: 'QEMU 6.2 is older than 7.0' } };
    expect(emulatorLines(s)).toBe('QEMU:  6.2.0 — /opt/homebrew/bin/qemu-system-aarch64 (Homebrew), aarch64 guest\n  Note: QEMU 6.2 is older than 7.0\n');
    expect(emulatorLines(undefined)).toBe('');
  });
});
