// runSpecOf: a container's inspect read back as the RunSpec it was made with, the image's own settings left out.
import { describe, expect, it } from 'vitest';
import { checkRunSpec } from '../../../app/run-rules.js';
import { runSpecOf, type ContainerInspect, type ImageConfig } from './run-spec-of.js';

const image: ImageConfig = {
  Cmd: ['httpd', '-f'],
  Env: ['PATH=/bin'],
  Labels: { maintainer: 'x' },
  WorkingDir: '/srv',
  Volumes: { '/cache': {} },
};

function inspect(over: Partial<ContainerInspect['Config']> = {}, hc: Partial<ContainerInspect['HostConfig']> = {}, rest: Partial<ContainerInspect> = {}): ContainerInspect {
  return {
    Name: '/web',
    Image: `sha256:${'a'.repeat(64)}`,
    Config: { Image: 'app:1', Cmd: ['httpd', '-f'], Env: ['PATH=/bin'], Labels: { maintainer: 'x' }, WorkingDir: '/srv', Hostname: '0123456789ab', Tty: false, OpenStdin: false, ...over },
    HostConfig: { NetworkMode: 'default', RestartPolicy: { Name: 'no' }, LogConfig: { Type: 'json-file', Config: {} }, IpcMode: 'private', ...hc },
    Mounts: [],
    ...rest,
  };
}

describe('runSpecOf', () => {
  it('leaves out what the image and the engine give anyway', () => {
    const s = runSpecOf(inspect(), image, 'app:1');
    expect(s).toMatchObject({ image: 'app:1', name: 'web', env: [], labels: {}, ports: [], mounts: [], tty: false, interactive: false });
    expect(s.command).toBeUndefined();
    expect(s.entrypoint).toBeUndefined();
    expect(s.workdir).toBeUndefined();
    expect(s.hostname).toBeUndefined();
    expect(s.network).toBeUndefined();
    expect(s.ipcMode).toBeUndefined();
    expect(s.restart).toBeUndefined();
    expect(checkRunSpec(s)).toEqual([]);
  });

  it('keeps what was given at run: command, env, labels, ports (a dynamic one stays dynamic), mounts, limits, restart, network', () => {
    const c = inspect(
      { Cmd: ['sh', '-c', 'serve'], Env: ['PATH=/bin', 'MODE=prod'], Labels: { maintainer: 'x', team: 'a' }, WorkingDir: '/app', User: '1000:1000', Hostname: 'box', Tty: true, OpenStdin: true },
      {
        NetworkMode: 'appnet',
        PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }], '53/udp': [{ HostIp: '', HostPort: '' }] },
        Memory: 64 * 2 ** 20,
        NanoCpus: 500_000_000,
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
        CapAdd: ['NET_ADMIN'],
        Tmpfs: { '/run': '' },
      },
      {
        Mounts: [
          { Type: 'volume', Name: 'data', Destination: '/data', RW: true },
          { Type: 'volume', Name: 'f'.repeat(64), Destination: '/cache', RW: true },
          { Type: 'volume', Name: 'e'.repeat(64), Destination: '/scratch', RW: true },
          { Type: 'bind', Source: '/etc/app', Destination: '/etc/app', RW: false },
        ],
        NetworkSettings: { Networks: { appnet: { Aliases: ['api', '0123456789ab'] } } },
      },
    );
    const s = runSpecOf(c, image, 'app:1');
    expect(s.command).toEqual(['sh', '-c', 'serve']);
    expect(s.entrypoint).toBeUndefined();
    expect(s.env).toEqual(['MODE=prod']);
    expect(s.labels).toEqual({ team: 'a' });
    expect(s).toMatchObject({ workdir: '/app', user: '1000:1000', hostname: 'box', tty: true, interactive: true, network: 'appnet', networkAliases: ['api'], memory: 64 * 2 ** 20, cpus: 0.5, capAdd: ['NET_ADMIN'] });
    expect(s.restart).toEqual({ name: 'on-failure', maximumRetryCount: 3 });
    expect(s.ports).toEqual([
      { containerPort: 53, protocol: 'udp' },
      { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 8080 },
    ]);
    // The image's own anonymous /cache is left to the image; an anonymous -v /scratch stays anonymous.
    expect(s.mounts).toEqual([
      { type: 'volume', source: 'data', target: '/data' },
      { type: 'volume', target: '/scratch' },
      { type: 'bind', source: '/etc/app', target: '/etc/app', readOnly: true },
      { type: 'tmpfs', target: '/run' },
    ]);
    expect(checkRunSpec(s)).toEqual([]);
  });

  it('a replaced entrypoint goes with the command it ran with; a cleared one stays cleared', () => {
    const s = runSpecOf(inspect({ Entrypoint: ['/bin/sh'], Cmd: ['-c', 'x'] }), image, 'app:1');
    expect(s.entrypoint).toEqual(['/bin/sh']);
    expect(s.command).toEqual(['-c', 'x']);
    const cleared = runSpecOf(inspect({ Entrypoint: null, Cmd: ['true'] }), { ...image, Entrypoint: ['/init'] }, 'app:1');
    expect(cleared.entrypoint).toEqual([]);
    expect(cleared.command).toEqual(['true']);
  });
});
