// Checks an engine's TLS files before anything is sent: each readable, each PEM what it should be, the key matching the certificate.
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { BerthError } from '../../../app/errors.js';
import type { EngineTls } from '../engine/link/engine-tls.js';

type Read = (file: string) => Buffer;

const bad = (whose: string, what: string, fix: string, detail?: string) =>
  new BerthError('INVALID_INPUT', `${whose}: ${what} ${fix}`, { field: 'tls', ...(detail ? { detail } : {}) });

function readMaybe(file: string, read: Read, whose: string, fix: string): Buffer | undefined {
  try {
    return read(file);
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    throw bad(whose, `${file} cannot be read (${e instanceof Error ? e.message : String(e)}).`, fix);
  }
}

/**
 * Reads and checks the CA, and the client certificate and key when there are any: a person learns which file is wrong
 * (`whose` says whose files they are: "Docker context \"prod\"", "Engine \"build-box\"") rather than a handshake error.
 */
export function checkTlsFiles(t: EngineTls, whose: string, fix: string, read: Read = (f) => readFileSync(f)): void {
  const ca = readMaybe(t.ca, read, whose, fix);
  if (!ca) throw bad(whose, `there is no CA certificate at ${t.ca}, and Berth verifies every engine it reaches over TLS.`, fix);
  try {
    new crypto.X509Certificate(ca);
  } catch (e) {
    throw bad(whose, `${t.ca} is not a PEM certificate.`, fix, String(e));
  }
  const cert = readMaybe(t.cert, read, whose, fix);
  const key = readMaybe(t.key, read, whose, fix);
  if (!cert && !key) return;
  if (!cert || !key) throw bad(whose, `the client certificate needs both ${t.cert} and ${t.key}; only ${cert ? t.cert : t.key} is there.`, fix);
  try {
    new crypto.X509Certificate(cert);
  } catch (e) {
    throw bad(whose, `${t.cert} is not a PEM certificate.`, fix, String(e));
  }
  try {
    crypto.createPrivateKey(key);
  } catch (e) {
    throw bad(whose, `${t.key} is not a PEM private key.`, fix, String(e));
  }
  try {
    tls.createSecureContext({ ca, cert, key });
  } catch (e) {
    throw bad(whose, `${t.key} is not the key of ${t.cert}.`, fix, String(e));
  }
}
