// Redactor: each kind of secret in text and in structures, and no quadratic blow-up on a huge line.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED } from './redact.js';

const r = createRedactor({ secrets: ['known-secret-1'] });

describe('redactor', () => {
  it.each([
    ['password=hunter22', 'password=<redacted>'],
    ['"password": "two words"', '"password": "<redacted>"'],
    ['DB_PASSWORD=s3cr3t rest', 'DB_PASSWORD=<redacted> rest'],
    ['api_key: abc123', 'api_key: <redacted>'],
    ['Authorization: Basic dXNlcjpwYXNz', 'Authorization: Basic <redacted>'],
    ['https://u:p4ss@host/x', 'https://u:<redacted>@host/x'],
    ['GET /?token=abcd1234&x=1', 'GET /?token=<redacted>&x=1'],
    ['docker login -u me -p hunter22 reg', 'docker login -u me -p <redacted> reg'],
    ['--registry-password hunter22', '--registry-password <redacted>'],
    ['-e SECRET_THING=abc', '-e SECRET_THING=<redacted>'],
    ['{"Env":["A=1","B=two"]}', '{"Env":["A=<redacted>","B=<redacted>"]}'],
    ['value known-secret-1 here', 'value <redacted> here'],
    ['xoxb-1234567890-abcdef', REDACTED],
  ])('%s', (input, expected) => {
    expect(r.text(input)).toBe(expected);
  });

  it('removes whole private keys, even a truncated one', () => {
    expect(r.text('a\n-----BEGIN RSA PRIVATE KEY-----\nMIIabc\n-----END RSA PRIVATE KEY-----\nb')).toBe(`a\n-----BEGIN RSA PRIVATE KEY----- ${REDACTED} -----END RSA PRIVATE KEY-----\nb`);
    expect(r.text('-----BEGIN PRIVATE KEY-----\nMIIabc')).not.toContain('MIIabc');
  });

  it('redacts secret keys and env values in structures, keeps the rest', () => {
    expect(r.value({ name: 'web', Env: ['A=1'], labels: { a: 'b' }, auth: { password: 'x' }, RegistryToken: 'y', enabled: true, tls: { key: 'k' } })).toEqual({
      name: 'web',
      Env: ['A=<redacted>'],
      labels: { a: 'b' },
      auth: REDACTED,
      RegistryToken: REDACTED,
      enabled: true,
      tls: { key: 'k' },
    });
  });

  it('stays fast on a 200,000-character line', () => {
    const t0 = performance.now();
    r.text(`${'a'.repeat(100_000)}password${'b'.repeat(100_000)}`);
    r.text('token'.repeat(40_000));
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('never lets a secret through any of the shapes it is written in (property)', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9+/_.~-]{8,40}$/).filter((x) => !/^[.-]/.test(x));
    const shapes = [
      (x: string) => `password=${x}`,
      (x: string) => `{"token": "${x}", "user": "me"}`,
      (x: string) => `Authorization: Bearer ${x}`,
      (x: string) => `proxy https://me:${x}@proxy.local:3128 used`,
      (x: string) => `docker run -e API_KEY=${x} img`,
      (x: string) => `docker run --env=ANYTHING=${x} img`,
      (x: string) => `GET /api?access_token=${x}&a=1`,
      (x: string) => `docker login -u me -p ${x} registry`,
      (x: string) => `{"Env":["PATH=/bin","DB=${x}"]}`,
      (x: string) => `client_secret: '${x}'`,
    ];
    fc.assert(
      fc.property(secret, fc.integer({ min: 0, max: shapes.length - 1 }), fc.string({ maxLength: 40 }), (x, i, noise) => {
        // Noise that happens to hold the secret itself ("toString" twice) is not a secret's shape: nothing could redact it.
        fc.pre(!noise.includes(x));
        const shape = shapes[i] as (x: string) => string;
        const line = `${noise.replace(/[\n]/g, ' ')} ${shape(x)}`;
        expect(createRedactor().text(line)).not.toContain(x);
      }),
      { numRuns: 2000 },
    );
  });
});
