import { describe, expect, it } from 'vitest';
import type { ContainerSummary } from '../../../../app/model';
import { usersByVolume, volumeNamesOf } from './usage';

const c = (id: string, name: string, state: ContainerSummary['state']): ContainerSummary => ({ id, name, state, image: 'x', imageId: 'x', command: '', created: 0, status: '', ports: [], labels: {}, networks: [] });

describe('volume users', () => {
  it('reads named volumes from inspect, not binds or tmpfs', () => {
    expect(volumeNamesOf({ Mounts: [{ Type: 'volume', Name: 'data' }, { Type: 'bind', Source: '/tmp' }, { Type: 'tmpfs' }] })).toEqual(['data']);
    expect(volumeNamesOf({})).toEqual([]);
  });
  it('lists each volume’s containers, running first', () => {
    const mounts = new Map([
      ['a', ['data']],
      ['b', ['data', 'cache']],
      ['c', []],
    ]);
    const users = usersByVolume([c('a', 'old', 'exited'), c('b', 'web', 'running'), c('c', 'x', 'running')], mounts);
    expect(users.data?.map((u) => u.name)).toEqual(['web', 'old']);
    expect(users.cache?.map((u) => u.name)).toEqual(['web']);
    expect(users.nothing).toBeUndefined();
  });
});
