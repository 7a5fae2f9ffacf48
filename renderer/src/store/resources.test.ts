// The resources slice: a removed volume is that name only; a container may still go by a short ID prefix.
import { describe, expect, it } from 'vitest';
import type { ContainerSummary, VolumeSummary } from '../../../app/model';
import { createTestStore } from './index';

const vol = (name: string): VolumeSummary => ({ name, driver: 'local', mountpoint: `/v/${name}`, labels: {}, scope: 'local' });
const c = (id: string): ContainerSummary => ({ id, name: id.slice(0, 4), image: 'i', imageId: 'x', command: '', created: 1, state: 'exited', status: '', ports: [], labels: {}, networks: [], volumes: [] });

describe('resources slice', () => {
  it('removing volume data keeps data2 and data-copy; removing a short container ID removes the container', () => {
    const store = createTestStore();
    store.getState().setList('volumes', [vol('data'), vol('data2'), vol('data-copy')]);
    store.getState().applyDelta('volumes', { upsert: [], remove: ['data'] });
    expect(Object.keys(store.getState().volumes.byId).sort()).toEqual(['data-copy', 'data2']);
    const id = 'ab'.repeat(32);
    store.getState().setList('containers', [c(id)]);
    store.getState().applyDelta('containers', { upsert: [], remove: [id.slice(0, 12)] });
    expect(store.getState().containers.byId).toEqual({});
  });
});
