import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RestartPolicy } from '../runspec.js';
import { isSupportedRunFlag, lookupLong, lookupShort } from './runFlags.js';
import {
  formatRestartPolicy,
  parseCapability,
  parseContainerName,
  parseNamespaceMode,
  parseNetworkFlag,
  parseRestartPolicy,
  parseWorkdir,
} from './runOptions.js';
import { errorOf } from './testkit.js';

const numRuns = Number(process.env.FUZZ_RUNS ?? 200);

describe('restart policy', () => {
  it.each<[string, RestartPolicy]>([
    ['no', { name: 'no' }],
    ['', { name: 'no' }],
    ['always', { name: 'always' }],
    ['unless-stopped', { name: 'unless-stopped' }],
    ['on-failure', { name: 'on-failure' }],
    ['on-failure:3', { name: 'on-failure', maximumRetryCount: 3 }],
    ['on-failure:0', { name: 'on-failure', maximumRetryCount: 0 }],
    ['on-failure:', { name: 'on-failure' }],
  ])('%j', (s, policy) => {
    expect(parseRestartPolicy(s)).toStrictEqual(policy);
  });
  it.each([
    ['sometimes', 'Restart policy "sometimes" is not one of no, always, unless-stopped, on-failure[:max-retries]'],
    [':3', 'Restart policy ":3" has no policy before ":"; write e.g. on-failure:3'],
    ['always:3', 'Restart policy "always:3": only on-failure takes a maximum retry count'],
    ['on-failure:-1', 'Maximum retry count "-1" in "on-failure:-1" is not a whole number of 0 or more'],
    ['on-failure:x', 'Maximum retry count "x" in "on-failure:x" is not a whole number of 0 or more'],
  ])('rejects %j', (s, message) => {
    const e = errorOf(() => parseRestartPolicy(s));
    expect(e.field).toBe('restart');
    expect(e.message).toBe(message);
  });
  it('round-trips', () => {
    const policy = fc.oneof(
      fc.constantFrom<RestartPolicy>({ name: 'no' }, { name: 'always' }, { name: 'unless-stopped' }, { name: 'on-failure' }),
      fc.nat().map((n): RestartPolicy => ({ name: 'on-failure', maximumRetryCount: n })),
    );
    fc.assert(
      fc.property(policy, (p) => {
        expect(parseRestartPolicy(formatRestartPolicy(p))).toStrictEqual(p);
      }),
      { numRuns },
    );
  });
});

describe('other run values', () => {
  it('container names follow the engine rule', () => {
    expect(parseContainerName('web-1.a_b')).toBe('web-1.a_b');
    expect(parseContainerName('/web')).toBe('web');
    expect(errorOf(() => parseContainerName('a')).message).toBe(
      'Container name "a" is not valid: use 2 or more letters, digits, "_", "." or "-", starting with a letter or digit',
    );
    expect(errorOf(() => parseContainerName('-web')).field).toBe('name');
  });
  it('namespace modes', () => {
    expect(parseNamespaceMode('pid', 'host')).toBe('host');
    expect(parseNamespaceMode('pid', 'container:db')).toBe('container:db');
    expect(parseNamespaceMode('ipc', 'shareable')).toBe('shareable');
    expect(parseNamespaceMode('uts', '')).toBeUndefined();
    expect(errorOf(() => parseNamespaceMode('pid', 'container:')).message).toBe(
      '--pid "container:" is not a PID mode; use host, container:<name|id>',
    );
    expect(errorOf(() => parseNamespaceMode('uts', 'private')).message).toBe('--uts "private" is not a UTS mode; use host');
    expect(errorOf(() => parseNamespaceMode('userns', 'x')).field).toBe('usernsMode');
  });
  it('networks, including the long form', () => {
    expect(parseNetworkFlag('host')).toStrictEqual({ network: 'host', aliases: [] });
    expect(parseNetworkFlag('name=mynet,alias=web,alias=www')).toStrictEqual({ network: 'mynet', aliases: ['web', 'www'] });
    expect(errorOf(() => parseNetworkFlag('name=mynet,ip=10.0.0.2')).message).toBe(
      'Network option "ip" in "name=mynet,ip=10.0.0.2" is valid for docker, but Berth cannot apply it yet; remove it',
    );
    expect(errorOf(() => parseNetworkFlag('alias=web')).message).toBe('"alias=web" has no name=; write e.g. name=mynet,alias=web');
  });
  it('capabilities and workdir', () => {
    expect(parseCapability('NET_ADMIN', 'capAdd')).toBe('NET_ADMIN');
    expect(errorOf(() => parseCapability('NET ADMIN', 'capAdd')).message).toBe(
      'Capability "NET ADMIN" is not a capability name such as NET_ADMIN or ALL',
    );
    expect(parseWorkdir('/app')).toBe('/app');
    expect(errorOf(() => parseWorkdir('app')).message).toBe('Working directory "app" must be an absolute path in the container, e.g. /app');
  });
  it('flag table', () => {
    expect(lookupLong('net', '--net')).toStrictEqual({ flag: 'network', bool: false });
    expect(lookupShort('P', '-P')).toStrictEqual({ flag: 'publish-all', bool: true });
    expect(isSupportedRunFlag('publish')).toBe(true);
    expect(isSupportedRunFlag('gpus')).toBe(false);
  });
});
