import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BerthError } from '../errors.js';
import type { ImageRef } from './imageRef.js';
import { familiarImageRef, formatImageRef, normalizeImageRef, parseImageRef } from './imageRef.js';
import { errorOf } from './testkit.js';

const numRuns = Number(process.env.FUZZ_RUNS ?? 200);
const HEX = 'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff';
const D = `sha256:${HEX}`;

describe('parseImageRef', () => {
  it.each<[string, ImageRef]>([
    ['busybox', { repository: 'busybox' }],
    ['busybox:1.36', { repository: 'busybox', tag: '1.36' }],
    ['library/busybox', { repository: 'library/busybox' }],
    ['localhost:5000/team/app:v1', { registry: 'localhost:5000', repository: 'team/app', tag: 'v1' }],
    ['localhost/app', { registry: 'localhost', repository: 'app' }],
    ['localhost:5000', { repository: 'localhost', tag: '5000' }],
    ['[::1]:5000/x', { registry: '[::1]:5000', repository: 'x' }],
    ['[fe80::1]/repo', { registry: '[fe80::1]', repository: 'repo' }],
    [`repo@${D}`, { repository: 'repo', digest: D }],
    [`repo:tag@${D}`, { repository: 'repo', tag: 'tag', digest: D }],
    [`test:5000/repo:tag@${D}`, { registry: 'test:5000', repository: 'repo', tag: 'tag', digest: D }],
    ['test_com', { repository: 'test_com' }],
    ['test.com:tag', { repository: 'test.com', tag: 'tag' }],
    ['test:5000/repo', { registry: 'test:5000', repository: 'repo' }],
    ['lowercase:Uppercase', { repository: 'lowercase', tag: 'Uppercase' }],
    ['sub-dom1.foo.com/bar/baz/quux:some-long-tag', { registry: 'sub-dom1.foo.com', repository: 'bar/baz/quux', tag: 'some-long-tag' }],
    ['b.gcr.io/test.example.com/my-app:test.example.com', { registry: 'b.gcr.io', repository: 'test.example.com/my-app', tag: 'test.example.com' }],
    ['xn--n3h.com/myimage:xn--n3h.com', { registry: 'xn--n3h.com', repository: 'myimage', tag: 'xn--n3h.com' }],
    ['foo/foo_bar.com:8080', { repository: 'foo/foo_bar.com', tag: '8080' }],
    ['192.168.1.1:5/repo', { registry: '192.168.1.1:5', repository: 'repo' }],
    ['a/a----b', { repository: 'a/a----b' }],
    ['a/a__b', { repository: 'a/a__b' }],
    ['Foo/bar', { registry: 'Foo', repository: 'bar' }],
    ['ghcr.io/owner/app:v1.2.3', { registry: 'ghcr.io', repository: 'owner/app', tag: 'v1.2.3' }],
    [`x:${'t'.repeat(128)}`, { repository: 'x', tag: 't'.repeat(128) }],
  ])('%s', (s, expected) => {
    expect(parseImageRef(s)).toStrictEqual(expected);
    expect(formatImageRef(parseImageRef(s))).toBe(s);
  });

  it.each([
    ['', 'An image reference is empty; write e.g. nginx or nginx:1.25'],
    [':justtag', 'Image reference ":justtag" has no repository name'],
    [`@${D}`, `Image reference "@${D}" has no repository name`],
    ['Uppercase:tag', 'Repository "Uppercase" in "Uppercase:tag" must be lowercase'],
    ['test:5000/Uppercase/lowercase:tag', 'Repository "Uppercase/lowercase" in "test:5000/Uppercase/lowercase:tag" must be lowercase'],
    ['aa/asdf$$^/aa', '"asdf$$^" in "aa/asdf$$^/aa" is not a valid repository part; use lowercase letters and digits, separated by ".", "_", "__" or "-"'],
    ['a/a___b', '"a___b" in "a/a___b" is not a valid repository part; use lowercase letters and digits, separated by ".", "_", "__" or "-"'],
    ['-foo', '"-foo" in "-foo" is not a valid repository part; use lowercase letters and digits, separated by ".", "_", "__" or "-"'],
    ['a//b', 'Repository "a//b" in "a//b" has an empty part between slashes'],
    ['foo.com/', 'Image reference "foo.com/" has no repository after the registry "foo.com"'],
    ['busybox:', 'Tag in "busybox:" is empty; write e.g. busybox:latest or leave out the ":"'],
    ['busybox:.x', 'Tag ".x" in "busybox:.x" may only contain letters, digits, "_", "." and "-", and must not start with "." or "-"'],
    [`x:${'t'.repeat(129)}`, `Tag "${'t'.repeat(20)}…" in "x:${'t'.repeat(129)}" is longer than 128 characters`],
    ['repo@sha256:abc', 'Digest "sha256:abc" in "repo@sha256:abc" is not valid; sha256: must be followed by 64 lowercase hex digits'],
    [`repo@sha256:${HEX.toUpperCase()}`, `Digest "sha256:${HEX.toUpperCase()}" in "repo@sha256:${HEX.toUpperCase()}" is not valid; sha256: must be followed by 64 lowercase hex digits`],
    [`repo@md5:${HEX}`, `Digest algorithm "md5" in "repo@md5:${HEX}" is not supported; use sha256, sha384 or sha512`],
    ['repo@latest', 'Digest "latest" in "repo@latest" is not a digest; expected sha256: followed by 64 hex digits'],
    [HEX, `"${HEX}" is an image ID, not a reference; a repository name cannot be 64 hexadecimal digits`],
    ['bad_host.com:5000/x', 'Registry "bad_host.com:5000" in "bad_host.com:5000/x" is not a valid host[:port]'],
    ['nginx latest', 'Image reference "nginx latest" contains whitespace'],
    [`a/${'b'.repeat(250)}`, `Repository name "docker.io/a/${'b'.repeat(28)}…" in "a/${'b'.repeat(250)}" is longer than 255 characters`],
  ])('rejects %j', (s, message) => {
    const e = errorOf(() => parseImageRef(s));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.field).toBe('image');
    expect(e.message).toBe(message);
  });
});

describe('normalizeImageRef / familiarImageRef', () => {
  it.each<[string, ImageRef, string]>([
    ['busybox', { registry: 'docker.io', repository: 'library/busybox', tag: 'latest' }, 'busybox:latest'],
    ['library/busybox:1.36', { registry: 'docker.io', repository: 'library/busybox', tag: '1.36' }, 'busybox:1.36'],
    ['index.docker.io/user/app', { registry: 'docker.io', repository: 'user/app', tag: 'latest' }, 'user/app:latest'],
    ['docker.io/nginx', { registry: 'docker.io', repository: 'library/nginx', tag: 'latest' }, 'nginx:latest'],
    [`nginx@${D}`, { registry: 'docker.io', repository: 'library/nginx', digest: D }, `nginx@${D}`],
    ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app', tag: 'latest' }, 'localhost:5000/app:latest'],
    ['docker.io/foo.bar/x', { registry: 'docker.io', repository: 'foo.bar/x', tag: 'latest' }, 'docker.io/foo.bar/x:latest'],
  ])('%s', (s, normalized, familiar) => {
    expect(normalizeImageRef(s)).toStrictEqual(normalized);
    expect(normalizeImageRef(parseImageRef(s))).toStrictEqual(normalized);
    expect(familiarImageRef(s)).toBe(familiar);
  });

  it('formatImageRef refuses parts that would read back differently', () => {
    expect(errorOf(() => formatImageRef({ repository: 'foo.com/x' })).message).toBe(
      'Repository "foo.com/x" starts with a registry name; give the registry separately',
    );
    expect(errorOf(() => formatImageRef({ registry: 'team', repository: 'x' })).message).toBe(
      'Registry "team" must contain "." or ":", or be "localhost"',
    );
  });
});

const alnum = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split('')), minLength: 1, maxLength: 6 });
const sep = fc.constantFrom('.', '_', '__', '-', '--');
const component = fc
  .tuple(alnum, fc.array(fc.tuple(sep, alnum), { maxLength: 2 }))
  .map(([a, rest]) => a + rest.map(([s, b]) => s + b).join(''))
  .filter((c) => !/^[a-f0-9]{64}$/.test(c));
const registry = fc.oneof(
  fc.constant('localhost'),
  fc.constant('docker.io'),
  fc.tuple(alnum, alnum).map(([a, b]) => `${a}.${b}`),
  fc.tuple(alnum, fc.integer({ min: 1, max: 65535 })).map(([a, p]) => `${a}:${p}`),
  fc.constant('[::1]:5000'),
);
const tag = fc
  .tuple(fc.constantFrom(...'aZ9_'.split('')), fc.string({ unit: fc.constantFrom(...'abcXYZ019_.-'.split('')), maxLength: 20 }))
  .map(([a, b]) => a + b);
const digest = fc.constantFrom(D, `sha256:${'0123456789abcdef'.repeat(4)}`, `sha512:${'ab'.repeat(64)}`);
const imageRefArb: fc.Arbitrary<ImageRef> = fc
  .record({
    registry: fc.option(registry, { nil: undefined }),
    path: fc.array(component, { minLength: 1, maxLength: 3 }),
    tag: fc.option(tag, { nil: undefined }),
    digest: fc.option(digest, { nil: undefined }),
  })
  .filter(({ registry: r, path }) => r !== undefined || path.length === 1 || !/[.:]/.test(path[0] ?? '') && path[0] !== 'localhost')
  .map(({ registry: r, path, tag: t, digest: d }) => {
    const ref: ImageRef = { repository: path.join('/') };
    if (r !== undefined) ref.registry = r;
    if (t !== undefined) ref.tag = t;
    if (d !== undefined) ref.digest = d;
    return ref;
  });

describe('imageRef properties', () => {
  it('parse(format(ref)) equals ref and format is canonical', () => {
    fc.assert(
      fc.property(imageRefArb, (ref) => {
        const s = formatImageRef(ref);
        expect(parseImageRef(s)).toStrictEqual(ref);
        expect(formatImageRef(parseImageRef(s))).toBe(s);
        const n = normalizeImageRef(ref);
        expect(normalizeImageRef(formatImageRef(n))).toStrictEqual(n);
        expect(normalizeImageRef(familiarImageRef(ref))).toStrictEqual(n);
      }),
      { numRuns },
    );
  });
  it('garbage either parses or throws INVALID_INPUT', () => {
    const unit = fc.constantFrom(...'abAB09:/@.-_[]sha256 '.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit, maxLength: 30 })), (s) => {
        try {
          const ref = parseImageRef(s);
          expect(formatImageRef(ref)).toBe(s);
          normalizeImageRef(ref);
        } catch (e) {
          expect(e).toBeInstanceOf(BerthError);
          expect((e as BerthError).code).toBe('INVALID_INPUT');
        }
      }),
      { numRuns },
    );
  });
});
