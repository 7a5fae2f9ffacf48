// Where the engine lives: a setting, DOCKER_HOST, or the platform's default socket; resolved to dockerode options.
import os from 'node:os';
import { BerthError } from '../../../../app/errors.js';
import { parseSshEngineUrl } from '../../remote/ssh-url.js';
import { loadTls, splitHostPort, tlsFromEnv, type EngineTls, type TlsMaterial } from './engine-tls.js';

export type EndpointKind = 'socket' | 'pipe' | 'vm' | 'ssh' | 'tcp';

export interface Endpoint {
  kind: EndpointKind;
  /** What the UI shows: "Local socket", "Berth VM", "ssh: build-box". */
  label: string;
  /** unix socket path, named pipe path, host:port, or (before the SSH link serves it locally) the ssh:// URL. */
  address: string;
  /** An ssh:// engine's host: where its published ports answer. */
  remoteHost?: string;
  /** A tcp:// engine reached over TLS (DOCKER_TLS_VERIFY, --tlsverify): where its files are. Never sent to windows. */
  tls?: EngineTls;
}

export const DEFAULT_UNIX_SOCKET = '/var/run/docker.sock';
export const DEFAULT_PIPE = '//./pipe/docker_engine';

/**
 * Parses a DOCKER_HOST-style URL (unix://, npipe://, tcp://, ssh://); an ssh:// one is then served locally by a
 * RemoteEngine. `tls` applies to tcp:// only, as the docker CLI applies DOCKER_TLS_VERIFY.
 */
export function parseDockerHost(url: string, tls?: EngineTls): Endpoint {
  const m = /^([a-z]+):\/\/(.*)$/.exec(url.trim());
  if (!m) throw new BerthError('INVALID_INPUT', `DOCKER_HOST "${url}" is not a URL like unix:///var/run/docker.sock or tcp://127.0.0.1:2375.`, { field: 'endpoint' });
  const [, scheme, rest = ''] = m;
  switch (scheme) {
    case 'unix':
      if (!rest.startsWith('/')) throw new BerthError('INVALID_INPUT', `DOCKER_HOST "${url}" needs an absolute socket path.`, { field: 'endpoint' });
      return { kind: 'socket', label: rest === DEFAULT_UNIX_SOCKET ? 'Local socket' : `Socket ${rest}`, address: rest };
    case 'npipe':
      return { kind: 'pipe', label: 'Named pipe', address: rest.replace(/\//g, '\\').replace(/^\\\\\\\\/, '\\\\') || DEFAULT_PIPE };
    case 'tcp':
    case 'http': {
      if (!/^[^/:]+:\d+$|^\[[0-9a-fA-F:]+\]:\d+$/.test(rest)) throw new BerthError('INVALID_INPUT', `DOCKER_HOST "${url}" needs host:port.`, { field: 'endpoint' });
      return tls ? { kind: 'tcp', label: `TCP ${rest} (TLS)`, address: rest, tls } : { kind: 'tcp', label: `TCP ${rest}`, address: rest };
    }
    case 'ssh': {
      const t = parseSshEngineUrl(url, os.userInfo().username);
      return { kind: 'ssh', label: t.label, address: url.trim(), remoteHost: t.host };
    }
    default:
      throw new BerthError('UNSUPPORTED', `DOCKER_HOST scheme "${scheme}" is not supported here; use unix://, npipe://, tcp:// or ssh://.`, { field: 'endpoint' });
  }
}

/** Setting first, then DOCKER_HOST, then the platform default; TLS as given (the CLI's flags), else from DOCKER_TLS_VERIFY. */
export function resolveEndpoint(opts: { setting?: string; env?: Record<string, string | undefined>; platform?: string; tls?: EngineTls | undefined; home?: string } = {}): Endpoint {
  const env = opts.env ?? process.env;
  const tls = opts.tls ?? tlsFromEnv(env, opts.home);
  if (opts.setting) return parseDockerHost(opts.setting, tls);
  const fromEnv = env.DOCKER_HOST;
  if (fromEnv) return parseDockerHost(fromEnv, tls);
  if ((opts.platform ?? process.platform) === 'win32') return { kind: 'pipe', label: 'Named pipe', address: DEFAULT_PIPE };
  return { kind: 'socket', label: 'Local socket', address: DEFAULT_UNIX_SOCKET };
}

export type ModemOptions = { socketPath: string } | ({ host: string; port: number; protocol: 'http' | 'https' } & Partial<TlsMaterial>);

/**
 * dockerode/docker-modem connection options for an endpoint. A TLS endpoint gets https with its CA (the engine's
 * certificate and host name are verified) and client certificate; unreadable files throw a BerthError.
 */
export function modemOptions(ep: Endpoint, read?: (file: string) => Buffer): ModemOptions {
  if (ep.kind === 'tcp') {
    const { host, port } = splitHostPort(ep.address);
    return ep.tls ? { host, port, protocol: 'https', ...loadTls(ep.tls, read) } : { host, port, protocol: 'http' };
  }
  return { socketPath: ep.address };
}
