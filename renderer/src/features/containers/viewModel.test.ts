import { describe, expect, it } from 'vitest';
import type { ContainerSummary } from '../../../../app/model';
import { allowedActions, containerRows, matchesFilter, portLinks, stateWord } from './viewModel';
import { commitRepoFor, removeCheck } from './removePolicy';
import { isGeneratedName } from './names';

const c = (over: Partial<ContainerSummary>): ContainerSummary => ({
  id: 'a'.repeat(64), name: 'web', image: 'busybox', imageId: 'sha256:1', command: 'sh', created: 1000, state: 'running',
  status: 'Up 2 minutes', ports: [], labels: {}, networks: ['bridge'], ...over,
});

describe('portLinks', () => {
  it('merges the IPv4 and IPv6 binds of a port and links TCP to loopback', () => {
    const links = portLinks([
      { ip: '0.0.0.0', privatePort: 80, publicPort: 8080, type: 'tcp' },
      { ip: '::', privatePort: 80, publicPort: 8080, type: 'tcp' },
      { ip: '0.0.0.0', privatePort: 53, publicPort: 5353, type: 'udp' },
    ]);
    expect(links).toEqual([
      { label: '5353→53/udp', url: undefined, hostPort: 5353 },
      { label: '8080→80/tcp', url: 'http://127.0.0.1:8080', hostPort: 8080 },
    ]);
  });
  it('keeps a specific host IP and shows unpublished ports plainly', () => {
    expect(portLinks([{ ip: '127.0.0.1', privatePort: 80, publicPort: 9000, type: 'tcp' }, { privatePort: 443, type: 'tcp' }])).toEqual([
      { label: '127.0.0.1:9000→80/tcp', url: 'http://127.0.0.1:9000', hostPort: 9000 },
      { label: '443/tcp', url: undefined },
    ]);
  });
  it("links wildcard binds of a remote (ssh://) engine to that engine's host", () => {
    const ports = [{ ip: '0.0.0.0', privatePort: 80, publicPort: 8080, type: 'tcp' as const }, { ip: '10.0.0.5', privatePort: 22, publicPort: 2222, type: 'tcp' as const }];
    expect(portLinks(ports, 'build-box').map((l) => l.url)).toEqual(['http://10.0.0.5:2222', 'http://build-box:8080']);
    expect(portLinks(ports.slice(0, 1), 'fd00::5')[0]?.url).toBe('http://[fd00::5]:8080');
  });
});

describe('rows', () => {
  it('groups compose projects and sorts newest first', () => {
    const rows = containerRows([
      c({ id: '1', name: 'solo', created: 5 }),
      c({ id: '2', name: 'app-db-1', created: 3, composeProject: 'app', composeService: 'db', state: 'exited', status: 'Exited (0) 1 minute ago' }),
      c({ id: '3', name: 'app-web-1', created: 9, composeProject: 'app', composeService: 'web' }),
    ]);
    expect(rows.map((r) => (r.kind === 'group' ? `group:${r.project}:${r.running}/${r.count}` : r.vm.name))).toEqual(['group:app:1/2', 'app-db-1', 'app-web-1', 'solo']);
  });
  it('folds collapsed groups', () => {
    const rows = containerRows([c({ id: '2', composeProject: 'app' })], { collapsed: new Set(['app']) });
    expect(rows).toHaveLength(1);
  });
  it('filters by words', () => {
    expect(matchesFilter(c({ name: 'web', image: 'nginx' }), 'ngi')).toBe(true);
    expect(matchesFilter(c({ name: 'web', image: 'nginx' }), 'web redis')).toBe(false);
  });
});

describe('states and actions', () => {
  it('words', () => {
    expect(stateWord({ state: 'exited', status: 'Exited (137) 2 seconds ago' })).toBe('Exited (137)');
    expect(stateWord({ state: 'running', status: 'Up 1 s' })).toBe('Running');
  });
  it('actions', () => {
    expect(allowedActions('running')).toContain('stop');
    expect(allowedActions('paused')).toContain('unpause');
    expect(allowedActions('exited')).toEqual(['start', 'restart', 'remove', 'forceRemove']);
  });
});

describe('remove policy', () => {
  it('recognises generated names', () => {
    expect(isGeneratedName('quirky_hopper')).toBe(true);
    expect(isGeneratedName('my_app')).toBe(false);
    expect(isGeneratedName('web')).toBe(false);
  });
  it('asks for an unnamed or changed stopped container', () => {
    expect(removeCheck({ name: 'quirky_hopper', state: 'exited' }, 0).ask).toBe(true);
    expect(removeCheck({ name: 'web', state: 'exited' }, 2)).toMatchObject({ ask: true });
    expect(removeCheck({ name: 'web', state: 'exited' }, 0).ask).toBe(false);
    expect(removeCheck({ name: 'quirky_hopper', state: 'running' }, 3).ask).toBe(false);
  });
  it('commit repo names', () => expect(commitRepoFor('Quirky_Hopper')).toBe('quirky_hopper-snapshot'));
});
