import { describe, expect, it } from 'vitest';
import { parseSshEngineUrl } from './ssh-url.js';

describe('parseSshEngineUrl', () => {
  it('reads user, host, port and socket, with ssh(1) defaults', () => {
    expect(parseSshEngineUrl('ssh://build-box', 'ana')).toEqual({ user: 'ana', host: 'build-box', port: 22, socketPath: '/var/run/docker.sock', label: 'ssh: ana@build-box' });
    expect(parseSshEngineUrl('ssh://ci@10.1.2.3:2222', 'ana')).toMatchObject({ user: 'ci', host: '10.1.2.3', port: 2222, label: 'ssh: ci@10.1.2.3:2222' });
    expect(parseSshEngineUrl('ssh://me@[::1]:2200/run/user/1000/docker.sock', 'ana')).toMatchObject({ host: '::1', port: 2200, socketPath: '/run/user/1000/docker.sock', label: 'ssh: me@[::1]:2200' });
  });

  it.each([
    ['ssh://', 'ssh://[user@]host'],
    ['ssh://me@host:0', 'outside 1-65535'],
    ['ssh://me@host:70000', 'outside 1-65535'],
    ['ssh://-oProxyCommand=x@host', 'user name'],
    ['ssh://me@-oProxyCommand=x', 'host'],
    ['ssh://me@host/with space', 'spaces or control characters'],
    ['tcp://host:2375', 'ssh://[user@]host'],
  ])('refuses %s with a field error', (url, why) => {
    expect(() => parseSshEngineUrl(url, 'ana')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'endpoint', message: expect.stringContaining(why) as unknown }));
  });
});
