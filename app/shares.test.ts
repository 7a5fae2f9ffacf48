import { describe, expect, it } from 'vitest';
import {
  bindSource,
  bindSourcesOfCreate,
  dedupeShares,
  defaultShares,
  isGuestOwnPath,
  normalizeHostPath,
  shareFor,
  shareProblem,
  sharedBindSources,
  toWslBind,
  toWslCreate,
  toWslPath,
  unsharedBind,
  unsharedMessage,
} from './shares.js';

describe('shares', () => {
  it('defaults to home and temp, and on macOS the folders /tmp and $TMPDIR resolve to', () => {
    expect(defaultShares({ platform: 'linux', home: '/home/ana', tmp: '/tmp' })).toEqual(['/home/ana', '/tmp']);
    expect(defaultShares({ platform: 'darwin', home: '/Users/ana', tmp: '/var/folders/xy/T/' })).toEqual(['/Users/ana', '/private/tmp', '/var/folders', '/private/var/folders']);
  });
  it('normalises paths and drops folders already inside a share', () => {
    expect(normalizeHostPath('/a//b/./c/../d/')).toBe('/a/b/d');
    expect(dedupeShares(['/home/ana/code', '/home/ana', '/tmp', '/tmp'])).toEqual(['/home/ana', '/tmp']);
  });
  it('finds the share holding a path, not a sibling with the same prefix', () => {
    const shares = ['/home/ana', '/tmp'];
    expect(shareFor('/home/ana/proj/src', shares)).toBe('/home/ana');
    expect(shareFor('/home/ana', shares)).toBe('/home/ana');
    expect(shareFor('/home/anabel/x', shares)).toBeUndefined();
    expect(shareFor('/home/ana/../bob', shares)).toBeUndefined();
  });
  it('refuses bad shares with a reason', () => {
    expect(shareProblem('code')).toMatch(/not an absolute path/);
    expect(shareProblem('/')).toMatch(/hide the VM/);
    expect(shareProblem('/a:b')).toMatch(/":"/);
    expect(shareProblem('/srv/data')).toBeUndefined();
  });
  it('reads bind sources from a create body: Binds with a host path, Mounts of type bind, not named volumes', () => {
    const body = {
      HostConfig: {
        Binds: ['/srv/data:/data:ro', 'named:/v', 'C:\\Users\\me\\proj:/app', 'D:/x:/y'],
        Mounts: [{ Type: 'bind', Source: '/home/ana/site', Target: '/www' }, { Type: 'volume', Source: 'v', Target: '/v' }, { Type: 'tmpfs', Target: '/t' }],
      },
    };
    expect(bindSourcesOfCreate(body)).toEqual(['/srv/data', 'C:\\Users\\me\\proj', 'D:/x', '/home/ana/site']);
    expect(bindSourcesOfCreate({})).toEqual([]);
    expect(bindSourcesOfCreate(null)).toEqual([]);
    expect(bindSourcesOfCreate({ HostConfig: { Binds: 'nope', Mounts: [null] } })).toEqual([]);
    expect(bindSource('vol:/x')).toBeUndefined();
  });
  it('names the first unshared bind, letting the VM own paths through', () => {
    const shares = ['/home/ana', '/tmp'];
    expect(unsharedBind(['/home/ana/x', '/var/run/docker.sock', '/proc/1', '/srv/data'], shares)).toEqual({ path: '/srv/data', message: unsharedMessage('/srv/data') });
    expect(unsharedBind(['/home/ana/x', '/tmp/y'], shares)).toBeUndefined();
    expect(isGuestOwnPath('/var/lib/docker/volumes')).toBe(true);
    expect(isGuestOwnPath('/var/lib/dockerx')).toBe(false);
    expect(unsharedMessage('/srv/data')).toBe('/srv/data is not shared with the Berth VM: add it under VM → File sharing');
  });
  it('translates Windows paths for WSL2', () => {
    expect(toWslPath('C:\\Users\\me\\proj')).toBe('/mnt/c/Users/me/proj');
    expect(toWslPath('C:/Users/me/proj/')).toBe('/mnt/c/Users/me/proj');
    expect(toWslPath('/c/Users/me/proj')).toBe('/mnt/c/Users/me/proj');
    expect(toWslPath('D:\\')).toBe('/mnt/d');
    expect(toWslPath('E:')).toBe('/mnt/e');
    expect(toWslPath('/home/me')).toBe('/home/me');
    expect(toWslPath('relative\\x')).toBe('relative\\x');
    expect(toWslBind('C:\\src:/app:ro')).toBe('/mnt/c/src:/app:ro');
    expect(toWslBind('/c/src:/app')).toBe('/mnt/c/src:/app');
    expect(toWslBind('named:/app')).toBe('named:/app');
  });
});

describe('shares that would hide the guest', () => {
  it('refuses system folders, folders inside them and folders above them', () => {
    expect(shareProblem('/usr/local/src')).toMatch(/VM's own \/usr/);
    expect(shareProblem('/var')).toMatch(/VM's own \/var\/lib/);
    expect(shareProblem('/mnt')).toMatch(/berth-data/);
    expect(shareProblem('/var/folders')).toBeUndefined();
    expect(shareProblem('/private/tmp')).toBeUndefined();
    expect(shareProblem('/root')).toBeUndefined();
  });
});

describe('sharedBindSources', () => {
  it('lists the bind sources of running containers that lie in a share, once each', () => {
    const list = [
      { Mounts: [{ Type: 'bind', Source: '/home/ana/site' }, { Type: 'volume', Source: '/var/lib/docker/volumes/v/_data' }] },
      { Mounts: [{ Type: 'bind', Source: '/home/ana/site/' }, { Type: 'bind', Source: '/var/run/docker.sock' }] },
      {},
    ];
    expect(sharedBindSources(list, ['/home/ana'])).toEqual(['/home/ana/site']);
  });
});

describe('toWslCreate', () => {
  it('rewrites Windows host paths of binds and bind mounts, and nothing else', () => {
    const body = { Image: 'x', HostConfig: { Binds: ['C:\\Users\\me\\proj:/app', 'named:/v', '/home/me:/h'], Mounts: [{ Type: 'bind', Source: 'D:/data', Target: '/d' }, { Type: 'volume', Source: 'v', Target: '/v' }] } };
    expect(toWslCreate(body)).toEqual({
      Image: 'x',
      HostConfig: { Binds: ['/mnt/c/Users/me/proj:/app', 'named:/v', '/home/me:/h'], Mounts: [{ Type: 'bind', Source: '/mnt/d/data', Target: '/d' }, { Type: 'volume', Source: 'v', Target: '/v' }] },
    });
    expect(toWslCreate({ HostConfig: { Binds: ['/home/me:/h'] } })).toBeUndefined();
    expect(toWslCreate({})).toBeUndefined();
  });
});
