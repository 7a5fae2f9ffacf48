// Which engine of the list the core started on: by --engine's id, else by address (the host's before a context on it).
import { describe, expect, it } from 'vitest';
import { addedEngine, hostEngine, vmEngine, type EngineSpec } from './discover.js';
import { launchEngineOf } from './launch.js';

const host = hostEngine({ env: {}, platform: 'linux', exists: () => true }) as EngineSpec;
const sameSocket: EngineSpec = { ...addedEngine({ name: 'local', url: 'unix:///var/run/docker.sock' }) };
const box = addedEngine({ name: 'box', url: 'ssh://me@box' });
const vm = vmEngine('/home/me/.berth/run/docker.sock');

describe('launchEngineOf', () => {
  it('finds the engine at the same address, the host\'s before another on the same socket', () => {
    expect(launchEngineOf([sameSocket, host, vm], { kind: 'socket', label: 'Local socket', address: '/var/run/docker.sock' })).toEqual({ id: 'host', name: 'default' });
    expect(launchEngineOf([host, vm], { kind: 'vm', label: 'Berth VM', address: '/home/me/.berth/run/docker.sock' })).toEqual({ id: 'vm', name: 'berth-vm' });
    expect(launchEngineOf([host, box], { kind: 'ssh', label: 'box', address: 'ssh://me@box' })).toEqual({ id: 'added:box', name: 'box' });
  });

  it('takes --engine\'s id, and calls an endpoint no engine matches `endpoint`, by its label', () => {
    expect(launchEngineOf([sameSocket, host], { kind: 'socket', label: 'Local socket', address: '/var/run/docker.sock' }, 'added:local')).toEqual({ id: 'added:local', name: 'local' });
    expect(launchEngineOf([host], { kind: 'tcp', label: 'TCP 10.0.0.5:2375', address: '10.0.0.5:2375' })).toEqual({ id: 'endpoint', name: 'TCP 10.0.0.5:2375' });
  });
});
