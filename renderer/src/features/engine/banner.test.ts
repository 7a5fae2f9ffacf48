import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../../../app/model';
import { bannerFor } from './banner';

const st = (over: Partial<EngineStatus>): EngineStatus => ({ state: 'up', endpoint: { kind: 'socket', label: 'Local socket', address: '/var/run/docker.sock' }, since: 0, ...over });

describe('engine banner', () => {
  it('is quiet when up', () => expect(bannerFor('open', st({}), 5000)).toBeUndefined());
  it('says why the engine is down and how long', () => {
    const b = bannerFor('open', st({ state: 'down', reason: 'Nothing is listening on /var/run/docker.sock.', since: 0 }), 12_000);
    expect(b?.title).toContain('unreachable');
    expect(b?.reason).toContain('Nothing is listening');
    expect(b?.reason).toContain('12 s');
  });
  it('reports a lost link to the core', () => expect(bannerFor('closed', st({}), 0)?.title).toContain('Lost the connection'));
  it('does not flash on first connect', () => expect(bannerFor('connecting', undefined, 0)).toBeUndefined());
});
