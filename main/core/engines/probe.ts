// One look at an engine: GET /_ping and /version within a timeout, or why it cannot be reached, in words a person can act on.
import net from 'node:net';
import os from 'node:os';
import Docker from 'dockerode';
import { BerthError, isBerthError } from '../../../app/errors.js';
import { withTimeout } from '../../../app/timeout.js';
import { explainConnectError } from '../engine/link/connection.js';
import { modemOptions, type Endpoint } from '../engine/link/endpoint.js';
import { RemoteEngine, type RemoteEngineOptions } from '../remote/remote-engine.js';
import { parseSshEngineUrl } from '../remote/ssh-url.js';
import { remoteHomeOf, type EngineSpec } from './discover.js';
import { checkTlsFiles } from './tls-check.js';

export type ProbeResult =
  | { state: 'up'; version: string; apiVersion: string; os: string; arch: string }
  | { state: 'down'; reason: string; error: { code: string; message: string; detail?: string } };

export interface ProbeOptions {
  timeoutMs?: number;
  /** Where a probe's SSH link serves the remote engine locally (a folder per engine); not the core's own. */
  remoteHome: string;
  /** Keys, known_hosts and agent for ssh:// engines (~/.ssh and ssh-agent by default). */
  remote?: Omit<RemoteEngineOptions, 'url' | 'home'>;
  /** An engine client already connected (the pool's), used instead of a new one. */
  docker?: Docker;
}

export const DEFAULT_PROBE_TIMEOUT_MS = 5000;

export function down(code: string, reason: string, detail?: string): ProbeResult {
  return { state: 'down', reason, error: { code, message: reason, ...(detail ? { detail } : {}) } };
}

function fromError(e: unknown): ProbeResult {
  if (isBerthError(e)) return down(e.code, e.message, e.detail);
  return down('INTERNAL', e instanceof Error ? e.message : String(e));
}

/** An engine that does not answer in time: ETIMEDOUT, naming the call. */
const late = (ms: number, what: string) => (): Error => Object.assign(new Error(`no answer within ${ms} ms`), { code: 'ETIMEDOUT', what });

/** /_ping then /version on a client. */
export async function pingVersion(docker: Docker, timeoutMs: number): Promise<Extract<ProbeResult, { state: 'up' }>> {
  await withTimeout(docker.ping(), timeoutMs, late(timeoutMs, '/_ping'));
  const v = await withTimeout(docker.version(), timeoutMs, late(timeoutMs, '/version'));
  return { state: 'up', version: v.Version, apiVersion: v.ApiVersion, os: v.Os, arch: v.Arch };
}

function explain(spec: EngineSpec, ep: Endpoint, e: unknown): ProbeResult {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT' && spec.absent) return down('ENGINE_UNREACHABLE', spec.absent, String(e));
  if (code === 'ETIMEDOUT') return down('TIMEOUT', `The engine at ${spec.url} did not answer within the probe's time; it may be busy, or something else listens there.`, String(e));
  const why = explainConnectError(ep, e);
  return down(why.code, why.reason, why.detail);
}

/** Whether anything accepts a TCP connection (an SSH host that refuses is told at once, not after the login's retries). */
function tcpRefused(host: string, port: number, timeoutMs: number): Promise<Error | undefined> {
  return new Promise((resolve) => {
    const s = net.createConnection({ host, port });
    const done = (err?: Error) => {
      s.destroy();
      resolve(err);
    };
    s.setTimeout(timeoutMs, () => done());
    s.once('connect', () => done());
    s.once('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED' || e.code === 'EHOSTUNREACH' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' ? e : undefined));
  });
}

async function probeSsh(spec: EngineSpec, o: ProbeOptions, timeoutMs: number): Promise<ProbeResult> {
  const t = parseSshEngineUrl(spec.url, os.userInfo().username);
  const refused = await tcpRefused(t.host, t.port, timeoutMs);
  if (refused) {
    const code = (refused as NodeJS.ErrnoException).code;
    const what = code === 'ECONNREFUSED' ? 'refused the connection: nothing accepts SSH there' : code === 'EHOSTUNREACH' ? 'cannot be reached' : 'is not a host name this machine can resolve';
    return down('ENGINE_UNREACHABLE', `${t.host}:${t.port} ${what}. Check the host and port in ${spec.url}, and that sshd runs there.`, refused.message);
  }
  const remote = new RemoteEngine({ ...o.remote, url: spec.url, home: remoteHomeOf(o.remoteHome, spec.id), loginTimeoutMs: timeoutMs });
  const ep = remote.endpoint();
  try {
    await remote.start();
    return await pingVersion(new Docker({ socketPath: ep.address, timeout: timeoutMs }), timeoutMs);
  } catch (e) {
    const why = remote.explain();
    return why ? down(why.code, why.reason, why.detail) : explain(spec, ep, e);
  } finally {
    await remote.dispose();
  }
}

/** Probes one engine; never throws. A spec with a `problem` is down with it, without sending anything. */
export async function probeEngine(spec: EngineSpec, o: ProbeOptions): Promise<ProbeResult> {
  const timeoutMs = o.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  if (spec.problem) return fromError(spec.problem);
  const ep = spec.endpoint;
  if (!ep) return down('INTERNAL', `Engine "${spec.name}" has no endpoint.`);
  try {
    if (o.docker) return await pingVersion(o.docker, timeoutMs);
    if (ep.kind === 'ssh') return await probeSsh(spec, o, timeoutMs);
    if (ep.tls) checkTlsFiles(ep.tls, spec.tlsOwner?.whose ?? `Engine "${spec.name}"`, spec.tlsOwner?.fix ?? '');
    return await pingVersion(new Docker({ ...modemOptions(ep), timeout: timeoutMs }), timeoutMs);
  } catch (e) {
    if (e instanceof BerthError && e.field === 'tls') return fromError(e);
    return explain(spec, ep, e);
  }
}
