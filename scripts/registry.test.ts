// registry.sh's htpasswd line: bcrypt from htpasswd, and from crypt(3) when htpasswd is absent (a fresh machine's case).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const script = join(import.meta.dirname, 'registry.sh');
const hashLine = (auth: string, env: Record<string, string> = {}) =>
  execFileSync('bash', [script, 'hash', '--auth', auth], { encoding: 'utf8', env: { ...process.env, ...env } }).trim();
/** crypt(3) of the password with the hash as salt gives the hash back exactly when the password matches. */
const verifies = (hash: string, password: string) =>
  execFileSync('perl', ['-e', 'print crypt($ARGV[0], $ARGV[1]) eq $ARGV[1] ? "yes" : "no"', password, hash], { encoding: 'utf8' }) === 'yes';

describe('registry.sh hash', () => {
  it('falls back to crypt(3) bcrypt without htpasswd, with a full 22-character salt, every time', () => {
    for (let i = 0; i < 8; i++) {
      const line = hashLine('alice:s3cret with: colon', { BERTH_REGISTRY_NO_HTPASSWD: '1' });
      const [user, hash] = [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)];
      expect(user).toBe('alice');
      expect(hash).toMatch(/^\$2b\$10\$[./A-Za-z0-9]{53}$/);
      expect(verifies(hash, 's3cret with: colon')).toBe(true);
      expect(verifies(hash, 's3cret')).toBe(false);
    }
  });
  it('uses htpasswd when it is installed', () => {
    const hash = hashLine('bob:pw').replace(/^bob:/, '');
    expect(hash).toMatch(/^\$2y\$/);
    expect(verifies(hash, 'pw')).toBe(true);
  });
});
