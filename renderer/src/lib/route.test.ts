import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, railPage } from './route';

describe('route', () => {
  it('round-trips', () => {
    for (const r of [{ page: 'images' } as const, { page: 'container', id: 'abc', tab: 'terminal' } as const, { page: 'image', id: 'sha256:1' } as const]) {
      expect(parseRoute(formatRoute(r))).toEqual(r);
    }
  });
  it('defaults', () => {
    expect(parseRoute('')).toEqual({ page: 'containers' });
    expect(parseRoute('#/nope')).toEqual({ page: 'containers' });
    expect(parseRoute('#/containers/x')).toEqual({ page: 'container', id: 'x', tab: 'logs' });
    expect(railPage({ page: 'container', id: 'x', tab: 'stats' })).toBe('containers');
    expect(parseRoute('#/settings')).toEqual({ page: 'settings' });
    expect(parseRoute('#/vm')).toEqual({ page: 'vm' });
  });
});
