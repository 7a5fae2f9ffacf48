import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BerthError } from '../errors.js';
import { MountSpec } from '../runspec.js';
import {
  formatMountFlag,
  formatMountSpec,
  formatTmpfsSpec,
  formatVolumeSpec,
  isHostPath,
  parseMountSpec,
  parseTmpfsSpec,
  parseVolumeSpec,
} from './mounts.js';
import { errorOf } from './testkit.js';

const numRuns = Number(process.env.FUZZ_RUNS ?? 200);

describe('parseVolumeSpec (-v)', () => {
  it.each<[string, MountSpec]>([
    ['/data', { type: 'volume', target: '/data' }],
    ['/a', { type: 'volume', target: '/a' }],
    ['mydata:/data', { type: 'volume', source: 'mydata', target: '/data' }],
    ['mydata:/data:ro', { type: 'volume', source: 'mydata', target: '/data', readOnly: true }],
    ['my_data.v-1:/data:rw', { type: 'volume', source: 'my_data.v-1', target: '/data' }],
    ['/home/me/src:/src', { type: 'bind', source: '/home/me/src', target: '/src' }],
    ['/home/me/src:/src:ro,cached', { type: 'bind', source: '/home/me/src', target: '/src', readOnly: true }],
    ['./src:/app', { type: 'bind', source: './src', target: '/app' }],
    ['.:/app', { type: 'bind', source: '.', target: '/app' }],
    ['~/code:/code', { type: 'bind', source: '~/code', target: '/code' }],
    ['C:\\Users\\me:/data', { type: 'bind', source: 'C:\\Users\\me', target: '/data' }],
    ['c:/projects:/p:ro', { type: 'bind', source: 'c:/projects', target: '/p', readOnly: true }],
    ['\\\\server\\share:/s', { type: 'bind', source: '\\\\server\\share', target: '/s' }],
    ['/var/run/docker.sock:/var/run/docker.sock', { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock' }],
  ])('%s', (s, expected) => {
    expect(parseVolumeSpec(s)).toStrictEqual(expected);
    expect(MountSpec.parse(parseVolumeSpec(s))).toStrictEqual(expected);
  });

  it.each([
    ['', 'A volume is empty; write source:target, e.g. mydata:/data or /host/dir:/data'],
    ['data', 'Target "data" in "data" must be an absolute path in the container, e.g. /data'],
    ['vol:data', 'Target "data" in "vol:data" must be an absolute path in the container, e.g. /data'],
    ['/a:/', 'Target in "/a:/" cannot be "/"; mount at a folder such as /data'],
    ['/a::/b', '"/a::/b" has an empty part between ":"; write source:target[:options]'],
    ['/a:/b:ro:x', '"/a:/b:ro:x" has too many ":"; write source:target[:options]'],
    ['/a:/b:', '"/a:/b:" has an empty part between ":"; write source:target[:options]'],
    ['/a:/b:rx', '"rx" in "/a:/b:rx" is not a mount option; use ro or rw'],
    ['/a:/b:ro,rw', '"/a:/b:ro,rw" says ro or rw more than once'],
    ['/a:/b:Z', 'Mount option "Z" in "/a:/b:Z" is valid for docker, but Berth cannot apply it yet; remove it'],
    ['/a:/b:rshared', 'Mount option "rshared" in "/a:/b:rshared" is valid for docker, but Berth cannot apply it yet; remove it'],
    // Like the docker CLI, a single letter before ":" is read as a Windows drive.
    ['x:/data', 'Target "x:/data" in "x:/data" must be an absolute path in the container, e.g. /data'],
    [
      '_x:/data',
      'Volume name "_x" in "_x:/data" is not valid: use 2 or more letters, digits, "_", "." or "-", starting with a letter or digit (for a host folder, give an absolute path)',
    ],
    [
      'my vol:/data',
      'Volume name "my vol" in "my vol:/data" is not valid: use 2 or more letters, digits, "_", "." or "-", starting with a letter or digit (for a host folder, give an absolute path)',
    ],
    [
      '$PWD:/app',
      'Volume name "$PWD" in "$PWD:/app" is not valid: use 2 or more letters, digits, "_", "." or "-", starting with a letter or digit (for a host folder, give an absolute path)',
    ],
  ])('rejects %j', (s, message) => {
    const e = errorOf(() => parseVolumeSpec(s));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.field).toBe('mounts');
    expect(e.message).toBe(message);
  });

  it('knows host paths the way the docker CLI does', () => {
    expect(['/a', './a', '../a', '.', '~/a', '~', 'C:\\a', 'd:/x', '\\\\srv\\s'].every(isHostPath)).toBe(true);
    expect(['data', 'my-vol', '$HOME', 'a'].some(isHostPath)).toBe(false);
  });
});

describe('parseMountSpec (--mount)', () => {
  it.each<[string, MountSpec]>([
    ['type=bind,source=/a,target=/b,readonly', { type: 'bind', source: '/a', target: '/b', readOnly: true }],
    ['type=bind,src=/a,dst=/b', { type: 'bind', source: '/a', target: '/b' }],
    ['type=volume,source=data,destination=/data,ro=true', { type: 'volume', source: 'data', target: '/data', readOnly: true }],
    ['source=data,target=/data', { type: 'volume', source: 'data', target: '/data' }],
    ['target=/cache', { type: 'volume', target: '/cache' }],
    ['type=volume,target=/cache,readonly', { type: 'volume', target: '/cache', readOnly: true }],
    ['TYPE=TMPFS,Target=/run', { type: 'tmpfs', target: '/run' }],
    ['type=bind,source=/a,target=/b,readonly=false', { type: 'bind', source: '/a', target: '/b' }],
    ['type=bind,"source=/a,b",target=/c', { type: 'bind', source: '/a,b', target: '/c' }],
    ['type=bind,"source=/say ""hi""",target=/c', { type: 'bind', source: '/say "hi"', target: '/c' }],
    ['type=bind,source=/a,target=/b:c', { type: 'bind', source: '/a', target: '/b:c' }],
    ['type=bind,source=/a,target=/b,consistency=cached', { type: 'bind', source: '/a', target: '/b' }],
  ])('%s', (s, expected) => {
    expect(parseMountSpec(s)).toStrictEqual(expected);
  });

  it.each([
    ['', 'A --mount value is empty; write e.g. type=volume,source=mydata,target=/data'],
    ['type=bind,source=/a', '"type=bind,source=/a" has no target; add target=/path/in/container'],
    ['type=bind,target=/b', 'Bind mount "type=bind,target=/b" needs a source folder on the host'],
    ['type=bind,source=rel,target=/b', 'Bind source "rel" in "type=bind,source=rel,target=/b" must be a host path starting with "/" (or "./", "~")'],
    ['type=tmpfs,source=x,target=/b', 'A tmpfs mount has no source, but "type=tmpfs,source=x,target=/b" gives "x"'],
    ['type=npipe,source=x,target=/b', 'Mount type "npipe" in "type=npipe,source=x,target=/b" is not supported; use bind, volume or tmpfs'],
    ['type=volume,target=/b,volume-opt=o=x', 'Mount option "volume-opt" in "type=volume,target=/b,volume-opt=o=x" is valid for docker, but Berth cannot apply it yet; remove it'],
    ['type=volume,target=/b,foo=1', '"foo" in "type=volume,target=/b,foo=1" is not a --mount option; use type, source, target and readonly'],
    ['type=volume,target=/b,readonly=maybe', '"readonly=maybe" in "type=volume,target=/b,readonly=maybe" is not true or false'],
    ['type=volume,target', '"target" in "type=volume,target" is not a key=value pair'],
    ['type=bind,"source=/a,target=/b', '"type=bind,"source=/a,target=/b" has a quote that is never closed'],
    ['type=bind,so"urce=/a,target=/b', '"type=bind,so"urce=/a,target=/b" has a quote inside an unquoted field; quote the whole field'],
  ])('rejects %j', (s, message) => {
    const e = errorOf(() => parseMountSpec(s));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe(message);
  });
});

describe('--tmpfs', () => {
  it('parses and formats', () => {
    expect(parseTmpfsSpec('/run')).toStrictEqual({ type: 'tmpfs', target: '/run' });
    expect(parseTmpfsSpec('/run:ro')).toStrictEqual({ type: 'tmpfs', target: '/run', readOnly: true });
    expect(parseTmpfsSpec('/run:')).toStrictEqual({ type: 'tmpfs', target: '/run' });
    expect(formatTmpfsSpec({ type: 'tmpfs', target: '/run', readOnly: true })).toBe('/run:ro');
    expect(errorOf(() => parseTmpfsSpec('/run:rw,size=64m')).message).toBe(
      'tmpfs option "size=64m" in "/run:rw,size=64m" cannot be applied by Berth yet; only ro and rw are supported',
    );
    expect(errorOf(() => parseTmpfsSpec('run')).message).toBe('Target "run" in "run" must be an absolute path in the container, e.g. /data');
    expect(errorOf(() => parseTmpfsSpec(':ro')).message).toBe('":ro" has no path; write e.g. --tmpfs /run');
  });
});

describe('formatting mounts', () => {
  it.each<[MountSpec, string, string]>([
    [{ type: 'volume', target: '/data' }, '-v', '/data'],
    [{ type: 'volume', source: 'db', target: '/var/lib/db', readOnly: true }, '-v', 'db:/var/lib/db:ro'],
    [{ type: 'bind', source: '/src', target: '/app' }, '-v', '/src:/app'],
    [{ type: 'bind', source: 'C:\\src', target: '/app' }, '-v', 'C:\\src:/app'],
    [{ type: 'volume', target: '/data', readOnly: true }, '--mount', 'type=volume,target=/data,readonly'],
    [{ type: 'bind', source: '/a:b', target: '/app' }, '--mount', 'type=bind,source=/a:b,target=/app'],
    [{ type: 'bind', source: '/a,b', target: '/app' }, '-v', '/a,b:/app'],
    [{ type: 'bind', source: '/a', target: '/b,c:d' }, '--mount', 'type=bind,source=/a,"target=/b,c:d"'],
    [{ type: 'tmpfs', target: '/run' }, '--tmpfs', '/run'],
    [{ type: 'tmpfs', target: '/a:b' }, '--mount', 'type=tmpfs,target=/a:b'],
  ])('%j -> %s %s', (m, flag, value) => {
    expect(formatMountFlag(m)).toStrictEqual({ flag, value });
  });
  it('refuses what -v cannot say', () => {
    expect(errorOf(() => formatVolumeSpec({ type: 'volume', target: '/d', readOnly: true })).message).toBe(
      'The mount at "/d" cannot be written with -v; use --mount',
    );
    expect(errorOf(() => formatVolumeSpec({ type: 'bind', source: 'rel', target: '/d' })).code).toBe('INVALID_INPUT');
  });
});

const pathSeg = fc.string({ unit: fc.constantFrom(...'abcXYZ019_.- :,"'.split('')), minLength: 1, maxLength: 8 }).filter((p) => p !== '.' && p !== '..');
const absPath = fc.array(pathSeg, { minLength: 1, maxLength: 3 }).map((segs) => `/${segs.join('/')}`);
const volumeName = fc
  .tuple(fc.constantFrom(...'aZ9'.split('')), fc.string({ unit: fc.constantFrom(...'abc019_.-'.split('')), minLength: 1, maxLength: 10 }))
  .map(([a, b]) => a + b);
const hostPath = fc.oneof(absPath, absPath.map((p) => `.${p}`), absPath.map((p) => `~${p}`), absPath.map((p) => `C:${p.replace(/\//g, '\\')}`));
const mountArb: fc.Arbitrary<MountSpec> = fc
  .record({
    type: fc.constantFrom('bind' as const, 'volume' as const, 'tmpfs' as const),
    name: fc.option(volumeName, { nil: undefined }),
    host: hostPath,
    target: absPath,
    readOnly: fc.boolean(),
  })
  .map(({ type, name, host, target, readOnly }) => {
    const m: MountSpec = { type, target };
    if (type === 'bind') m.source = host;
    if (type === 'volume' && name !== undefined) m.source = name;
    if (readOnly) m.readOnly = true;
    return m;
  });

describe('mount properties', () => {
  it('every mount round-trips through the flag chosen for it', () => {
    fc.assert(
      fc.property(mountArb, (m) => {
        const { flag, value } = formatMountFlag(m);
        const parse = flag === '-v' ? parseVolumeSpec : flag === '--tmpfs' ? parseTmpfsSpec : parseMountSpec;
        expect(parse(value)).toStrictEqual(m);
        expect(parseMountSpec(formatMountSpec(m))).toStrictEqual(m);
        expect(formatMountFlag(parse(value))).toStrictEqual({ flag, value });
      }),
      { numRuns },
    );
  });
  it('garbage either parses or throws INVALID_INPUT', () => {
    const unit = fc.constantFrom(...'/ab:.,~roZ=type"bindsrctarget'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit, maxLength: 30 })), (s) => {
        for (const parse of [parseVolumeSpec, parseMountSpec, parseTmpfsSpec]) {
          try {
            const m = parse(s);
            const { flag, value } = formatMountFlag(m);
            expect(flag.length).toBeGreaterThan(0);
            expect(value.length).toBeGreaterThan(0);
          } catch (e) {
            expect(e).toBeInstanceOf(BerthError);
            expect((e as BerthError).code).toBe('INVALID_INPUT');
          }
        }
      }),
      { numRuns },
    );
  });
});
