// The flags of `berth serve`, checked before anything starts: where to listen (TLS for a non-loopback address), the token's source, the engine.
import { readFileSync } from 'node:fs';
import { BerthError } from '../../app/errors.js';
import { checkToken } from '../server/auth.js';
import { checkBind, isLoopback } from '../server/bind.js';
import { flagPort, flagString, parseArgs } from './args.js';
import { ENGINE_VALUED, engineArgs, type EngineArgs } from './engineArgs.js';

export const SERVE_VALUED = new Set(['host', 'port', 'token', 'token-file', 'tls-cert', 'tls-key', ...ENGINE_VALUED]);

export interface ServeArgs extends EngineArgs {
  host: string;
  port: number;
  vm: boolean;
  token?: string;
  tls?: { cert: Buffer; key: Buffer };
  /** The host reaches beyond this machine (only ever with TLS). */
  remote: boolean;
}

export type ReadFile = (path: string) => Buffer;

function readFlagFile(flag: string, path: string, read: ReadFile): Buffer {
  try {
    return read(path);
  } catch (e) {
    throw new BerthError('INVALID_INPUT', `--${flag} ${path}: cannot read it (${e instanceof Error ? e.message : String(e)}).`, { field: flag });
  }
}

/**
 * The access token the person chose, if any: from BERTH_TOKEN or a file (--token-file), never from the command line,
 * where every user of the machine can read it (ps, /proc). Checked for strength (checkToken).
 */
function tokenFrom(onCommandLine: boolean, file: string | undefined, fromEnv: string | undefined, read: ReadFile): string | undefined {
  if (onCommandLine) {
    throw new BerthError('INVALID_INPUT', '--token is not accepted: a command line is visible to every user of this machine. Put the token in BERTH_TOKEN or in a file only you can read and give --token-file FILE.', { field: 'token' });
  }
  if (file !== undefined && fromEnv) throw new BerthError('INVALID_INPUT', 'Give the token either in BERTH_TOKEN or with --token-file, not both.', { field: 'token-file' });
  const token = file !== undefined ? readFlagFile('token-file', file, read).toString('utf8').trim() : fromEnv;
  if (token === undefined || (file === undefined && token === '')) return undefined;
  checkToken(token);
  return token;
}

/** Parses and checks `berth serve`'s arguments; throws a BerthError a person can act on. */
export function serveArgs(argv: string[], env: Record<string, string | undefined> = {}, read: ReadFile = (p) => readFileSync(p)): ServeArgs {
  const p = parseArgs(argv, SERVE_VALUED);
  const host = flagString(p, 'host') ?? '127.0.0.1';
  const port = flagPort(p, 'port') ?? 0;
  const certPath = flagString(p, 'tls-cert');
  const keyPath = flagString(p, 'tls-key');
  if ((certPath === undefined) !== (keyPath === undefined)) {
    throw new BerthError('INVALID_INPUT', 'Give both --tls-cert FILE and --tls-key FILE (a PEM certificate and its private key), or neither.', { field: certPath ? 'tls-key' : 'tls-cert' });
  }
  checkBind(host, { tls: certPath !== undefined, port });
  const engine = engineArgs(p, env);
  if (engine.engine !== undefined && p.flags.has('vm')) throw new BerthError('INVALID_INPUT', `Give --engine or --vm, not both (the Berth VM's engine is --engine berth-vm).`, { field: 'engine' });
  const token = tokenFrom(p.flags.has('token'), flagString(p, 'token-file'), env.BERTH_TOKEN, read);
  const out: ServeArgs = { host, port, vm: p.flags.get('vm') === true, remote: !isLoopback(host), ...engine, ...(token ? { token } : {}) };
  if (certPath !== undefined && keyPath !== undefined) out.tls = { cert: readFlagFile('tls-cert', certPath, read), key: readFlagFile('tls-key', keyPath, read) };
  return out;
}
