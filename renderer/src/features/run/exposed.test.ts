import { describe, expect, it } from 'vitest';
import { emptyPortRow } from './form';
import { exposedPorts, unpublished } from './exposed';

describe('EXPOSE chips', () => {
  it('reads and sorts exposed ports', () => {
    const e = exposedPorts({ Config: { ExposedPorts: { '443/tcp': {}, '80/tcp': {}, '53/udp': {} } } });
    expect(e.map((x) => x.label)).toEqual(['53/udp', '80/tcp', '443/tcp']);
  });
  it('hides chips already published', () => {
    const e = exposedPorts({ Config: { ExposedPorts: { '80/tcp': {} } } });
    expect(unpublished(e, [emptyPortRow('80', '8080')])).toEqual([]);
    expect(exposedPorts({ Config: { ExposedPorts: null } })).toEqual([]);
  });
});
