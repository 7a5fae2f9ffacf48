// Parses an ssh:// engine URL (ssh://[user@]host[:port][/path/to/docker.sock]) into what the SSH link needs.
import { BerthError } from '../../../app/errors.js';

export interface SshEngineUrl {
  user: string;
  host: string;
  port: number;
  /** The engine's socket on the remote host. */
  socketPath: string;
  /** What the UI shows: "ssh: user@host" (":port" when not 22). */
  label: string;
}

export const REMOTE_DEFAULT_SOCKET = '/var/run/docker.sock';

const HOST = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)$/;
const USER = /^[A-Za-z0-9._][A-Za-z0-9._-]{0,63}$/;

function invalid(url: string, why: string): BerthError {
  return new BerthError('INVALID_INPUT', `"${url}" is not a usable SSH engine address: ${why}. Use ssh://user@host, ssh://user@host:2222 or ssh://user@host/run/user/1000/docker.sock.`, { field: 'endpoint' });
}

/** `defaultUser` is the local login name, as ssh(1) uses when the URL names none. */
export function parseSshEngineUrl(url: string, defaultUser: string): SshEngineUrl {
  const m = /^ssh:\/\/(?:([^@/]+)@)?(\[[^\]]+\]|[^:/]+)(?::(\d+))?(\/.*)?$/.exec(url.trim());
  if (!m) throw invalid(url, 'it does not look like ssh://[user@]host[:port][/socket]');
  const [, user = defaultUser, host = '', portText, socketPath = REMOTE_DEFAULT_SOCKET] = m;
  if (!USER.test(user)) throw invalid(url, `the user name "${user}" has characters ssh does not accept`);
  if (!HOST.test(host)) throw invalid(url, `the host "${host}" is not a host name or address`);
  const port = portText === undefined ? 22 : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw invalid(url, `the port ${portText ?? ''} is outside 1-65535`);
  if (socketPath.includes('\0') || /\s/.test(socketPath)) throw invalid(url, 'the socket path has spaces or control characters');
  const bareHost = host.replace(/^\[|\]$/g, '');
  return { user, host: bareHost, port, socketPath, label: `ssh: ${user}@${host}${port === 22 ? '' : `:${port}`}` };
}
