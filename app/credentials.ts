// Remembered registry sign-ins in the contract: what a window may see (host, username, how stored) and the host key rule.
import { z } from 'zod';
import { invalidInput } from './errors.js';

/** How this core keeps remembered passwords: sealed by the OS keychain, or in a file only its owner can read. */
export const CredentialStorage = z.enum(['encrypted', 'plaintext']);
export type CredentialStorage = z.infer<typeof CredentialStorage>;

/** Asks the core to remember the credentials of an action once it succeeded. */
export const Remember = z.object({
  /** Required where storage is `plaintext`: the person was told the password is kept unencrypted, and accepted. */
  acceptPlaintext: z.boolean().default(false),
});
export type Remember = z.infer<typeof Remember>;

export const RememberedRegistry = z.object({
  /** The registry host key (see registryKey): `docker.io`, `ghcr.io`, `127.0.0.1:5000`. */
  host: z.string(),
  username: z.string(),
  savedAt: z.string(),
  /** Whether this entry's password is sealed by the keychain (false: stored in clear text). */
  encrypted: z.boolean(),
  /** False when this core cannot open it (sealed by another keychain, e.g. the desktop app's, or the keychain changed). */
  usable: z.boolean(),
});
export type RememberedRegistry = z.infer<typeof RememberedRegistry>;

export const RememberedRegistries = z.object({
  storage: CredentialStorage,
  /** Where and how, in words for the window ("the OS keychain (gnome_libsecret)", "a file only you can read"). */
  storageLabel: z.string(),
  /** The file that holds them. */
  file: z.string(),
  entries: z.array(RememberedRegistry),
});
export type RememberedRegistries = z.infer<typeof RememberedRegistries>;

const HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com', 'hub.docker.com']);
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

/**
 * The one key a registry's sign-in is remembered under, whichever way it was named: `https://index.docker.io/v1/`,
 * `registry-1.docker.io` and `docker.io` are all `docker.io`; a scheme, a path and a trailing slash are dropped.
 */
export function registryKey(registry: string, field = 'registry'): string {
  const s = registry.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  const host = s.split('/')[0] ?? '';
  if (!host || host.length > 255 || !HOST.test(host)) throw invalidInput(field, `"${registry.slice(0, 80)}" is not a registry host (like registry.example.com or 127.0.0.1:5000).`);
  return HUB.has(host) ? 'docker.io' : host;
}
