// Diagnostics and remembered sign-ins: the credentials file never goes in, and a remembered password is redacted wherever it leaked.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noSecretBox } from '../credentials/secret-box.js';
import { openCredentialStore } from '../credentials/store.js';
import { collectDiagnostics } from './bundle.js';

/** Shaped like nothing a pattern would catch: only knowing the value removes it. */
const PASSWORD = 'correct horse battery 42';

describe('diagnostics with remembered sign-ins', () => {
  it('omits the credentials file and redacts remembered passwords in every form', async () => {
    const home = mkdtempSync(join(tmpdir(), 'berth-diag-creds-'));
    const store = openCredentialStore(join(home, 'credentials'), noSecretBox);
    await store.remember('127.0.0.1:5000', { username: 'me', password: PASSWORD }, { acceptPlaintext: true });
    // A log that (wrongly) holds the password, and a stray .log copy of the store's JSON in the credentials folder.
    const logs = join(home, 'logs');
    mkdirSync(logs);
    writeFileSync(join(logs, 'main.log'), `1 INFO [x] pulled with ${PASSWORD}\n2 INFO [x] ${encodeURIComponent(PASSWORD)} ${JSON.stringify({ note: PASSWORD })} ${Buffer.from(PASSWORD).toString('base64')}\n`);
    writeFileSync(join(home, 'credentials', 'copy.log'), JSON.stringify({ registries: { x: { username: 'me', password: { plain: PASSWORD } } } }));
    const entries = await collectDiagnostics({
      appVersion: 't',
      logDirs: [logs, join(home, 'credentials')],
      sections: { remembered: () => store.list() },
      secrets: () => store.secrets(),
      env: {},
    });
    const all = entries.map((e) => e.content).join('\n');
    expect(entries.map((e) => e.name)).not.toContain('logs/registries.json');
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(encodeURIComponent(PASSWORD));
    expect(all).not.toContain(Buffer.from(PASSWORD).toString('base64').replace(/=+$/, ''));
    expect(all).toContain('pulled with <redacted>');
    // What helps a diagnosis stays: which registries have a remembered sign-in, and under which user.
    expect(entries.find((e) => e.name === 'remembered.json')?.content).toMatch(/"host": "127\.0\.0\.1:5000"[\s\S]*"username": "me"/);
  });
});
