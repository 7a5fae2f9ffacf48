// Platforms as people type them (`--platform linux/arm64`): normalised, compared, shown short; nonsense named by its part.
import { describe, expect, it } from 'vitest';
import { BerthError } from '../errors.js';
import { RunSpec } from '../runspec.js';
import { formatPlatform, normalizePlatform, parsePlatform, samePlatform, shortPlatform } from './platform.js';

describe('parsePlatform', () => {
  it('reads os/arch[/variant] in the usual spellings', () => {
    expect(parsePlatform('linux/amd64')).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(parsePlatform(' Linux/x86_64 ')).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(parsePlatform('linux/aarch64')).toEqual({ os: 'linux', architecture: 'arm64' });
    expect(parsePlatform('linux/arm64/v8')).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(parsePlatform('linux/armhf')).toEqual({ os: 'linux', architecture: 'arm', variant: 'v7' });
    expect(normalizePlatform('LINUX/ARM/V6')).toBe('linux/arm/v6');
    expect(formatPlatform({ os: 'windows', architecture: 'amd64' })).toBe('windows/amd64');
  });

  it('names what is wrong, with examples, on the platform field', () => {
    const cases: [string, RegExp][] = [
      ['amd64', /is not os\/arch\[\/variant\], e\.g\. linux\/amd64, linux\/arm64 or linux\/arm\/v7/],
      ['linux/', /is not os\/arch/],
      ['linux/amd64/v2/x', /is not os\/arch/],
      ['linx/amd64', /"linx" is not an operating system the engine knows/],
      ['linux/amd65', /"amd65" is not a CPU architecture the engine knows/],
      ['linux/arm/v9', /"v9" is not a variant of arm \(v5, v6, v7, v8…\)/],
      ['linux/s390x/v1', /"v1" is not a variant of s390x \(it has none\)/],
    ];
    for (const [text, message] of cases) {
      let err: unknown;
      try {
        parsePlatform(text);
      } catch (e) {
        err = e;
      }
      expect(err, text).toBeInstanceOf(BerthError);
      expect((err as BerthError).field).toBe('platform');
      expect((err as BerthError).message).toMatch(message);
    }
  });

  it('compares an image with its engine: a missing variant matches any', () => {
    const p = (s: string) => parsePlatform(s);
    expect(samePlatform(p('linux/arm64'), p('linux/arm64/v8'))).toBe(true);
    expect(samePlatform(p('linux/arm/v6'), p('linux/arm/v7'))).toBe(false);
    expect(samePlatform(p('linux/arm64'), p('linux/amd64'))).toBe(false);
    expect(samePlatform(p('windows/amd64'), p('linux/amd64'))).toBe(false);
  });

  it('shows the architecture alone for linux, with the OS otherwise', () => {
    expect(shortPlatform({ os: 'linux', architecture: 'arm64', variant: 'v8' })).toBe('arm64/v8');
    expect(shortPlatform({ os: 'linux', architecture: 'amd64' })).toBe('amd64');
    expect(shortPlatform({ os: 'windows', architecture: 'amd64' })).toBe('windows/amd64');
    expect(shortPlatform({})).toBe('');
  });

  it('the RunSpec schema refuses a platform the engine would not take, with the same words', () => {
    expect(RunSpec.safeParse({ image: 'busybox', platform: 'linux/arm64' }).success).toBe(true);
    const bad = RunSpec.safeParse({ image: 'busybox', platform: 'arm64' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['platform']);
    expect(bad.error?.issues[0]?.message).toMatch(/is not os\/arch/);
  });
});
