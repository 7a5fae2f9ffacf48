// The live link to one engine: dockerode client, up/down status, and the /events stream with reconnect and backoff.
import { StringDecoder } from 'node:string_decoder';
import Docker from 'dockerode';
import { Backoff } from '../../../../app/backoff.js';
import { isBerthError } from '../../../../app/errors.js';
import type { EngineEvent, EngineStatus } from '../../../../app/model.js';
import { createLogger } from '../../log.js';
import { modemOptions, type Endpoint, type ModemOptions } from './endpoint.js';
import { plainTcpWarning, splitHostPort } from './engine-tls.js';

const log = createLogger('engine');

export interface ConnectionOptions {
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** A better explanation of a failure than the socket's (an SSH link knows why it could not reach the host). */
  explain?: (err: unknown) => { reason: string; code: string; detail: string } | undefined;
}

type Listener<T> = (v: T) => void;

/** Words a person can act on for a connection failure. */
export function explainConnectError(ep: Endpoint, err: unknown): { reason: string; code: string; detail: string } {
  if (isBerthError(err)) return { code: err.code, detail: err.detail ?? '', reason: err.message };
  const e = err as { code?: string; message?: string };
  const detail = e?.message ?? String(err);
  if (ep.tls && /CERT|SSL|TLS|EPROTO|ALTNAME|SIGNATURE/i.test(`${e?.code ?? ''} ${detail}`)) {
    return {
      code: 'ENGINE_UNREACHABLE',
      detail,
      reason: `The TLS connection to the engine at ${ep.address} failed (${detail}). Check that ca.pem signed the engine's certificate, for this host name or address, and that the engine accepts cert.pem.`,
    };
  }
  if (!ep.tls && ep.kind === 'tcp' && /HTTPS server/i.test(detail)) {
    return { code: 'ENGINE_UNREACHABLE', detail, reason: `The engine at ${ep.address} speaks TLS: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH (or give --tlsverify).` };
  }
  switch (e?.code) {
    case 'ENOENT':
      return { code: 'ENGINE_UNREACHABLE', detail, reason: `No engine socket at ${ep.address}. Start dockerd (or the Berth VM), or choose another endpoint.` };
    case 'EACCES':
      return { code: 'PERMISSION_DENIED', detail, reason: `Permission denied on ${ep.address}. Add your user to the "docker" group, or run the engine where you can reach it.` };
    case 'ECONNREFUSED':
      return { code: 'ENGINE_UNREACHABLE', detail, reason: `Nothing is listening on ${ep.address}: the engine is stopped or restarting.` };
    default:
      return { code: 'ENGINE_UNREACHABLE', detail, reason: `The engine at ${ep.address} did not answer (${detail}).` };
  }
}

/** The modem options, or — when the TLS files cannot be read — https without them (nothing goes out in clear) and why. */
function modemFor(ep: Endpoint): { options: ModemOptions; error?: unknown } {
  try {
    return { options: modemOptions(ep) };
  } catch (error) {
    return { options: ep.kind === 'tcp' ? { ...splitHostPort(ep.address), protocol: 'https' } : { socketPath: ep.address }, error };
  }
}

export class EngineConnection {
  readonly docker: Docker;
  /** Why this endpoint cannot be used as configured (unreadable TLS files): reported as the down reason, nothing sent. */
  private readonly setupError: unknown;
  /** The endpoint as windows see it (without TLS file paths). */
  private readonly shown: EngineStatus['endpoint'];
  private status: EngineStatus;
  private stopped = false;
  private readonly backoff: Backoff;
  private timer: NodeJS.Timeout | undefined;
  /** A connect attempt is under way. */
  private attempting = false;
  private events: NodeJS.ReadableStream | undefined;
  private readonly statusCbs = new Set<Listener<EngineStatus>>();
  private readonly eventCbs = new Set<Listener<EngineEvent>>();
  private readonly upCbs = new Set<() => void | Promise<void>>();

  constructor(
    readonly endpoint: Endpoint,
    private readonly opts: ConnectionOptions = {},
  ) {
    const modem = modemFor(endpoint);
    this.docker = new Docker(modem.options);
    this.setupError = modem.error;
    const { tls: _tls, ...shown } = endpoint;
    this.shown = shown;
    const warning = plainTcpWarning(endpoint);
    if (warning) log.warn(warning);
    this.backoff = new Backoff({ firstMs: opts.minBackoffMs ?? 250, maxMs: opts.maxBackoffMs ?? 5000 });
    this.status = { state: 'connecting', endpoint: { ...shown }, since: Date.now() };
  }

  getStatus(): EngineStatus {
    return this.status;
  }

  onStatus(cb: Listener<EngineStatus>): () => void {
    this.statusCbs.add(cb);
    return () => this.statusCbs.delete(cb);
  }

  onEvent(cb: Listener<EngineEvent>): () => void {
    this.eventCbs.add(cb);
    return () => this.eventCbs.delete(cb);
  }

  /** Runs after every (re)connect, before the status says "up": the model resyncs here. */
  onUp(cb: () => void | Promise<void>): () => void {
    this.upCbs.add(cb);
    return () => this.upCbs.delete(cb);
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.destroyEvents();
  }

  /** Try now instead of waiting for the backoff (e.g. the VM just came up). */
  retryNow(): void {
    // An attempt under way is left to finish: a second one would open a second event stream.
    if (this.status.state === 'up' || this.stopped || this.attempting) return;
    if (this.timer) clearTimeout(this.timer);
    void this.connect();
  }

  private setStatus(s: EngineStatus) {
    this.status = s;
    for (const cb of this.statusCbs) cb(s);
  }

  private destroyEvents() {
    const ev = this.events as (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
    this.events = undefined;
    ev?.removeAllListeners();
    ev?.destroy?.();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    if (this.setupError !== undefined) {
      this.down(this.setupError);
      return;
    }
    this.attempting = true;
    try {
      const version = await this.docker.version();
      const since = Math.floor(Date.now() / 1000);
      const stream = (await this.docker.getEvents({ since })) as NodeJS.ReadableStream;
      if (this.stopped) {
        (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        return;
      }
      this.events = stream;
      this.readEvents(stream);
      for (const cb of this.upCbs) await cb();
      this.backoff.reset();
      this.setStatus({ state: 'up', endpoint: { ...this.shown }, since: Date.now(), version: version.Version });
      log.info(`engine up at ${this.endpoint.address} (${version.Version})`);
    } catch (err) {
      this.destroyEvents();
      this.down(err);
    } finally {
      this.attempting = false;
    }
  }

  private down(err: unknown) {
    if (this.stopped) return;
    const why = this.opts.explain?.(err) ?? explainConnectError(this.endpoint, err);
    if (this.status.state !== 'down' || this.status.reason !== why.reason) {
      log.warn(`engine down: ${why.reason}`);
      this.setStatus({ state: 'down', endpoint: { ...this.shown }, since: Date.now(), reason: why.reason, error: { code: why.code, message: why.reason, detail: why.detail } });
    }
    this.timer = setTimeout(() => void this.connect(), this.backoff.next());
  }

  private readEvents(stream: NodeJS.ReadableStream) {
    const decoder = new StringDecoder('utf8');
    let buf = '';
    stream.on('data', (d: Buffer) => {
      buf += decoder.write(d);
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (line) this.dispatch(line);
      }
    });
    const ended = (err?: unknown) => {
      if (this.events !== stream) return;
      this.events = undefined;
      this.down(err ?? Object.assign(new Error('The engine closed its event stream.'), { code: 'ECONNRESET' }));
    };
    stream.on('end', () => ended());
    stream.on('close', () => ended());
    stream.on('error', (e) => ended(e));
  }

  private dispatch(line: string) {
    let raw: { Type?: string; Action?: string; Actor?: { ID?: string; Attributes?: Record<string, string> }; time?: number; timeNano?: number };
    try {
      raw = JSON.parse(line);
    } catch {
      log.warn('ignoring an event line that is not JSON', line.slice(0, 200));
      return;
    }
    const ev: EngineEvent = {
      type: raw.Type ?? '',
      action: raw.Action ?? '',
      id: raw.Actor?.ID ?? '',
      attributes: raw.Actor?.Attributes ?? {},
      time: raw.timeNano ? Math.floor(raw.timeNano / 1e6) : (raw.time ?? 0) * 1000,
    };
    for (const cb of this.eventCbs) cb(ev);
  }
}
