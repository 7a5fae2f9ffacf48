import { describe, expect, it } from 'vitest';
import { BerthError } from '../../../app/errors.js';
import { RunSpec, type RunSpecInput } from '../../../app/runspec.js';
import { buildCreateBody, envFromFile, fixedHostPorts, guessField, resolveEnv, validateName, withGuessedField } from './run-spec.js';

const spec = (s: Partial<RunSpecInput>) => RunSpec.parse({ image: 'img', ...s });
const body = (s: Partial<RunSpecInput>, env: string[] = []) => buildCreateBody(spec(s), env);

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(BerthError);
    expect((e as BerthError).code).toBe('INVALID_INPUT');
    return (e as BerthError).field;
  }
  throw new Error('expected INVALID_INPUT');
}

describe('buildCreateBody', () => {
  it('maps a minimal spec with the default rotated json-file log', () => {
    const b = body({});
    expect(b.Image).toBe('img');
    expect(b.Cmd).toBeUndefined();
    expect(b.Entrypoint).toBeUndefined();
    expect(b.HostConfig.LogConfig).toEqual({ Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } });
    expect(b.HostConfig.AutoRemove).toBe(false);
    expect(b.NetworkingConfig).toBeUndefined();
    expect(b.HostConfig.NetworkMode).toBeUndefined();
  });

  it('maps every field', () => {
    const b = body(
      {
        command: ['a', 'b'],
        entrypoint: [],
        tty: true,
        interactive: true,
        autoRemove: true,
        memory: 64 * 1024 * 1024,
        memorySwap: 128 * 1024 * 1024,
        cpuShares: 512,
        cpus: 1.5,
        network: 'mynet',
        networkAliases: ['db', 'cache'],
        log: { driver: 'json-file', options: { 'max-size': '1m' } },
        pidMode: 'host',
        ipcMode: 'shareable',
        utsMode: 'host',
        usernsMode: 'host',
        hostname: 'box',
        workdir: '/srv',
        user: '1000:1000',
        labels: { a: '1' },
        privileged: true,
        capAdd: ['NET_ADMIN'],
        capDrop: ['MKNOD'],
        publishAll: true,
      },
      ['A=1'],
    );
    expect(b).toMatchObject({
      Cmd: ['a', 'b'],
      Entrypoint: [],
      Tty: true,
      OpenStdin: true,
      StdinOnce: true,
      AttachStdin: true,
      Env: ['A=1'],
      Labels: { a: '1' },
      Hostname: 'box',
      WorkingDir: '/srv',
      User: '1000:1000',
      HostConfig: {
        AutoRemove: true,
        Memory: 67108864,
        MemorySwap: 134217728,
        CpuShares: 512,
        NanoCpus: 1_500_000_000,
        NetworkMode: 'mynet',
        LogConfig: { Type: 'json-file', Config: { 'max-size': '1m' } },
        PidMode: 'host',
        IpcMode: 'shareable',
        UTSMode: 'host',
        UsernsMode: 'host',
        Privileged: true,
        CapAdd: ['NET_ADMIN'],
        CapDrop: ['MKNOD'],
        PublishAllPorts: true,
      },
      NetworkingConfig: { EndpointsConfig: { mynet: { Aliases: ['db', 'cache'] } } },
    });
  });

  it('expands port ranges, keeps ip, udp, dynamic and host ranges', () => {
    const b = body({
      ports: [
        { hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80 },
        { hostPort: 9000, hostPortEnd: 9001, containerPort: 90, containerPortEnd: 91, protocol: 'udp' },
        { containerPort: 443 },
        { hostPort: 7000, hostPortEnd: 7010, containerPort: 70 },
      ],
    });
    expect(b.HostConfig.PortBindings).toEqual({
      '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }],
      '90/udp': [{ HostIp: '', HostPort: '9000' }],
      '91/udp': [{ HostIp: '', HostPort: '9001' }],
      '443/tcp': [{ HostIp: '', HostPort: '' }],
      '70/tcp': [{ HostIp: '', HostPort: '7000-7010' }],
    });
    expect(Object.keys(b.ExposedPorts).sort()).toEqual(['443/tcp', '70/tcp', '80/tcp', '90/udp', '91/udp']);
    expect(fixedHostPorts(b)).toEqual([
      { hostIp: '127.0.0.1', hostPort: 8080, protocol: 'tcp' },
      { hostIp: '', hostPort: 9000, protocol: 'udp' },
      { hostIp: '', hostPort: 9001, protocol: 'udp' },
    ]);
  });

  it('maps binds, named and anonymous volumes, tmpfs', () => {
    const b = body({
      mounts: [
        { type: 'bind', source: '/host/data', target: '/data', readOnly: true },
        { type: 'volume', source: 'vol1', target: '/v' },
        { type: 'volume', target: '/anon' },
        { type: 'tmpfs', target: '/tmp' },
      ],
    });
    expect(b.HostConfig.Binds).toEqual(['/host/data:/data:ro']);
    expect(b.HostConfig.Mounts).toEqual([
      { Type: 'volume', Source: 'vol1', Target: '/v' },
      { Type: 'volume', Target: '/anon' },
      { Type: 'tmpfs', Target: '/tmp' },
    ]);
  });

  it('maps restart policies', () => {
    expect(body({ restart: { name: 'on-failure', maximumRetryCount: 3 } }).HostConfig.RestartPolicy).toEqual({ Name: 'on-failure', MaximumRetryCount: 3 });
    expect(body({ restart: { name: 'unless-stopped' } }).HostConfig.RestartPolicy).toEqual({ Name: 'unless-stopped' });
  });

  it('rejects what the engine would refuse, naming the field', () => {
    expect(fieldOf(() => body({ name: 'bad name' }))).toBe('name');
    expect(fieldOf(() => body({ memory: 1024 }))).toBe('memory');
    expect(fieldOf(() => body({ memorySwap: 100 * 1024 * 1024 }))).toBe('memorySwap');
    expect(fieldOf(() => body({ memory: 64 * 1024 * 1024, memorySwap: 32 * 1024 * 1024 }))).toBe('memorySwap');
    expect(fieldOf(() => body({ cpus: 0.001 }))).toBe('cpus');
    expect(fieldOf(() => body({ ports: [{ hostPort: 90, containerPort: 80, containerPortEnd: 81, hostPortEnd: 95 }] }))).toBe('ports');
    expect(fieldOf(() => body({ network: 'host', ports: [{ containerPort: 80 }] }))).toBe('ports');
    expect(fieldOf(() => body({ networkAliases: ['x'] }))).toBe('networkAliases');
    expect(fieldOf(() => body({ network: 'bridge', networkAliases: ['x'] }))).toBe('networkAliases');
    expect(fieldOf(() => body({ mounts: [{ type: 'bind', source: 'rel', target: '/x' }] }))).toBe('mounts.0.source');
    expect(fieldOf(() => body({ mounts: [{ type: 'volume', target: 'x' }] }))).toBe('mounts.0.target');
    expect(fieldOf(() => body({ mounts: [{ type: 'tmpfs', target: '/a' }, { type: 'tmpfs', target: '/a' }] }))).toBe('mounts.1.target');
    expect(fieldOf(() => body({ restart: { name: 'always', maximumRetryCount: 2 } }))).toBe('restart');
    expect(fieldOf(() => body({ autoRemove: true, restart: { name: 'always' } }))).toBe('restart');
    expect(fieldOf(() => body({ pidMode: 'weird' }))).toBe('pidMode');
    expect(fieldOf(() => body({ ipcMode: 'container:' }))).toBe('ipcMode');
    expect(fieldOf(() => body({ utsMode: 'private' }))).toBe('utsMode');
    expect(fieldOf(() => body({ workdir: 'rel' }))).toBe('workdir');
    expect(fieldOf(() => body({ network: 'container:' }))).toBe('network');
  });

  it('accepts namespace modes shared with another container', () => {
    const b = body({ pidMode: 'container:web', ipcMode: 'container:web', network: 'container:web' });
    expect(b.HostConfig).toMatchObject({ PidMode: 'container:web', IpcMode: 'container:web', NetworkMode: 'container:web' });
  });
});

describe('env', () => {
  const lookup = (k: string) => ({ HOME_VAR: '/home/x' })[k];
  it('resolves bare keys from the host like docker -e KEY', () => {
    expect(resolveEnv(['A=1', 'HOME_VAR', 'MISSING', 'B='], lookup)).toEqual(['A=1', 'HOME_VAR=/home/x', 'MISSING', 'B=']);
    expect(fieldOf(() => resolveEnv(['=x'], lookup))).toBe('env');
  });
  it('reads env files like docker --env-file', () => {
    expect(envFromFile('# c\n\n  A=1\nB="q"\r\nHOME_VAR\nMISSING\n', lookup)).toEqual(['A=1', 'B="q"', 'HOME_VAR=/home/x']);
    expect(fieldOf(() => envFromFile('BAD KEY=1\n', lookup))).toBe('envFiles');
  });
});

describe('names and field guesses', () => {
  it('validates names', () => {
    expect(() => validateName('web-1.a_b')).not.toThrow();
    expect(() => validateName('/web')).not.toThrow();
    expect(fieldOf(() => validateName('x'))).toBe('name');
    expect(fieldOf(() => validateName('-x'))).toBe('name');
  });
  it('guesses the field of engine 400s', () => {
    expect(guessField('Minimum memory limit allowed is 6MB')).toBe('memory');
    expect(guessField('Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available')).toBe('cpus');
    expect(guessField('unknown capability: "CAP_FOO"')).toBe('capAdd');
    expect(guessField('logger: no log driver named \'nope\' is registered')).toBe('log');
    const e = withGuessedField(new BerthError('INVALID_INPUT', 'x', { detail: 'invalid restart policy' }));
    expect(e.field).toBe('restart');
  });
});
