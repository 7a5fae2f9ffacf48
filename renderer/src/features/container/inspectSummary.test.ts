import { describe, expect, it } from 'vitest';
import { inspectSummary } from './inspectSummary';

describe('inspect summary', () => {
  it('summarises ports, limits, namespaces, logging and restart', () => {
    const s = inspectSummary({
      Id: 'abc', Name: '/web', Image: 'sha256:1', Created: '2024', Path: 'httpd', Args: ['-f'],
      State: { Status: 'running', StartedAt: 'x', ExitCode: 0 },
      Config: { Image: 'busybox', Tty: true, OpenStdin: true, Env: ['PATH=/bin'], Labels: { a: 'b' } },
      HostConfig: { Memory: 67108864, CpuShares: 512, NetworkMode: 'bridge', PidMode: '', LogConfig: { Type: 'json-file', Config: { 'max-size': '10m' } }, RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 }, CapAdd: ['NET_ADMIN'] },
      NetworkSettings: { Ports: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }, { HostIp: '::', HostPort: '8080' }], '443/tcp': null }, Networks: { bridge: { IPAddress: '172.17.0.2', Aliases: null } } },
      Mounts: [{ Type: 'volume', Name: 'data', Destination: '/data', RW: false }],
    });
    expect(s.name).toBe('web');
    expect(s.command).toBe('httpd -f');
    expect(s.ports).toEqual(['8080→80/tcp', '443/tcp (not published)']);
    expect(s.limits).toEqual([{ label: 'Memory', value: '64 MiB' }, { label: 'CPU shares', value: '512' }]);
    expect(s.namespaces[0]).toEqual({ label: 'Network', value: 'bridge' });
    expect(s.namespaces[1]).toEqual({ label: 'PID', value: 'private' });
    expect(s.log).toBe('json-file (max-size=10m)');
    expect(s.restart).toBe('on-failure:3');
    expect(s.mounts).toEqual(['volume data → /data (read-only)']);
    expect(s.networks).toEqual([{ name: 'bridge', ip: '172.17.0.2', aliases: [] }]);
    expect(s.tty && s.interactive).toBe(true);
  });
  it('copes with an empty object', () => expect(inspectSummary({}).limits[0]?.value).toMatch(/none/));
});

describe('mounts on the Berth VM', () => {
  it('says whether each bind is in a shared folder', () => {
    const j = {
      Mounts: [
        { Type: 'bind', Source: '/home/ana/site', Destination: '/www', RW: true },
        { Type: 'bind', Source: '/srv/data', Destination: '/data', RW: false },
        { Type: 'volume', Name: 'v', Source: '/var/lib/docker/volumes/v/_data', Destination: '/v', RW: true },
      ],
    };
    expect(inspectSummary(j, ['/home/ana']).mounts).toEqual([
      'bind /home/ana/site → /www — host folder, shared as /home/ana',
      "bind /srv/data → /data (read-only) — not in a shared folder: the VM's own directory, not your machine's",
      'volume v → /v',
    ]);
    expect(inspectSummary(j).mounts[0]).toBe('bind /home/ana/site → /www');
  });
});
