// The all-engines view's data: deltas stay with their engine, groups follow the engines' order and the filter.
import { describe, expect, it } from 'vitest';
import type { EngineEntry } from '../../../../app/engines';
import type { ContainerSummary, VolumeSummary } from '../../../../app/model';
import { applyEngineDelta, emptyObjects, groupByEngine } from './allEngines';

const engine = (id: string, name: string): EngineEntry => ({ id, name, kind: 'socket', source: 'added', url: `unix:///${name}.sock`, tls: false, state: 'up', since: 0 });
const v = (name: string): VolumeSummary => ({ name, driver: 'local', mountpoint: `/v/${name}`, labels: {}, scope: 'local' });
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

  it("volumes: kept by name per engine (removing data leaves data2), sorted, filtered by name, driver or the engine's name", () => {
    let all = { host: emptyObjects({ volumes: [v('data'), v('data2')] }) };
    all = applyEngineDelta(all, 'added:box', 'volumes', { upsert: [v('cache'), v('data')], remove: [] });
    all = applyEngineDelta(all, 'host', 'volumes', { upsert: [], remove: ['data'] });
    const engines = [engine('host', 'default'), engine('added:box', 'box')];
    expect(groupByEngine(engines, all).map((g) => g.volumes.map((x) => x.name))).toEqual([['data2'], ['cache', 'data']]);
    expect(groupByEngine(engines, all, 'data').map((g) => g.volumes.map((x) => x.name))).toEqual([['data2'], ['data']]);
    expect(groupByEngine(engines, all, 'box').map((g) => g.volumes.length)).toEqual([0, 2]);
  });
});
