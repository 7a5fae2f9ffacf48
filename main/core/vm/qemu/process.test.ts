import { describe, expect, it } from 'vitest';
import { describeExit, findQemu } from './process.js';

describe('QEMU binary', () => {
  it('says how to install QEMU when it is missing', () => {
    expect(() => findQemu({ PATH: '/nonexistent' })).toThrow(/apt-get install qemu-system-x86/);
    expect(() => findQemu({ BERTH_QEMU: '/nope/qemu' })).toThrow(/BERTH_QEMU points to \/nope\/qemu/);
  });

  it('describes an unexpected exit in words', () => {
    expect(describeExit({ code: null, signal: 'SIGKILL', stderr: '' })).toBe('QEMU was killed by SIGKILL');
    expect(describeExit({ code: 1, signal: null, stderr: 'qemu-system-x86_64: -drive x: Could not open "data.img": Permission denied' })).toContain('exited with code 1: ');
  });
});
