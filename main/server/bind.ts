// Where `berth serve` may listen: loopback by default, never a wildcard address, another concrete address only over TLS.
import { BerthError } from '../../app/errors.js';
import { isLoopback, normalizeHost } from '../core/loopback.js';

export { isLoopback, normalizeHost } from '../core/loopback.js';

/** Every interface at once: `0.0.0.0`, `::` (and their spellings), or nothing at all. */
export function isWildcard(host: string): boolean {
  const h = normalizeHost(host);
  return h === '' || h === '*' || h === '0.0.0.0' || h === '::' || h === '::ffff:0:0';
}

const sshHint = (port: number) => {
  const p = port || 8600;
  return `To use Berth from another machine, keep the default (127.0.0.1) and forward the port over SSH from that machine: \`ssh -L ${p}:127.0.0.1:${p} <this host>\`, then open the printed URL there.`;
};

/**
 * Checks a `--host` before anything listens. A wildcard is refused (it would expose the port on every network while
 * the Host check refuses every remote request); a concrete non-loopback address needs TLS, or the token would cross
 * the network in clear. Returns the host to listen on.
 */
export function checkBind(host: string, opts: { tls: boolean; port?: number }): string {
  const port = opts.port ?? 0;
  if (isWildcard(host)) {
    throw new BerthError('INVALID_INPUT', `--host ${JSON.stringify(host)} would listen on every network interface; berth serve refuses wildcard addresses. ${sshHint(port)}`, { field: 'host' });
  }
  if (!isLoopback(host) && !opts.tls) {
    throw new BerthError(
      'INVALID_INPUT',
      `--host ${host} is reachable from other machines, and the access token would cross the network in clear. Give --tls-cert FILE --tls-key FILE (a certificate for ${host}) to serve HTTPS there. ${sshHint(port)}`,
      { field: 'host' },
    );
  }
  return host.trim().replace(/^\[(.*)\]$/, '$1');
}

/** Host header values that reach a server bound to `host:port`. */
export function allowedHostNames(host: string, port: number): Set<string> {
  const h = normalizeHost(host);
  const names = new Set<string>([`${h.includes(':') ? `[${h}]` : h}:${port}`, `${host}:${port}`.toLowerCase()]);
  if (isLoopback(host)) for (const n of ['127.0.0.1', 'localhost', '[::1]']) names.add(`${n}:${port}`);
  return names;
}
