// The engine's JSON progress streams (pull, push, build, load): decoding, per-layer state, typed errors.
import { StringDecoder } from 'node:string_decoder';
import { BerthError } from '../../../../app/errors.js';
import type { PullChunk } from '../../../../app/model.js';
import { DEFAULT_REGISTRY, parseImageRef } from '../../../../app/parse/index.js';
import { mapEngineError } from '../link/errors.js';

/** One message of the engine's progress stream (`/images/create`, `/images/{name}/push`, `/build`, `/images/load`). */
export interface EngineMessage {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  progress?: string;
  stream?: string;
  error?: string;
  errorDetail?: { message?: string; code?: number };
  aux?: Record<string, unknown>;
}

/** Splits a byte stream of newline-separated JSON objects into messages; keeps a partial line until it completes. */
export class JsonLineDecoder {
  private readonly text = new StringDecoder('utf8');
  private rest = '';

  write(data: Buffer | string): EngineMessage[] {
    this.rest += typeof data === 'string' ? data : this.text.write(data);
    const lines = this.rest.split('\n');
    this.rest = lines.pop() ?? '';
    return parseLines(lines);
  }

  end(): EngineMessage[] {
    const last = this.rest + this.text.end();
    this.rest = '';
    return parseLines([last]);
  }
}

function parseLines(lines: string[]): EngineMessage[] {
  const out: EngineMessage[] = [];
  for (const line of lines) {
    const t = line.trim();
    if (!t) continue;
    try {
      const v: unknown = JSON.parse(t);
      if (v && typeof v === 'object' && !Array.isArray(v)) out.push(v as EngineMessage);
    } catch {
      // Not JSON (a proxy's error page, a truncated line): keep it as a plain status so nothing is silently lost.
      out.push({ status: t.slice(0, 500) });
    }
  }
  return out;
}

/** The error text of a message, or undefined when it is not an error. */
export function messageError(m: EngineMessage): string | undefined {
  if (m.errorDetail?.message) return m.errorDetail.message;
  if (typeof m.error === 'string' && m.error) return m.error;
  return undefined;
}

const LAYER_ID = /^[0-9a-f]{12,64}$/;

/** The current state of every layer of a pull or push, plus the overall status line and the digest when known. */
export class LayerState {
  private readonly layers = new Map<string, PullChunk['layers'][number]>();
  private status: string | undefined;
  private dirty = false;
  digest: string | undefined;

  /** Applies one message; returns true when what a person would see changed. */
  apply(m: EngineMessage): boolean {
    const aux = m.aux;
    if (aux && typeof aux.Digest === 'string') this.digest = aux.Digest;
    if (!m.status) return false;
    const digest = /(?:^|\s)digest: (sha256:[0-9a-f]{64})/i.exec(m.status)?.[1];
    if (digest) this.digest = digest;
    if (m.id && (m.progressDetail !== undefined || LAYER_ID.test(m.id))) {
      const layer: PullChunk['layers'][number] = { id: m.id, status: m.status };
      const cur = m.progressDetail?.current;
      const tot = m.progressDetail?.total;
      if (typeof cur === 'number') layer.current = cur;
      if (typeof tot === 'number' && tot > 0) layer.total = tot;
      this.layers.set(m.id, layer);
    } else {
      this.status = m.id ? `${m.id}: ${m.status}` : m.status;
    }
    this.dirty = true;
    return true;
  }

  /** The current state when it changed since the last call, else undefined. */
  take(): PullChunk | undefined {
    if (!this.dirty) return undefined;
    this.dirty = false;
    return this.snapshot();
  }

  snapshot(): PullChunk {
    const chunk: PullChunk = { layers: [...this.layers.values()].map((l) => ({ ...l })) };
    if (this.status !== undefined) chunk.status = this.status;
    return chunk;
  }
}

/** Splits a reference (validated by the contract's parser: INVALID_INPUT naming `field`) into registry domain, name, tag, digest. */
export function splitImageRef(ref: string, field = 'ref'): { domain: string; name: string; tag?: string; digest?: string } {
  const r = parseImageRef(ref.trim(), field);
  const out: { domain: string; name: string; tag?: string; digest?: string } = {
    domain: r.registry ?? DEFAULT_REGISTRY,
    name: r.registry ? `${r.registry}/${r.repository}` : r.repository,
  };
  if (r.tag !== undefined) out.tag = r.tag;
  if (r.digest !== undefined) out.digest = r.digest;
  return out;
}

function domainOf(ref: string): string {
  try {
    return splitImageRef(ref).domain;
  } catch {
    return 'the registry';
  }
}

/** A reference with `:latest` added when it names neither a tag nor a digest (the engine would otherwise pull every tag). */
export function withDefaultTag(ref: string): string {
  const r = splitImageRef(ref);
  return r.tag === undefined && r.digest === undefined ? `${ref.trim()}:latest` : ref.trim();
}

/** The `serveraddress` the engine expects for a reference's registry. */
export function serverAddressOf(ref: string): string {
  const domain = domainOf(ref);
  return domain === DEFAULT_REGISTRY ? 'https://index.docker.io/v1/' : domain;
}

export type RegistryOp = 'pull' | 'push';

/** Turns a registry failure's words into a typed error; undefined when the words say nothing specific. */
export function classifyRegistryMessage(message: string, op: RegistryOp, ref: string): BerthError | undefined {
  const l = message.toLowerCase();
  const detail = { detail: message };
  const domain = domainOf(ref);
  if (/pull access denied|repository does not exist|manifest unknown|name unknown|not found: manifest|manifest for .* not found|no such image|does not exist locally/.test(l)) {
    const hint = op === 'pull' ? ' (check the name and tag; a private repository also needs credentials)' : '';
    return new BerthError('IMAGE_NOT_FOUND', `Image ${ref} was not found${op === 'pull' ? ` in ${domain}` : ' locally'}${hint}.`, { ...detail, field: 'ref' });
  }
  if (/unauthorized|authentication required|no basic auth credentials|incorrect username or password|denied: requested access|insufficient_scope|access to the resource is denied/.test(l)) {
    return new BerthError('UNAUTHORIZED', `${domain} refused to ${op} ${ref}: sign in with an account that may ${op} it.`, { ...detail, field: 'auth' });
  }
  if (/no such host|server misbehaving/.test(l)) {
    return new BerthError('NOT_FOUND', `The registry ${domain} could not be found (no such host); check its name.`, { ...detail, field: 'ref' });
  }
  if (/connection refused|i\/o timeout|network is unreachable|no route to host|dial tcp|tls: |x509|server gave http response to https client/.test(l)) {
    return new BerthError('INTERNAL', `The registry ${domain} could not be reached: ${message}`, { ...detail, field: 'ref' });
  }
  return undefined;
}

/** Any failure of a pull or push (HTTP status before the stream, or an error line in it) as a typed error. */
export function mapRegistryError(err: unknown, op: RegistryOp, ref: string): BerthError {
  if (err instanceof BerthError) return err;
  const e = (err ?? {}) as { json?: { message?: unknown } | null; message?: unknown; statusCode?: number; code?: string };
  if (e.code && !e.statusCode) return mapEngineError(err);
  const raw = typeof e.json?.message === 'string' ? e.json.message : typeof e.message === 'string' ? e.message : String(err);
  const text = raw.replace(/^\(HTTP code \d+\) [a-z ]+ - /i, '').trim();
  return classifyRegistryMessage(text, op, ref) ?? mapEngineError(err, { what: ref, field: 'image' });
}
