import { describe, expect, it } from 'vitest';
import { BerthError } from './errors.js';
import { assertRunSpec, checkRunSpec, MIN_MEMORY, sharesNetwork } from './run-rules.js';
import { RunSpec, type RunSpecInput } from './runspec.js';

const spec = (s: Partial<RunSpecInput> = {}) => RunSpec.parse({ image: 'busybox', ...s });
const MiB = 1024 * 1024;

describe('checkRunSpec', () => {
  it('passes a plain spec and one that uses every rule well', () => {
    expect(checkRunSpec(spec())).toEqual([]);
    const full = spec({
      name: 'web-1', workdir: '/srv', pidMode: 'container:db', ipcMode: 'shareable', utsMode: 'host', usernsMode: 'host',
      network: 'appnet', networkAliases: ['api'], restart: { name: 'on-failure', maximumRetryCount: 3 },
      log: { driver: 'json-file', options: { 'max-size': '1m' } }, memory: 64 * MiB, memorySwap: 128 * MiB, cpus: 0.5, cpuShares: 512,
      ports: [{ hostPort: 8080, containerPort: 80 }],
      mounts: [{ type: 'bind', source: '/srv/www', target: '/www' }, { type: 'volume', source: 'data', target: '/data' }, { type: 'tmpfs', target: '/tmp' }],
    });
    expect(checkRunSpec(full)).toEqual([]);
  });

  it.each<[string, Partial<RunSpecInput>, string, RegExp]>([
    ['a name the engine refuses', { name: '-x' }, 'name', /Container name "-x" is not valid/],
    ['a relative working directory', { workdir: 'app' }, 'workdir', /must be an absolute path/],
    ['an unknown PID mode', { pidMode: 'weird' }, 'pidMode', /--pid "weird" is not a PID mode/],
    ['container: without a name', { ipcMode: 'container:' }, 'ipcMode', /container:<name\|id>/],
    ['a UTS mode that is not host', { utsMode: 'private' }, 'utsMode', /not a UTS mode/],
    ['a user namespace mode that is not host', { usernsMode: 'private' }, 'usernsMode', /not a user namespace mode/],
    ['a network name with a space', { network: 'my net' }, 'network', /contains whitespace/],
    ['container: without a container', { network: 'container:' }, 'network', /Name the container/],
    ['a retry count on always', { restart: { name: 'always', maximumRetryCount: 2 } }, 'restart', /only on-failure takes a maximum retry count/],
    ['--rm with a restart policy', { autoRemove: true, restart: { name: 'unless-stopped' } }, 'restart', /^--rm cannot be combined with --restart unless-stopped/],
    ['a blank log driver', { log: { driver: ' ', options: {} } }, 'log', /log driver is empty/],
    ['options on the none log driver', { log: { driver: 'none', options: { a: 'b' } } }, 'log', /"none" log driver takes no --log-opt options/],
    ['memory below the minimum', { memory: MiB }, 'memory', /^Memory limit 1m is below the engine's minimum of 6m$/],
    ['swap without memory', { memorySwap: 64 * MiB }, 'memorySwap', /needs --memory as well/],
    ['swap below memory', { memory: 64 * MiB, memorySwap: 32 * MiB }, 'memorySwap', /^--memory-swap 32m is below --memory 64m/],
  ])('names the field of %s', (_, s, field, message) => {
    const errors = checkRunSpec(spec(s));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.field).toBe(field);
    expect(errors[0]?.message).toMatch(message);
    expect(checkRunSpec(spec(s), 'command')).toEqual(errors);
  });

  it.each<[string, Partial<RunSpecInput>, string, RegExp]>([
    ['fewer CPUs than the engine takes', { cpus: 0.001 }, 'cpus', /0.001 CPUs is below the engine's minimum of 0.01/],
    ['a CPU weight of 1', { cpuShares: 1 }, 'cpuShares', /at least 2/],
    ['ports on the host network', { network: 'host', ports: [{ containerPort: 80 }] }, 'ports', /network "host": the container has no network of its own/],
    ['-P on another container\'s network', { network: 'container:db', publishAll: true }, 'ports', /container:db/],
    ['aliases on the default network', { networkAliases: ['a'] }, 'networkAliases', /not on "bridge"/],
    ['aliases on bridge', { network: 'bridge', networkAliases: ['a'] }, 'networkAliases', /only on a network you created/],
    ['a relative mount target', { mounts: [{ type: 'volume', target: 'data' }] }, 'mounts.0.target', /must be an absolute path/],
    ['a mount on /', { mounts: [{ type: 'tmpfs', target: '/' }] }, 'mounts.0.target', /cannot be "\/"/],
    ['a bind without a source', { mounts: [{ type: 'bind', target: '/www' }] }, 'mounts.0.source', /needs a source folder/],
    ['a bind of a bare word', { mounts: [{ type: 'bind', source: 'www', target: '/www' }] }, 'mounts.0.source', /must be a host path/],
    ['a volume name the engine refuses', { mounts: [{ type: 'volume', source: '-v', target: '/v' }] }, 'mounts.0.source', /Volume name "-v"/],
    ['a tmpfs with a source', { mounts: [{ type: 'tmpfs', source: 'x', target: '/t' }] }, 'mounts.0.source', /tmpfs mount has no source/],
    [
      'two mounts on one target',
      { mounts: [{ type: 'tmpfs', target: '/a' }, { type: 'volume', target: '/a' }] },
      'mounts.1.target',
      /Mounts 1 and 2 both use the target \/a/,
    ],
  ])('names the field of %s, in a run only (a docker run line may say it)', (_, s, field, message) => {
    const errors = checkRunSpec(spec(s));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.field).toBe(field);
    expect(errors[0]?.message).toMatch(message);
    expect(checkRunSpec(spec(s), 'command')).toEqual([]);
  });

  it('accepts what the engine takes at the edges', () => {
    expect(checkRunSpec(spec({ memory: MIN_MEMORY, cpus: 0.01, cpuShares: 0 }))).toEqual([]);
    expect(checkRunSpec(spec({ memory: 0, memorySwap: -1 }))).toEqual([]);
    expect(checkRunSpec(spec({ restart: { name: 'always', maximumRetryCount: 0 }, autoRemove: false }))).toEqual([]);
    expect(checkRunSpec(spec({ autoRemove: true, restart: { name: 'no' } }))).toEqual([]);
    expect(checkRunSpec(spec({ network: 'default', ports: [{ containerPort: 80 }] }))).toEqual([]);
    expect(checkRunSpec(spec({ mounts: [{ type: 'bind', source: './site', target: '/www' }, { type: 'bind', source: 'C:\\site', target: '/w2' }] }))).toEqual([]);
  });

  it('reports every broken rule, values first', () => {
    const errors = checkRunSpec(spec({ name: 'x', memory: MiB, network: 'host', ports: [{ containerPort: 80 }] }));
    expect(errors.map((e) => e.field)).toEqual(['name', 'memory', 'ports']);
  });
});

describe('assertRunSpec', () => {
  it('throws INVALID_INPUT on the first broken rule', () => {
    try {
      assertRunSpec(spec({ workdir: 'rel', memory: MiB }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BerthError);
      expect((e as BerthError).code).toBe('INVALID_INPUT');
      expect((e as BerthError).field).toBe('workdir');
    }
    expect(() => assertRunSpec(spec({ cpus: 0.001 }), 'command')).not.toThrow();
  });
});

describe('sharesNetwork', () => {
  it('is true for host, none and container:<x>', () => {
    expect(['host', 'none', 'container:db'].map(sharesNetwork)).toEqual([true, true, true]);
    expect(['bridge', 'mynet', '', undefined].map(sharesNetwork)).toEqual([false, false, false, false]);
  });
});
