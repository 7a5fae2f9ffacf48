// The engines slice: the current engine, what a switch empties, and the words of the switcher.
import { describe, expect, it } from 'vitest';
import type { EngineEntry } from '../../../../app/engines';
import { createTestStore } from '../../store/index';
import { engineLine, forCurrentEngine } from './slice';

const entry = (e: Partial<EngineEntry>): EngineEntry => ({ id: 'host', name: 'default', kind: 'socket', source: 'host', url: 'unix:///var/run/docker.sock', tls: false, state: 'up', since: 0, ...e });

describe('engines slice', () => {
  it('the first current engine is only named; a switch empties the lists and moves engineEpoch; the same one again changes nothing', () => {
    const s = createTestStore();
    s.getState().setList('containers', [{ id: 'a', name: 'web' } as never]);
    s.getState().setCurrentEngine({ id: 'host', name: 'default' });
    expect(s.getState().containers.loaded).toBe(true);
    const epoch = s.getState().engineEpoch;
    s.getState().setCurrentEngine({ id: 'added:box', name: 'box' });
    expect(s.getState()).toMatchObject({ currentEngine: { id: 'added:box' }, containers: { byId: {}, loaded: false }, images: { loaded: false }, engineEpoch: epoch + 1 });
    s.getState().setCurrentEngine({ id: 'added:box', name: 'box' });
    expect(s.getState().engineEpoch).toBe(epoch + 1);
  });

  it('deltas of another engine stay out of the lists', () => {
    expect(forCurrentEngine('host', { id: 'host', name: 'default' })).toBe(true);
    expect(forCurrentEngine('vm', { id: 'host', name: 'default' })).toBe(false);
    expect(forCurrentEngine(undefined, { id: 'host', name: 'default' })).toBe(true);
    const s = createTestStore();
    s.getState().setCurrentEngine({ id: 'host', name: 'default' });
    s.getState().applyDelta('containers', { upsert: [{ id: 'x', name: 'other' } as never], remove: [], engine: 'vm' });
    expect(s.getState().containers.byId).toEqual({});
  });

  it('says each engine\'s kind and state: the version when up, the reason when down', () => {
    expect(engineLine(entry({ version: '27.3.1' }))).toBe('socket · up · Engine 27.3.1');
    expect(engineLine(entry({ kind: 'ssh', state: 'down', reason: '127.0.0.1:1 refused the connection' }))).toBe('SSH · down: 127.0.0.1:1 refused the connection');
    expect(engineLine(entry({ kind: 'tcp', tls: true, state: 'connecting' }))).toBe('TCP (TLS) · connecting…');
  });
});
