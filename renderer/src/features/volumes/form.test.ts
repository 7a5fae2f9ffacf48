// The create-volume form: the name is optional, labels are kept, a bad name is flagged.
import { describe, expect, it } from 'vitest';
import { checkVolumeForm } from './form';

describe('volume form', () => {
  it('name optional, labels kept', () => {
    expect(checkVolumeForm({ name: '', driver: '', labels: [{ key: 'a', value: 'b' }], opts: [] }).req).toEqual({ driver: 'local', labels: { a: 'b' }, driverOpts: {} });
    expect(checkVolumeForm({ name: '-x', driver: 'local', labels: [], opts: [] }).errors.name).toBeDefined();
  });
});
