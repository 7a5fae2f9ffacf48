// "Remember this sign-in": which registry a form signs in to, what the window sends, and why it refuses (pure).
import { registryKey, type CredentialStorage, type Remember, type RememberedRegistries, type RememberedRegistry } from '../../../../app/credentials.js';
import type { RegistryAuth } from '../../../../app/model.js';
import { parseImageRef } from '../../../../app/parse/imageRef.js';

export interface SignInForm {
  user: string;
  pass: string;
  remember: boolean;
  acceptPlaintext: boolean;
}

export const emptySignIn: SignInForm = { user: '', pass: '', remember: false, acceptPlaintext: false };

/** The registry key of an address typed in a form, or undefined while it is not one yet. */
export function hostOfRegistry(registry: string): string | undefined {
  try {
    return registryKey(registry);
  } catch {
    return undefined;
  }
}

/** The registry key an image reference pulls from / pushes to (`docker.io` when it names none). */
export function hostOfRef(ref: string): string | undefined {
  try {
    return registryKey(parseImageRef(ref.trim(), 'ref').registry ?? 'docker.io');
  } catch {
    return undefined;
  }
}

/** The remembered sign-in that an action on `host` would use when nothing is typed. */
export function rememberedFor(list: RememberedRegistries | undefined, host: string | undefined): RememberedRegistry | undefined {
  return host ? list?.entries.find((e) => e.host === host && e.usable) : undefined;
}

/** What a sign-in form sends: typed credentials (or none: the core then uses the remembered ones) and the remember choice. */
export function toSignIn(f: SignInForm, storage: CredentialStorage | undefined): { auth?: RegistryAuth; remember?: Remember; error?: string } {
  const auth = f.user || f.pass ? { auth: { username: f.user, password: f.pass } } : {};
  if (!f.remember) return auth;
  if (!f.user) return { error: 'Enter the username (and password or token) to remember, or untick “Remember”.' };
  if (storage === 'plaintext' && !f.acceptPlaintext) return { error: 'This Berth cannot encrypt the password. Accept that it is stored unencrypted, or untick “Remember”.' };
  return { ...auth, remember: { acceptPlaintext: storage === 'plaintext' } };
}
