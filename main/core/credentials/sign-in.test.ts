// Sign-in for pull/push/browse: typed credentials win, remembered ones fill in, consent checked first, secrets kept out of logs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BerthError } from '../../../app/errors.js';
import { redact } from '../log.js';
import { noSecretBox } from './secret-box.js';
import { explainRefusal, rememberAfter, signInFor, withSignIn } from './sign-in.js';
import { openCredentialStore } from './store.js';

const store = () => openCredentialStore(join(mkdtempSync(join(tmpdir(), 'berth-signin-')), 'credentials'), noSecretBox);
const yes = { acceptPlaintext: true };

describe('sign-in', () => {
  it('uses the remembered sign-in when none is typed, and typed credentials over it', async () => {
    const s = store();
    await s.remember('127.0.0.1:5000', { username: 'me', password: 'stored-pass' }, yes);
    expect(await signInFor(s, '127.0.0.1:5000', {})).toEqual({ auth: { username: 'me', password: 'stored-pass' }, remembered: { host: '127.0.0.1:5000', username: 'me' } });
    expect(await signInFor(s, '127.0.0.1:5000', { auth: { username: 'you', password: 'typed-pass' } })).toEqual({ auth: { username: 'you', password: 'typed-pass' } });
    expect(await signInFor(s, 'ghcr.io', {})).toEqual({});
    expect(await signInFor(undefined, '127.0.0.1:5000', {})).toEqual({});
  });

  it('Docker Hub under any of its names', async () => {
    const s = store();
    await s.remember('https://index.docker.io/v1/', { username: 'hubber', password: 'hub-pass-1' }, yes);
    expect((await signInFor(s, 'docker.io', {})).auth?.username).toBe('hubber');
    expect((await signInFor(s, 'registry-1.docker.io', {})).auth?.username).toBe('hubber');
  });

  it('refuses to remember before the action: no username, or clear text not accepted', async () => {
    const s = store();
    await expect(signInFor(s, 'ghcr.io', { remember: yes })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'auth' });
    await expect(signInFor(s, 'ghcr.io', { auth: { username: 'me', password: 'p-1234' }, remember: { acceptPlaintext: false } })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'remember' });
    await expect(signInFor(undefined, 'ghcr.io', { auth: { username: 'me' }, remember: yes })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('remembers only after the action worked', async () => {
    const s = store();
    const input = { auth: { username: 'me', password: 'secret-after' }, remember: yes };
    await expect(withSignIn(s, 'ghcr.io', input, 'Listing', () => Promise.reject(new BerthError('UNAUTHORIZED', 'refused')))).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await s.list()).entries).toEqual([]);
    expect(await withSignIn(s, 'ghcr.io', input, 'Listing', (auth) => Promise.resolve(auth?.username))).toBe('me');
    expect(await s.lookup('ghcr.io')).toEqual({ username: 'me', password: 'secret-after' });
    await rememberAfter(s, 'ghcr.io', { auth: { username: 'other', password: 'x-12345' } }, 'Listing');
    expect((await s.lookup('ghcr.io'))?.username).toBe('me');
  });

  it('a refusal of remembered credentials says which and how to replace them', () => {
    const e = explainRefusal(new BerthError('UNAUTHORIZED', 'The registry refused the credentials.'), { remembered: { host: 'ghcr.io', username: 'me' } }) as BerthError;
    expect(e.message).toMatch(/remembered for ghcr\.io \(me\): sign in again to replace it, or forget it in Settings/);
    const other = new BerthError('NOT_FOUND', 'nope');
    expect(explainRefusal(other, { remembered: { host: 'ghcr.io', username: 'me' } })).toBe(other);
  });

  it('passwords it handles never reach a log line, in clear or base64', async () => {
    const s = store();
    await s.remember('ghcr.io', { username: 'me', password: 'Zq9-log-leak' }, yes);
    await signInFor(s, 'x.example', { auth: { username: 'u', password: 'typed-leak-77' } });
    const line = redact(`pull as me with Zq9-log-leak and ${Buffer.from('Zq9-log-leak').toString('base64')} and typed-leak-77`);
    expect(line).not.toMatch(/Zq9-log-leak|typed-leak-77|WnE5LWxvZy1sZWFr/);
    expect(line).toContain('<redacted>');
  });
});
