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
  const paths = (n: number, lent = false) => Array.from({ length: n }, (_, i) => ({ path: `/data/f${i}`, kind: 'added' as const, ...(lent ? { lent } : {}) }));
  it('asks for an unnamed or changed stopped container', () => {
    expect(removeCheck({ name: 'quirky_hopper', state: 'exited' }, []).ask).toBe(true);
    expect(removeCheck({ name: 'web', state: 'exited' }, paths(2))).toMatchObject({ ask: true });
    expect(removeCheck({ name: 'web', state: 'exited' }, []).ask).toBe(false);
    expect(removeCheck({ name: 'web', state: 'exited' }, undefined).ask).toBe(false);
    expect(removeCheck({ name: 'quirky_hopper', state: 'running' }, paths(3)).ask).toBe(false);
  });
  it('names the first ten changed paths and counts them all, in good grammar', () => {
    const one = removeCheck({ name: 'web', state: 'exited' }, paths(1));
    expect(one.reasons).toEqual(['Its filesystem has 1 changed path that is not in any image; it will be lost:']);
    expect(one.changed).toEqual({ paths: ['/data/f0'], total: 1 });
    const many = removeCheck({ name: 'web', state: 'exited' }, paths(13));
    expect(many.reasons[0]).toBe('Its filesystem has 13 changed paths that are not in any image; they will be lost:');
    expect(many.changed?.paths).toHaveLength(10);
    expect(many.changed?.total).toBe(13);
  });
  it('leaves Berth\'s lent busybox out: it is not the person\'s change', () => {
    const lent = [{ path: '/.berth-0123456789abcdef', kind: 'added' as const, lent: true }, { path: '/.berth-0123456789abcdef/busybox', kind: 'added' as const, lent: true }];
    expect(removeCheck({ name: 'web', state: 'exited' }, lent).ask).toBe(false);
    expect(removeCheck({ name: 'web', state: 'exited' }, [...lent, ...paths(1)]).changed).toEqual({ paths: ['/data/f0'], total: 1 });
  });
  it('commit repo names', () => expect(commitRepoFor('Quirky_Hopper')).toBe('quirky_hopper-snapshot'));
});
