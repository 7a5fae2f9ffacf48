import { describe, expect, it } from 'vitest';
import { toRunSpec } from './toRequest.js';
import { emptyForm, formFromSpec } from './form.js';
import { imagePlatform, platformAdvice } from './platform.js';

const amd64 = { os: 'linux', arch: 'amd64' };

describe('run form platform', () => {
  it('is offered only when the image is of another platform than the engine, or one was typed', () => {
    const arm = imagePlatform({ Os: 'linux', Architecture: 'arm64', Variant: 'v8' });
    expect(arm).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    const a = platformAdvice(arm, amd64, '');
    expect(a).toMatchObject({ show: true, image: 'linux/arm64/v8', engine: 'linux/amd64', suggestion: 'linux/arm64/v8' });
    expect(a.note).toMatch(/This image is linux\/arm64\/v8; the engine runs linux\/amd64\. .*exec format error/);
    expect(platformAdvice(arm, amd64, 'linux/arm64/v8').suggestion).toBeUndefined();
    const same = platformAdvice(imagePlatform({ Os: 'linux', Architecture: 'amd64' }), amd64, '');
    expect(same.show).toBe(false);
    expect(same.note).toBeUndefined();
    expect(platformAdvice(arm, { os: 'linux', arch: 'arm64' }, '').show).toBe(false);
    expect(platformAdvice(undefined, amd64, '').show).toBe(false);
    expect(platformAdvice(undefined, amd64, 'linux/arm64').show).toBe(true);
    expect(imagePlatform({})).toBeUndefined();
  });

  it('validates what is typed on its field and puts the normal form in the spec and the command', () => {
    const bad = toRunSpec({ ...emptyForm('busybox'), platform: 'arm64' });
    expect(bad.errors.platform).toMatch(/Platform "arm64" is not os\/arch\[\/variant\], e\.g\. linux\/amd64/);
    const good = toRunSpec({ ...emptyForm('busybox'), platform: 'Linux/AArch64' });
    expect(good.spec?.platform).toBe('linux/arm64');
    expect(good.args).toEqual(['-d', '--platform', 'linux/arm64', 'busybox']);
    expect(toRunSpec(emptyForm('busybox')).spec?.platform).toBeUndefined();
    expect(formFromSpec({ image: 'busybox', platform: 'linux/arm/v7' }).platform).toBe('linux/arm/v7');
  });
});
