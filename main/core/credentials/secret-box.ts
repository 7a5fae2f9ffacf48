// The seam between the credential store and whatever can encrypt a secret: the host injects one (Electron: safeStorage).
export interface SecretBox {
  /** True when `seal` really encrypts with a key the OS keeps (a keychain), not with a key in this program. */
  readonly encrypted: boolean;
  /** A stable name written beside each sealed value, so a file sealed by another box is recognised, not misread. */
  readonly id: string;
  /** Words for the window: where the key lives ("the OS keychain (gnome_libsecret)"). */
  readonly label: string;
  /** Encrypts; the result is text safe to put in JSON (base64). */
  seal(plain: string): string;
  /** Decrypts what `seal` made; throws when it cannot (another keychain, a changed key, damaged data). */
  open(sealed: string): string;
}

/** No keychain (`berth serve`, or safeStorage unavailable): nothing is sealed; storing then needs the person's consent. */
export const noSecretBox: SecretBox = {
  encrypted: false,
  id: 'none',
  label: 'a file only you can read (not encrypted: no OS keychain is available to this Berth)',
  seal: () => {
    throw new Error('no keychain: this secret box cannot encrypt');
  },
  open: () => {
    throw new Error('no keychain: this secret box cannot decrypt');
  },
};
