// The engine flags of `berth serve` and `berth doctor`: --engine NAME, --endpoint, and docker's --tlsverify, --tlscacert, --tlscert, --tlskey.
import os from 'node:os';
import { BerthError } from '../../app/errors.js';
import type { CoreOptions } from '../core/api.js';
import { plainTcpWarning, resolveEndpoint, tlsFromFlags, type EngineTls } from '../core/endpoints.js';
import { flagString, type Parsed } from './args.js';

/** The engine flags that take a value (`--tlsverify` is a switch, as in docker). */
export const ENGINE_VALUED = ['engine', 'endpoint', 'tlscacert', 'tlscert', 'tlskey'] as const;

export interface EngineArgs {
  /** An engine of `berth engines` by name (or id): it says how it is reached, so it goes without the other flags. */
  engine?: string;
  endpoint?: string;
  /** TLS to the engine from --tlsverify and its files (else DOCKER_TLS_VERIFY's, which the core reads itself). */
  engineTls?: EngineTls;
}

/** Reads the engine flags; --tlscacert/--tlscert/--tlskey without --tlsverify are refused (they would be ignored). */
export function engineArgs(p: Parsed, env: Record<string, string | undefined>, home: string = os.homedir()): EngineArgs {
  const engine = p.flags.get('engine');
  if (engine !== undefined) {
    if (engine === true || engine === '') throw new BerthError('INVALID_INPUT', '--engine needs the name of an engine; `berth engines` lists them.', { field: 'engine' });
    const other = ['endpoint', 'tlsverify', 'tlscacert', 'tlscert', 'tlskey'].find((k) => p.flags.has(k));
    if (other) throw new BerthError('INVALID_INPUT', `Give --engine or --${other}, not both: the engine ${engine} already says where it is and how it is reached.`, { field: 'engine' });
    return { engine };
  }
  const endpoint = flagString(p, 'endpoint');
  const flags = {
    tlsverify: p.flags.get('tlsverify') === true || p.flags.get('tlsverify') === 'true',
    ...Object.fromEntries((['tlscacert', 'tlscert', 'tlskey'] as const).flatMap((k) => (flagString(p, k) !== undefined ? [[k, flagString(p, k)]] : []))),
  };
  // Without --tlsverify the environment is not read here: the core reads DOCKER_TLS_VERIFY itself.
  const tls = tlsFromFlags(flags, flags.tlsverify ? env : {}, home);
  return { ...(endpoint ? { endpoint } : {}), ...(tls ? { engineTls: tls } : {}) };
}

/** What createCore needs for these flags: an endpoint resolved with the flags' TLS, or just the setting. */
export function engineCoreOptions(a: EngineArgs): Pick<CoreOptions, 'endpoint' | 'endpointSetting'> {
  if (a.engineTls) return { endpoint: resolveEndpoint({ ...(a.endpoint ? { setting: a.endpoint } : {}), tls: a.engineTls }) };
  return a.endpoint ? { endpointSetting: a.endpoint } : {};
}

/** The lines `berth doctor` (and `berth serve`) print about how the engine is reached: TLS files, or the warning. */
export function transportLines(ep: { kind: string; address: string; tls?: EngineTls | undefined }): string[] {
  if (ep.kind === 'tcp' && ep.tls) return [`TLS:      the engine verified against ${ep.tls.ca}; client certificate ${ep.tls.cert} (if present)`];
  const w = plainTcpWarning(ep);
  return w ? [`WARNING:  ${w}`] : [];
}
