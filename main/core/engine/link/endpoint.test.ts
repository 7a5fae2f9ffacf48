import { describe, expect, it } from 'vitest';
import { modemOptions, parseDockerHost, resolveEndpoint } from './endpoint.js';

describe('endpoint resolution', () => {
  it('prefers the setting, then DOCKER_HOST, then the platform default', () => {
    expect(resolveEndpoint({ setting: 'unix:///run/x.sock', env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' } }).address).toBe('/run/x.sock');
    expect(resolveEndpoint({ env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' } })).toMatchObject({ kind: 'tcp', address: '127.0.0.1:2375' });
    expect(resolveEndpoint({ env: {}, platform: 'linux' })).toMatchObject({ kind: 'socket', address: '/var/run/docker.sock', label: 'Local socket' });
    expect(resolveEndpoint({ env: {}, platform: 'win32' })).toMatchObject({ kind: 'pipe' });
  });
  it('rejects what it cannot use, with INVALID_INPUT or UNSUPPORTED', () => {
    expect(() => parseDockerHost('/var/run/docker.sock')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => parseDockerHost('unix://relative.sock')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => parseDockerHost('tcp://nohost')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => parseDockerHost('fd://')).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
    expect(() => parseDockerHost('ssh://me@-oProxyCommand=x')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'endpoint' }));
  });
  it('reads an ssh:// engine (served locally by the SSH link later), with the host its ports answer on', () => {
    expect(parseDockerHost('ssh://ci@build-box:2222')).toEqual({ kind: 'ssh', label: 'ssh: ci@build-box:2222', address: 'ssh://ci@build-box:2222', remoteHost: 'build-box' });
  });
  it('gives dockerode the right connection options', () => {
    expect(modemOptions(parseDockerHost('unix:///var/run/docker.sock'))).toEqual({ socketPath: '/var/run/docker.sock' });
    expect(modemOptions(parseDockerHost('tcp://[::1]:2375'))).toEqual({ host: '::1', port: 2375, protocol: 'http' });
  });
});
