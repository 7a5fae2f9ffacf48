// How a pull, push or browse signs in: the credentials typed, else those remembered for the registry; remembering on success.
import { registryKey, type Remember } from '../../../app/credentials.js';
import { BerthError, invalidInput, isBerthError } from '../../../app/errors.js';
import type { RegistryAuth } from '../../../app/model.js';
import { addLogSecret, createLogger } from '../log.js';
import type { CredentialStore } from './store.js';

const log = createLogger('sign-in');

export interface SignInInput {
  auth?: RegistryAuth | undefined;
  remember?: Remember | undefined;
}

export interface SignIn {
  auth?: RegistryAuth;
  /** Set when the credentials came from the store (so a refusal can say which ones were refused). */
  remembered?: { host: string; username: string };
}

const typed = (auth?: RegistryAuth): auth is RegistryAuth & { username: string } => Boolean(auth?.username);

/**
 * The sign-in for an action on `registry` (a host, `docker.io` for Docker Hub). Asking to remember is checked here,
 * before the action: no username, or no keychain and no consent to clear text, refuses at once.
 */
export async function signInFor(store: CredentialStore | undefined, registry: string, input: SignInInput): Promise<SignIn> {
  addLogSecret(input.auth?.password);
  if (input.remember) {
    if (!store) throw new BerthError('UNSUPPORTED', 'This Berth cannot remember registry sign-ins.', { field: 'remember' });
    if (!typed(input.auth)) throw invalidInput('auth', 'Enter the username (and password or token) to remember.');
    await store.check(input.remember);
  }
  const given: SignIn = input.auth ? { auth: input.auth } : {};
  if (typed(input.auth) || !store) return given;
  let host: string;
  try {
    host = registryKey(registry);
  } catch {
    return given; // the action's own check names what is wrong with the address
  }
  try {
    const c = await store.lookup(host);
    if (c) return { auth: { ...input.auth, username: c.username, password: c.password }, remembered: { host, username: c.username } };
  } catch (e) {
    // A damaged store must not stop an anonymous pull; the window shows the store's error where sign-ins are listed.
    log.warn(`remembered sign-ins are unavailable: ${e instanceof Error ? e.message : String(e)}`);
  }
  return given;
}

/** A refusal of remembered credentials says which ones, and how to replace or forget them. */
export function explainRefusal(err: unknown, s: SignIn): unknown {
  if (!s.remembered || !isBerthError(err) || err.code !== 'UNAUTHORIZED') return err;
  const { host, username } = s.remembered;
  return new BerthError('UNAUTHORIZED', `${err.message} Berth used the sign-in remembered for ${host} (${username}): sign in again to replace it, or forget it in Settings.`, {
    field: 'auth',
    ...(err.detail !== undefined ? { detail: err.detail } : {}),
  });
}

/** After the action worked: keeps the typed credentials when asked. A failure here says the action itself worked. */
export async function rememberAfter(store: CredentialStore | undefined, registry: string, input: SignInInput, what: string): Promise<void> {
  if (!input.remember || !store || !typed(input.auth)) return;
  try {
    await store.remember(registry, { username: input.auth.username, password: input.auth.password ?? '' }, input.remember);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new BerthError(isBerthError(e) ? e.code : 'INTERNAL', `${what} worked, but the sign-in could not be remembered: ${why}`, { field: 'remember' });
  }
}

/** signInFor + the action + rememberAfter, for actions that end in one answer (registry browsing). */
export async function withSignIn<T>(store: CredentialStore | undefined, registry: string, input: SignInInput, what: string, action: (auth: RegistryAuth | undefined, s: SignIn) => Promise<T>): Promise<T> {
  const s = await signInFor(store, registry, input);
  let out: T;
  try {
    out = await action(s.auth, s);
  } catch (e) {
    throw explainRefusal(e, s);
  }
  await rememberAfter(store, registry, input, what);
  return out;
}
