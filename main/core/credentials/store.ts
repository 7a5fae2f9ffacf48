// Remembered registry sign-ins: one 0600 JSON file in a 0700 folder, passwords sealed by the injected secret box.
import { join } from 'node:path';
import { z } from 'zod';
import type { Disposer } from '../../../app/contract.js';
import { registryKey, type Remember, type RememberedRegistries, type RememberedRegistry } from '../../../app/credentials.js';
import { BerthError, invalidInput } from '../../../app/errors.js';
import { addLogSecret, createLogger } from '../log.js';
import { ensurePrivateDir, readJson, tightenFile, writePrivateJson } from '../settings/private-file.js';
import type { SecretBox } from './secret-box.js';

const log = createLogger('credentials');

export const CREDENTIALS_FILE = 'registries.json';

const Password = z.union([z.object({ box: z.string().min(1), sealed: z.string() }).strict(), z.object({ plain: z.string() }).strict()]);
const Entry = z.object({ username: z.string().min(1), savedAt: z.string(), password: Password }).strict();
const StoredFile = z.object({ version: z.literal(1), registries: z.record(z.string(), Entry) }).strict();
type StoredFile = z.infer<typeof StoredFile>;
type Entry = z.infer<typeof Entry>;

export interface Credentials {
  username: string;
  password: string;
}

export interface CredentialStore {
  readonly file: string;
  /** Whether new sign-ins are stored encrypted (a keychain) or in clear text (only with consent). */
  readonly storage: 'encrypted' | 'plaintext';
  list(): Promise<RememberedRegistries>;
  /** The sign-in remembered for a registry (any spelling of its host); undefined when none or not openable here. */
  lookup(registry: string): Promise<Credentials | undefined>;
  /** Refuses before an action that asks to remember (consent missing, file damaged), not after the action worked. */
  check(remember: Remember): Promise<void>;
  remember(registry: string, creds: Credentials, remember: Remember): Promise<void>;
  /** True when something was forgotten. */
  forget(registry: string): Promise<boolean>;
  /** Every password this store can open, so a diagnostics export can remove them wherever they appear. */
  secrets(): Promise<string[]>;
  onChange(cb: (list: RememberedRegistries) => void): Disposer;
}

export function plaintextRefused(): BerthError {
  return invalidInput(
    'remember',
    'This Berth has no OS keychain to encrypt the password (berth serve, or the desktop keychain is unavailable). To remember it anyway, accept that it is stored unencrypted in a file only you can read — or sign in each time.',
  );
}

/** Opens the store in `dir` (created 0700 on first use); nothing is read until asked. */
export function openCredentialStore(dir: string, box: SecretBox, opts: { now?: () => Date } = {}): CredentialStore {
  const file = join(dir, CREDENTIALS_FILE);
  const listeners = new Set<(l: RememberedRegistries) => void>();
  let queue: Promise<unknown> = Promise.resolve();

  const damaged = (why: string) =>
    new BerthError('CONFLICT', `The remembered registry sign-ins in ${file} could not be read (${why}). Berth leaves the file as it is and will not overwrite it: repair it, or delete it to forget every remembered sign-in.`, { detail: why });

  const read = async (): Promise<StoredFile> => {
    await ensurePrivateDir(dir);
    const r = await readJson(file);
    if (r.state === 'missing') return { version: 1, registries: {} };
    if (r.state === 'corrupt') throw damaged(`not valid JSON: ${r.reason}`);
    const parsed = StoredFile.safeParse(r.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw damaged(`unexpected content at "${issue?.path.map(String).join('.') || '(top)'}": ${issue?.message ?? 'invalid'}`);
    }
    await tightenFile(file);
    return parsed.data;
  };

  /** The password of an entry, or undefined when this box cannot open it. */
  const openEntry = (host: string, e: Entry): string | undefined => {
    if ('plain' in e.password) return e.password.plain;
    if (e.password.box !== box.id || !box.encrypted) return undefined;
    try {
      return box.open(e.password.sealed);
    } catch (err) {
      log.warn(`the remembered sign-in for ${host} could not be decrypted (${err instanceof Error ? err.message : 'unknown error'}); it is kept, and unused`);
      return undefined;
    }
  };

  const summary = (f: StoredFile): RememberedRegistries => ({
    storage: box.encrypted ? 'encrypted' : 'plaintext',
    storageLabel: box.label,
    file,
    entries: Object.entries(f.registries)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([host, e]): RememberedRegistry => ({ host, username: e.username, savedAt: e.savedAt, encrypted: !('plain' in e.password), usable: openEntry(host, e) !== undefined })),
  });

  /** Runs one change after the previous one, writes the file, then tells listeners. */
  const change = <T,>(fn: (f: StoredFile) => T | Promise<T>, dirty: (result: T) => boolean): Promise<T> => {
    const run = queue.then(async () => {
      const f = await read();
      const result = await fn(f);
      if (!dirty(result)) return result;
      // Keys the box can now seal are sealed on every write (a file first written by `berth serve` is upgraded).
      if (box.encrypted) {
        for (const e of Object.values(f.registries)) if ('plain' in e.password) e.password = { box: box.id, sealed: box.seal(e.password.plain) };
      }
      await writePrivateJson(file, f);
      const list = summary(f);
      for (const cb of listeners) {
        try {
          cb(list);
        } catch (err) {
          log.error('a credentials listener failed', err);
        }
      }
      return result;
    });
    queue = run.catch(() => undefined);
    return run;
  };

  const check = async (remember: Remember): Promise<void> => {
    if (!box.encrypted && !remember.acceptPlaintext) throw plaintextRefused();
    await read();
  };

  return {
    file,
    storage: box.encrypted ? 'encrypted' : 'plaintext',
    list: async () => summary(await read()),
    async lookup(registry) {
      const host = registryKey(registry);
      const f = await read();
      const e = Object.prototype.hasOwnProperty.call(f.registries, host) ? f.registries[host] : undefined;
      if (!e) return undefined;
      const password = openEntry(host, e);
      if (password === undefined) return undefined;
      addLogSecret(password);
      return { username: e.username, password };
    },
    check,
    async remember(registry, creds, remember) {
      const host = registryKey(registry);
      if (!creds.username) throw invalidInput('auth', 'Enter a username to remember.');
      await check(remember);
      addLogSecret(creds.password);
      await change(
        (f) => {
          f.registries[host] = { username: creds.username, savedAt: (opts.now ?? (() => new Date()))().toISOString(), password: box.encrypted ? { box: box.id, sealed: box.seal(creds.password) } : { plain: creds.password } };
          return true;
        },
        () => true,
      );
      log.info(`remembered the sign-in for ${host} as ${creds.username} (${box.encrypted ? 'encrypted' : 'unencrypted, as accepted'})`);
    },
    async forget(registry) {
      const host = registryKey(registry);
      const gone = await change(
        (f) => {
          if (!Object.prototype.hasOwnProperty.call(f.registries, host)) return false;
          f.registries = Object.fromEntries(Object.entries(f.registries).filter(([k]) => k !== host));
          return true;
        },
        (r) => r,
      );
      if (gone) log.info(`forgot the sign-in for ${host}`);
      return gone;
    },
    async secrets() {
      let f: StoredFile;
      try {
        f = await read();
      } catch {
        return [];
      }
      return Object.entries(f.registries).flatMap(([host, e]) => {
        const p = openEntry(host, e);
        return p ? [p] : [];
      });
    },
    onChange(cb) {
      listeners.add(cb);
      return () => {
        listeners.delete(cb);
      };
    },
  };
}
