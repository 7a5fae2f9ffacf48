import { describe, expect, it } from 'vitest';
import type { EngineEntry } from '../../../../app/engines.js';
import type { EngineStatus } from '../../../../app/model.js';
import type { VmStatus } from '../../../../app/vm.js';
import { firstRunOffer, stepDetail, type FirstRunInput } from './firstRun.js';

const down: EngineStatus = { state: 'down', since: 0, endpoint: { kind: 'socket', label: 'Local socket', address: '/nowhere.sock' }, reason: 'No engine at /nowhere.sock' };
const entry = (id: string, state: EngineEntry['state'], source: EngineEntry['source'] = 'context'): EngineEntry => ({ id, name: id === 'vm' ? 'berth-vm' : id, kind: 'unix', source, url: `unix:///${id}`, tls: false, state, since: 0 });
const base: FirstRunInput = {
  engine: down,
  everUp: false,
  vmSupport: 'yes',
  vm: { state: 'stopped', stages: [] },
  image: { state: 'ready', arch: 'x86_64', version: '2026.12', dir: '/img' },
  engines: [entry('host', 'down', 'host'), entry('vm', 'down', 'vm')],
  currentId: 'host',
};

describe('the first-run offer', () => {
  it('offers to start an installed VM, or to build its image first where Berth can', () => {
    expect(firstRunOffer(base)).toMatchObject({ action: 'Start the Berth VM', others: [] });
    const build = firstRunOffer({ ...base, image: { state: 'missing', arch: 'x86_64', reason: 'No image.', build: { possible: true, command: 'bash build-image.sh' } } });
    expect(build?.action).toBe('Build and start the Berth VM');
    expect(build?.text).toContain('builds it from Debian packages first');
  });

  it('says why and what to run where Berth cannot build the image, with no button', () => {
    const o = firstRunOffer({ ...base, image: { state: 'missing', arch: 'aarch64', reason: 'No aarch64 guest image is installed yet.', build: { possible: false, why: 'Building the guest needs root (debootstrap).', command: 'sudo bash build-image.sh --arch arm64' } } });
    expect(o).toEqual({ text: 'No aarch64 guest image is installed yet. Building the guest needs root (debootstrap).', command: 'sudo bash build-image.sh --arch arm64', others: [] });
  });

  it('offers nothing after an engine answered in this window, while it answers, without a VM, or while the VM starts', () => {
    expect(firstRunOffer({ ...base, everUp: true })).toBeUndefined();
    expect(firstRunOffer({ ...base, engine: { ...down, state: 'up' } })).toBeUndefined();
    expect(firstRunOffer({ ...base, engine: { ...down, state: 'connecting' } })).toBeUndefined();
    expect(firstRunOffer({ ...base, vmSupport: 'no' })).toBeUndefined();
    expect(firstRunOffer({ ...base, vm: { state: 'starting', stages: [] } })).toBeUndefined();
  });

  it('switches to a VM that runs already, and names the other engines that answer', () => {
    const o = firstRunOffer({ ...base, engines: [entry('host', 'down', 'host'), entry('vm', 'up', 'vm'), entry('build-box', 'up'), entry('old', 'down')] });
    expect(o).toMatchObject({ action: 'Use berth-vm', switchTo: 'vm', others: [{ id: 'build-box', name: 'build-box' }] });
    expect(firstRunOffer(base)?.switchTo).toBeUndefined();
    expect(firstRunOffer({ ...base, engines: [...base.engines, entry('build-box', 'up')] })?.others).toEqual([{ id: 'build-box', name: 'build-box' }]);
  });

  it('waits for the image state before it offers a button', () => {
    expect(firstRunOffer({ ...base, image: undefined })).toEqual({ text: "Looking for the Berth VM's image…", others: [] });
  });

  it('says what the step under way is doing', () => {
    expect(stepDetail('image', 'build-image: debootstrap bookworm minbase amd64', undefined)).toBe('debootstrap bookworm minbase amd64');
    expect(stepDetail('image', undefined, undefined)).toBe('checking the installed image');
    expect(stepDetail('start', undefined, { state: 'starting', stage: 'boot', stages: [] } as VmStatus)).toBe('boot…');
    expect(stepDetail('engine', undefined, undefined)).toBe('switching');
  });
});
