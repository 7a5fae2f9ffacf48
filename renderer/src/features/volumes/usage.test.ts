import { describe, expect, it } from 'vitest';
import type { ContainerSummary } from '../../../../app/model';
import { usersByVolume } from './usage';

const c = (id: string, name: string, state: ContainerSummary['state'], volumes?: string[]): ContainerSummary => ({
  id, name, state, image: 'x', imageId: 'x', command: '', created: 0, status: '', ports: [], labels: {}, networks: [], ...(volumes ? { volumes } : {}),
});

describe('volume users', () => {
  it('lists each volume’s containers, running first; a container listing a volume twice counts once', () => {
    const users = usersByVolume([c('a', 'old', 'exited', ['data']), c('b', 'web', 'running', ['data', 'cache', 'cache']), c('c', 'x', 'running', []), c('d', 'legacy', 'running')]);
    expect(users.data?.map((u) => u.name)).toEqual(['web', 'old']);
    expect(users.cache?.map((u) => u.name)).toEqual(['web']);
    expect(users.nothing).toBeUndefined();
  });
});
