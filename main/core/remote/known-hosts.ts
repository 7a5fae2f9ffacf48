// Checks a remote host's key against OpenSSH known_hosts files (plain, [host]:port, hashed, wildcards, @revoked).
import crypto from 'node:crypto';
import fs from 'node:fs';
import { BerthError } from '../../../app/errors.js';

export type HostKeyVerdict = 'known' | 'unknown' | 'changed' | 'revoked';

interface Entry {
  marker: '' | '@revoked' | '@cert-authority';
  patterns: string[];
  blob: Buffer;
}

/** The name known_hosts files use: "host" on port 22, "[host]:port" otherwise. */
export function hostToken(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(name);
}

function patternMatches(pattern: string, token: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt = '', hash = ''] = pattern.split('|');
    const mac = crypto.createHmac('sha1', Buffer.from(salt, 'base64')).update(token).digest('base64');
    return mac === hash;
  }
  return globMatch(pattern, token);
}

/** True when a comma-separated host list names `token` (a negated pattern that matches wins). */
function listMatches(patterns: string[], token: string): boolean {
  let hit = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (patternMatches(p.slice(1), token)) return false;
    } else if (patternMatches(p, token)) hit = true;
  }
  return hit;
}

export function parseKnownHosts(text: string): Entry[] {
  const out: Entry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    const marker = fields[0] === '@revoked' || fields[0] === '@cert-authority' ? (fields.shift() as Entry['marker']) : '';
    const [hosts, , key] = fields;
    if (!hosts || !key) continue;
    out.push({ marker, patterns: hosts.split(','), blob: Buffer.from(key, 'base64') });
  }
  return out;
}

/** Looks `blob` up for host:port in the given known_hosts texts. */
export function checkHostKey(texts: string[], host: string, port: number, blob: Buffer): HostKeyVerdict {
  const token = hostToken(host, port);
  let seen = false;
  let known = false;
  for (const e of texts.flatMap(parseKnownHosts)) {
    if (e.marker === '@cert-authority') continue;
    if (e.marker === '@revoked') {
      if (e.blob.equals(blob)) return 'revoked';
      continue;
    }
    if (!listMatches(e.patterns, token)) continue;
    seen = true;
    if (e.blob.equals(blob)) known = true;
  }
  return known ? 'known' : seen ? 'changed' : 'unknown';
}

export function sha256Fingerprint(blob: Buffer): string {
  return `SHA256:${crypto.createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** A host-key check for ssh2 that reads the files on each connection (so a key added with ssh(1) counts at once). */
export function knownHostsVerifier(files: string[], host: string, port: number, user: string): (blob: Buffer) => BerthError | undefined {
  return (blob) => {
    const texts = files.map((f) => {
      try {
        return fs.readFileSync(f, 'utf8');
      } catch {
        return '';
      }
    });
    const verdict = checkHostKey(texts, host, port, blob);
    const fp = sha256Fingerprint(blob);
    const sshCmd = `ssh ${port === 22 ? '' : `-p ${port} `}${user}@${host}`;
    switch (verdict) {
      case 'known':
        return undefined;
      case 'unknown':
        return new BerthError('ENGINE_UNREACHABLE', `${host} is not in your known_hosts, so Berth cannot tell it is the right machine (its key is ${fp}). Run "${sshCmd}" once in a terminal, check the fingerprint and accept it, then retry.`, { fatal: true });
      case 'changed':
        return new BerthError('ENGINE_UNREACHABLE', `The host key of ${host} changed (it now presents ${fp}). This can mean someone is intercepting the connection; Berth refuses to connect. If the machine was reinstalled, remove its old line with "ssh-keygen -R ${hostToken(host, port)}" and connect once with "${sshCmd}".`, { fatal: true });
      case 'revoked':
        return new BerthError('ENGINE_UNREACHABLE', `${host} presented a key marked @revoked in known_hosts (${fp}); Berth refuses to connect.`, { fatal: true });
    }
  };
}
