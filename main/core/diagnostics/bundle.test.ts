// The diagnostics bundle: secrets planted in settings, logs, engine facts and env never reach the bundle; useful facts do.
import { mkdtempSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../app/settings.js';
import { collectDiagnostics, exportDiagnostics, MAX_LINE } from './bundle.js';

async function untar(file: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (h, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => { chunks.push(c as Buffer); });
      stream.on('end', () => {
        files.set(h.name, Buffer.concat(chunks).toString('utf8'));
        next();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  Readable.from([gunzipSync(await readFile(file))]).pipe(extract);
  await done;
  return files;
}

const SECRETS = {
  bearer: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiZXJ0aCJ9.c2lnbmF0dXJlLXZhbHVl',
  registryPassword: 'Hunter2-registry-pw',
  loginFlagPassword: 'flagPw!9981',
  proxyPassword: 'pr0xyP4ss',
  githubToken: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
  awsKey: 'AKIAIOSFODNN7EXAMPLE',
  envValue: 'db-secret-value-123',
  envFlagValue: 'sup3r-s3cret-flag',
  buildArg: 'npm-token-xyz-789',
  pemBody: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7',
  serveToken: 'a1b2c3d4e5f6a7b8c9d0',
  knownOnly: 'opaque-value-known-to-host',
  cookie: 'berth_session_cookie_v4lue',
  hostEnv: 'host-env-secret-44',
};
const all = Object.values(SECRETS);
const b64 = (s: string) => Buffer.from(s).toString('base64');

function fixture() {
  const root = mkdtempSync(join(tmpdir(), 'berth-diag-'));
  const logs = join(root, 'logs');
  mkdirSync(logs);
  writeFileSync(join(logs, 'main.log'), [
    '2025-01-01T00:00:00Z INFO [engine] connected to unix:///var/run/docker.sock',
    `2025-01-01T00:00:01Z DEBUG [http] GET /v1.43/info Authorization: Bearer ${SECRETS.bearer}`,
    `2025-01-01T00:00:02Z INFO [registry] login {"username":"me","password":"${SECRETS.registryPassword}","serveraddress":"registry.local"}`,
    `2025-01-01T00:00:03Z INFO [cli] docker login -u me -p ${SECRETS.loginFlagPassword} registry.local`,
    `2025-01-01T00:00:04Z INFO [vm] proxy http://me:${SECRETS.proxyPassword}@proxy.corp:3128`,
    `2025-01-01T00:00:05Z WARN [git] cloning with ${SECRETS.githubToken}`,
    `2025-01-01T00:00:06Z WARN [aws] key ${SECRETS.awsKey} used`,
    `2025-01-01T00:00:07Z INFO [run] docker run -e DB_URL=${SECRETS.envValue} --env=FOO=${SECRETS.envFlagValue} busybox`,
    `2025-01-01T00:00:08Z INFO [build] --build-arg NPM_TOKEN=${SECRETS.buildArg}`,
    '-----BEGIN OPENSSH PRIVATE KEY-----',
    SECRETS.pemBody,
    '-----END OPENSSH PRIVATE KEY-----',
    `2025-01-01T00:00:09Z INFO [serve] open http://127.0.0.1:7777/?token=${SECRETS.serveToken}`,
    `2025-01-01T00:00:10Z INFO [x] an opaque ${SECRETS.knownOnly} and its base64 ${b64(SECRETS.knownOnly)}`,
    `2025-01-01T00:00:11Z INFO [http] Cookie: berth=${SECRETS.cookie}`,
    `2025-01-01T00:00:12Z INFO [push] X-Registry-Auth: ${b64(JSON.stringify({ username: 'me', password: SECRETS.registryPassword }))}`,
    'x'.repeat(100_000),
    '2025-01-01T00:00:13Z INFO [engine] last useful line',
  ].join('\n'));
  writeFileSync(join(logs, 'notes.txt'), `not a log ${SECRETS.knownOnly}`);
  writeFileSync(join(root, 'outside.log'), 'outside');
  symlinkSync(join(root, 'outside.log'), join(logs, 'link.log'));
  return { root, logs };
}

function sources(logs: string) {
  return {
    appVersion: '0.1.0',
    versions: { node: '20.0.0', electron: '45.6.1' },
    settings: { ...DEFAULT_SETTINGS, proxy: { https: `http://me:${SECRETS.proxyPassword}@proxy.corp:3128` } },
    logDirs: [logs, join(logs, 'missing')],
    sections: {
      engine: () => ({ version: '28.2.2', Config: { Env: [`DB_PASSWORD=${SECRETS.envValue}`, 'PATH=/usr/bin'] }, auth: { password: SECRETS.registryPassword, identitytoken: SECRETS.bearer }, buildArgs: { NPM_TOKEN: SECRETS.buildArg } }),
      vm: () => {
        throw new Error('VM is not created');
      },
    },
    secrets: () => [SECRETS.knownOnly, SECRETS.registryPassword],
    env: { DOCKER_HOST: 'unix:///home/me/.berth/run/docker.sock', GITHUB_TOKEN: SECRETS.githubToken, MY_APP_SETTING: SECRETS.hostEnv },
  };
}

describe('diagnostics bundle', () => {
  it('contains none of the secrets planted in logs, settings, engine facts and environment', async () => {
    const { root, logs } = fixture();
    const out = join(root, 'bundle.tar.gz');
    const res = await exportDiagnostics(out, sources(logs));
    if (process.platform !== 'win32') expect(statSync(out).mode & 0o777).toBe(0o600);
    const files = await untar(out);
    expect([...files.keys()].sort()).toEqual(
      ['manifest.json', 'versions.json', 'settings.json', 'environment.json', 'engine.json', 'vm.json', 'logs/main.log'].map((n) => `berth-diagnostics/${n}`).sort(),
    );
    expect(res.files).toHaveLength(7);
    const everything = [...files.values()].join('\n');
    for (const s of all) {
      expect(everything, `secret ${s}`).not.toContain(s);
      expect(everything, `base64 of ${s}`).not.toContain(b64(s).replace(/=+$/, ''));
    }
    expect(everything).not.toContain('outside');
  });

  it('keeps what a person needs to diagnose', async () => {
    const { logs } = fixture();
    const entries = new Map((await collectDiagnostics(sources(logs))).map((e) => [e.name, e.content]));
    const main = entries.get('logs/main.log') ?? '';
    expect(main).toContain('connected to unix:///var/run/docker.sock');
    expect(main).toContain('last useful line');
    expect(main).toContain('DB_URL=<redacted>');
    expect(main).toContain('Bearer <redacted>');
    expect(main).toContain('http://me:<redacted>@proxy.corp:3128');
    expect(main).toContain(`[line cut: 100000 chars]`);
    expect(main.split('\n').every((l) => l.length < MAX_LINE + 64)).toBe(true);
    expect(JSON.parse(entries.get('versions.json') ?? '{}')).toMatchObject({ berth: '0.1.0', electron: '45.6.1' });
    const engine = JSON.parse(entries.get('engine.json') ?? '{}');
    expect(engine.version).toBe('28.2.2');
    expect(engine.Config.Env).toEqual(['DB_PASSWORD=<redacted>', 'PATH=<redacted>']);
    expect(JSON.parse(entries.get('vm.json') ?? '{}')).toEqual({ error: { message: 'VM is not created' } });
    const env = JSON.parse(entries.get('environment.json') ?? '{}');
    expect(env.values.DOCKER_HOST).toBe('unix:///home/me/.berth/run/docker.sock');
    expect(env.names).toEqual(['GITHUB_TOKEN', 'MY_APP_SETTING']);
    expect(JSON.parse(entries.get('settings.json') ?? '{}').theme).toBe('system');
  });
});
