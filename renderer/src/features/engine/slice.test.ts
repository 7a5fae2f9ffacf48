import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../../../app/model';
import { createTestStore } from '../../store/index';

const status = (state: EngineStatus['state']): EngineStatus => ({ state, endpoint: { kind: 'socket', label: 'Local socket', address: '/var/run/docker.sock' }, since: 0 });

describe('engineEpoch', () => {
  it('moves each time the engine can be reached again: engine up after down, or the link back while it was up', () => {
    const s = createTestStore();
    const epoch = () => s.getState().engineEpoch;
    expect(epoch()).toBe(0);
    s.getState().setLink('open');
    expect(epoch()).toBe(0);
    s.getState().setEngineStatus(status('up'));
    expect(epoch()).toBe(1);
    s.getState().setEngineStatus(status('up'));
    expect(epoch()).toBe(1);
    s.getState().setEngineStatus(status('down'));
    s.getState().setEngineStatus(status('connecting'));
    expect(epoch()).toBe(1);
    s.getState().setEngineStatus(status('up'));
    expect(epoch()).toBe(2);
    s.getState().setLink('closed');
    expect(epoch()).toBe(2);
    s.getState().setLink('open');
    expect(epoch()).toBe(3);
  });
});
