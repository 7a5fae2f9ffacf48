// A tcp:// engine over TLS the docker way (DOCKER_TLS_VERIFY + DOCKER_CERT_PATH, or --tlsverify and its file flags), and the warning for a plain one off loopback.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BerthError } from '../../../../app/errors.js';
import { isLoopback } from '../../loopback.js';

/** Where the TLS files are: paths only, never their contents (an Endpoint travels to windows). */
export interface EngineTls {
  /** The CA that signed the engine's certificate: the server is verified against it (and its host name or address). */
  ca: string;
  /** The client certificate and key the engine asks for (`--tlsverify` on dockerd); unused when both are absent. */
  cert: string;
  key: string;
  /** The folder all three came from, when they did (DOCKER_CERT_PATH, ~/.docker): the host terminal passes it on. */
  certPath?: string;
}

/** docker's `--tlsverify`, `--tlscacert`, `--tlscert`, `--tlskey`. */
export interface TlsFlags {
  tlsverify?: boolean;
  tlscacert?: string;
  tlscert?: string;
  tlskey?: string;
}

type Env = Record<string, string | undefined>;

function fromFolder(dir: string): EngineTls {
  return { ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem'), certPath: dir };
}

const certFolder = (env: Env, home: string) => env.DOCKER_CERT_PATH || path.join(home, '.docker');

/** DOCKER_TLS_VERIFY (any value but empty, as the docker CLI reads it) with DOCKER_CERT_PATH's ca.pem, cert.pem, key.pem (default ~/.docker). */
export function tlsFromEnv(env: Env, home: string = os.homedir()): EngineTls | undefined {
  return env.DOCKER_TLS_VERIFY ? fromFolder(certFolder(env, home)) : undefined;
}

/** `--tlsverify` with each file flag defaulting to the cert folder's file, as docker does; without it, the environment's. */
export function tlsFromFlags(flags: TlsFlags, env: Env, home: string = os.homedir()): EngineTls | undefined {
  const given = flags.tlscacert !== undefined || flags.tlscert !== undefined || flags.tlskey !== undefined;
  if (!flags.tlsverify) {
    if (given) {
      throw new BerthError('INVALID_INPUT', "--tlscacert, --tlscert and --tlskey are the engine's TLS files and go with --tlsverify (the served page's own certificate is --tls-cert and --tls-key).", { field: 'tlsverify' });
    }
    return tlsFromEnv(env, home);
  }
  const folder = fromFolder(certFolder(env, home));
  if (!given) return folder;
  return { ca: flags.tlscacert ?? folder.ca, cert: flags.tlscert ?? folder.cert, key: flags.tlskey ?? folder.key };
}

export interface TlsMaterial {
  ca: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

type Read = (file: string) => Buffer;

function readOrAbsent(file: string, read: Read): Buffer | undefined {
  try {
    return read(file);
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    throw unreadable(file, e);
  }
}

const unreadable = (file: string, e: unknown) =>
  new BerthError('INVALID_INPUT', `The engine's TLS file ${file} cannot be read (${e instanceof Error ? e.message : String(e)}).`, { field: 'endpoint' });

/**
 * The files' contents. The CA is required (TLS without verifying the engine is not offered); the client certificate
 * and key go together: both present, or both absent (an engine that asks for no client certificate).
 */
export function loadTls(t: EngineTls, read: Read = (f) => readFileSync(f)): TlsMaterial {
  const ca = readOrAbsent(t.ca, read);
  if (!ca) {
    throw new BerthError('INVALID_INPUT', `TLS to the engine is on (DOCKER_TLS_VERIFY or --tlsverify) but there is no CA certificate at ${t.ca}; set DOCKER_CERT_PATH to the folder with ca.pem, cert.pem and key.pem.`, { field: 'endpoint' });
  }
  const cert = readOrAbsent(t.cert, read);
  const key = readOrAbsent(t.key, read);
  if (!cert !== !key) {
    throw new BerthError('INVALID_INPUT', `The engine's client certificate needs both ${t.cert} and ${t.key}; only ${cert ? t.cert : t.key} is there.`, { field: 'endpoint' });
  }
  return cert && key ? { ca, cert, key } : { ca };
}

/** host:port → host (IPv6 brackets dropped) and port. */
export function splitHostPort(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  return { host: address.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(address.slice(i + 1)) };
}

/** The warning for a tcp:// engine reached without TLS beyond this machine; none for TLS or loopback. */
export function plainTcpWarning(ep: { kind: string; address: string; tls?: EngineTls | undefined }): string | undefined {
  if (ep.kind !== 'tcp' || ep.tls || isLoopback(splitHostPort(ep.address).host)) return undefined;
  return (
    `The engine at tcp://${ep.address} is reached without TLS: it is unauthenticated, so anyone who can reach that port ` +
    'on the network controls the engine (and, through it, that machine), and everything sent to it crosses the network in clear. ' +
    'Use TLS (DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH, or --tlsverify) or an ssh:// endpoint.'
  );
}
