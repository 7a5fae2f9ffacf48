// The all-engines view's data: deltas stay with their engine, groups follow the engines' order and the filter.
import { describe, expect, it } from 'vitest';
import type { EngineEntry } from '../../../../app/engines';
import type { ContainerSummary } from '../../../../app/model';
import { applyEngineDelta, emptyObjects, groupByEngine } from './allEngines';

const engine = (id: string, name: string): EngineEntry => ({ id, name, kind: 'socket', source: 'added', url: `unix:///${name}.sock`, tls: false, state: 'up', since: 0 });
const c = (id: string, name: string): ContainerSummary => ({ id, name, image: 'nginx', imageId: 'x', command: '', created: 1, state: 'running', status: 'Up', ports: [], labels: {}, networks: [], volumes: [] });

describe('all engines', () => {
  it('applies each delta to its own engine only, and groups by engine with the filter', () => {
    let all = { host: emptyObjects({ containers: [c('1', 'web')] }) };
    all = applyEngineDelta(all, 'added:box', 'containers', { upsert: [c('1', 'web'), c('2', 'db')], remove: [] });
    all = applyEngineDelta(all, 'host', 'containers', { upsert: [], remove: ['1'] });
    const groups = groupByEngine([engine('host', 'default'), engine('added:box', 'box')], all);
    expect(groups.map((g) => [g.engine.name, g.containers.map((x) => x.name)])).toEqual([
      ['default', []],
      ['box', ['db', 'web']],
    ]);
    expect(groupByEngine([engine('host', 'default'), engine('added:box', 'box')], all, 'box db').map((g) => g.containers.map((x) => x.name))).toEqual([[], ['db']]);
    expect(groupByEngine([engine('added:box', 'box')], all, 'box')[0]?.containers).toHaveLength(2);
  });
});
