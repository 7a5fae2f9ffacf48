import { describe, expect, it } from 'vitest';
import { describeHostAccess, HostAccess, hostAccessArg, parseHostPorts, withHostAlias } from './host-access.js';

describe('host access setting', () => {
  it('gives the guest script one argument per setting', () => {
    expect(hostAccessArg(undefined)).toBe('none');
    expect(hostAccessArg({ mode: 'none', ports: [80] })).toBe('none');
    expect(hostAccessArg({ mode: 'all' })).toBe('all');
    expect(hostAccessArg({ mode: 'ports', ports: [8080, 80, 8080] })).toBe('80,8080');
  });

  it('refuses a port list without ports, and ports out of range', () => {
    expect(HostAccess.safeParse({ mode: 'ports', ports: [] }).success).toBe(false);
    expect(HostAccess.safeParse({ mode: 'ports' }).success).toBe(false);
    expect(HostAccess.safeParse({ mode: 'ports', ports: [0] }).success).toBe(false);
    expect(HostAccess.safeParse({ mode: 'ports', ports: [65536] }).success).toBe(false);
    expect(HostAccess.safeParse({ mode: 'open' }).success).toBe(false);
    expect(HostAccess.safeParse({ mode: 'ports', ports: [5432] }).success).toBe(true);
  });

  it('parses what a person types into ports, or says what is wrong', () => {
    expect(parseHostPorts('5432, 8080 9000,5432')).toEqual([5432, 8080, 9000]);
    expect(parseHostPorts('')).toEqual([]);
    expect(parseHostPorts('80, http')).toEqual({ error: '"http" is not a port number.' });
    expect(parseHostPorts('70000')).toEqual({ error: '70000 is not a port: ports go from 1 to 65535.' });
    expect(parseHostPorts('0')).toEqual({ error: '0 is not a port: ports go from 1 to 65535.' });
    expect(parseHostPorts('-1')).toEqual({ error: '"-1" is not a port number.' });
    expect(parseHostPorts(Array.from({ length: 65 }, (_, i) => i + 1).join(','))).toHaveProperty('error');
  });

  it('describes each setting in words', () => {
    expect(describeHostAccess(undefined)).toMatch(/cannot reach/);
    expect(describeHostAccess({ mode: 'all' })).toMatch(/every service/);
    expect(describeHostAccess({ mode: 'ports', ports: [5432] })).toBe('Containers reach host.docker.internal on port 5432 only.');
    expect(describeHostAccess({ mode: 'ports', ports: [80, 5432] })).toBe('Containers reach host.docker.internal on ports 80, 5432 only.');
  });

  it('adds host.docker.internal to a create only while the host is open, keeping what the request named', () => {
    const body = { Image: 'x', HostConfig: { Binds: ['/a:/b'], ExtraHosts: ['db:10.1.1.1'] } };
    expect(withHostAlias(body, { mode: 'none' }, '10.0.2.2')).toBeUndefined();
    expect(withHostAlias(body, undefined, '10.0.2.2')).toBeUndefined();
    expect(withHostAlias(body, { mode: 'all' }, '10.0.2.2')).toEqual({ Image: 'x', HostConfig: { Binds: ['/a:/b'], ExtraHosts: ['db:10.1.1.1', 'host.docker.internal:10.0.2.2'] } });
    expect(withHostAlias({ Image: 'x' }, { mode: 'ports', ports: [1] }, '10.0.2.2')).toEqual({ Image: 'x', HostConfig: { ExtraHosts: ['host.docker.internal:10.0.2.2'] } });
    // The person's own mapping wins; a container on another's network cannot have hosts entries.
    expect(withHostAlias({ HostConfig: { ExtraHosts: ['host.docker.internal:host-gateway'] } }, { mode: 'all' }, '10.0.2.2')).toBeUndefined();
    expect(withHostAlias({ HostConfig: { NetworkMode: 'container:abc' } }, { mode: 'all' }, '10.0.2.2')).toBeUndefined();
    expect(withHostAlias(null, { mode: 'all' }, '10.0.2.2')).toBeUndefined();
  });
});
