// Finds how to log in to a remote engine host as ssh(1) would: the running ssh-agent, then unencrypted ~/.ssh/id_* keys.
import fs from 'node:fs';
import path from 'node:path';
import ssh2 from 'ssh2';
import { BerthError } from '../../../app/errors.js';

export interface SshCredentials {
  agent?: string;
  privateKey?: string;
  /** Where the key came from, for logs and the error a person sees (never the key). */
  sources: string[];
}

export const DEFAULT_IDENTITIES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/** `files` overrides ~/.ssh/id_*; `agent` is SSH_AUTH_SOCK. A passphrase-protected key is usable only through the agent. */
export function findCredentials(opts: { sshDir: string; files?: string[]; agent?: string | undefined }): SshCredentials {
  const creds: SshCredentials = { sources: [] };
  const skipped: string[] = [];
  if (opts.agent && fs.existsSync(opts.agent)) {
    creds.agent = opts.agent;
    creds.sources.push('ssh-agent');
  }
  for (const file of opts.files ?? DEFAULT_IDENTITIES.map((f) => path.join(opts.sshDir, f))) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const parsed = ssh2.utils.parseKey(text);
    if (parsed instanceof Error) {
      skipped.push(`${file} (${/encrypted|passphrase/i.test(parsed.message) ? 'needs a passphrase: add it to ssh-agent' : 'not a key ssh2 can read'})`);
      continue;
    }
    creds.privateKey = text;
    creds.sources.push(file);
    break;
  }
  if (!creds.agent && creds.privateKey === undefined) {
    const tried = skipped.length > 0 ? ` Skipped: ${skipped.join('; ')}.` : '';
    throw new BerthError('ENGINE_UNREACHABLE', `No SSH key to log in with: start ssh-agent with your key loaded, or create one with "ssh-keygen -t ed25519" and add its .pub to the remote authorized_keys.${tried}`, { fatal: true });
  }
  return creds;
}
