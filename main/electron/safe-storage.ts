// The desktop's secret box: Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet), or none when it cannot really encrypt.
import { noSecretBox, type SecretBox } from '../core/credentials/secret-box.js';
import { createLogger } from '../core/log.js';

const log = createLogger('safe-storage');

/** The slice of Electron's `safeStorage` Berth uses (passed in, so tests need no Electron binary). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which keyring backs it ('basic_text' means a key built into the program, i.e. no real encryption). */
  getSelectedStorageBackend?(): string;
}

export const SAFE_STORAGE_BOX_ID = 'electron-safeStorage';

/** Linux backends that are not a real keyring: treated as "no keychain" (clear text only with the person's consent). */
const NOT_A_KEYRING = new Set(['basic_text', 'unknown']);

function labelFor(platform: NodeJS.Platform, backend: string | undefined): string {
  if (platform === 'darwin') return 'the macOS Keychain';
  if (platform === 'win32') return 'Windows (DPAPI, your Windows account)';
  return `the desktop keyring (${backend ?? 'unknown'})`;
}

/**
 * A box sealing with safeStorage where it really encrypts (call after the app is ready); else `noSecretBox`, so the
 * window says storage is unencrypted and asks before storing anything.
 */
export function createSafeStorageBox(safeStorage: SafeStorageLike | undefined, platform: NodeJS.Platform = process.platform): SecretBox {
  if (!safeStorage) return noSecretBox;
  let available = false;
  let backend: string | undefined;
  try {
    available = safeStorage.isEncryptionAvailable();
    backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
  } catch (e) {
    log.warn('safeStorage could not be asked whether it encrypts', e);
  }
  if (!available || (platform === 'linux' && (backend === undefined || NOT_A_KEYRING.has(backend)))) {
    log.info(`no OS keychain for remembered sign-ins (safeStorage ${available ? `backend ${backend ?? 'unknown'}` : 'unavailable'}): storing needs consent to clear text`);
    return noSecretBox;
  }
  return {
    encrypted: true,
    id: SAFE_STORAGE_BOX_ID,
    label: labelFor(platform, backend),
    seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}
