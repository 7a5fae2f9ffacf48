// Maps the engine's HTTP errors and socket failures to Berth's codes, keeping the engine's words as detail.
import { BerthError } from '../../../../app/errors.js';

interface ModemError {
  statusCode?: number;
  code?: string;
  message?: string;
  json?: { message?: string } | null;
  reason?: string;
}

function engineMessage(e: ModemError): string {
  const fromJson = e.json && typeof e.json === 'object' && typeof e.json.message === 'string' ? e.json.message : undefined;
  const raw = fromJson ?? e.message ?? String(e);
  return raw.replace(/^\(HTTP code \d+\) [a-z ]+ - /i, '').trim();
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ETIMEDOUT', 'ENOTFOUND', 'ENOTSOCK']);

/** What the caller was doing, so messages can say "Container web …" not just "404". */
export interface ErrorContext {
  what?: string;
  field?: string;
}

export function mapEngineError(err: unknown, ctx: ErrorContext = {}): BerthError {
  if (err instanceof BerthError) return err;
  const e = (err ?? {}) as ModemError;
  const detail = engineMessage(e);
  const opt = (field?: string) => (field ?? ctx.field ? { detail, field: field ?? ctx.field } : { detail });
  if (e.code && UNREACHABLE.has(e.code)) {
    return new BerthError('ENGINE_UNREACHABLE', 'The Docker engine is not answering. Start it (or the Berth VM) and Berth will reconnect by itself.', { detail });
  }
  if (e.code === 'EACCES') {
    return new BerthError('PERMISSION_DENIED', 'Permission denied on the Docker socket. Add your user to the "docker" group or choose another endpoint.', { detail });
  }
  const lower = detail.toLowerCase();
  if (/port is already allocated|address already in use|bind: address/.test(lower)) {
    const port = /(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:]+\]|::):(\d+)/i.exec(detail)?.[1];
    return new BerthError('PORT_IN_USE', `Port ${port ?? ''} is in use by another program — choose another or leave the host port blank.`.replace('Port  is', 'A host port is'), opt('ports'));
  }
  switch (e.statusCode) {
    case 400:
      return new BerthError('INVALID_INPUT', `The engine refused the request: ${detail}`, opt());
    case 401:
      return new BerthError('UNAUTHORIZED', `The registry refused the credentials: ${detail}`, opt('auth'));
    case 403:
      return new BerthError('PERMISSION_DENIED', `The engine refused: ${detail}`, opt());
    case 404:
      if (/no such image|pull access denied|manifest unknown|not found: manifest|repository does not exist/.test(lower)) {
        return new BerthError('IMAGE_NOT_FOUND', `Image ${ctx.what ?? ''} was not found locally or in its registry.`.replace('Image  was', 'The image was'), opt('image'));
      }
      return new BerthError('NOT_FOUND', `${ctx.what ?? 'The object'} no longer exists.`, opt());
    case 409:
      if (/is already in use by container|name .* is already in use|conflict\. the container name/.test(lower)) {
        return new BerthError('NAME_CONFLICT', `The name ${ctx.what ?? ''} is already used by another container — pick another or leave it blank.`.replace('name  is', 'name is'), opt('name'));
      }
      return new BerthError('CONFLICT', detail.charAt(0).toUpperCase() + detail.slice(1), opt());
    case 500:
      if (/pull access denied|manifest unknown|not found|no such host|repository .* not found/.test(lower) && ctx.field === 'image') {
        return new BerthError('IMAGE_NOT_FOUND', `Image ${ctx.what ?? ''} could not be pulled: ${detail}`, opt('image'));
      }
      return new BerthError('INTERNAL', `The engine failed: ${detail}`, opt());
    default:
      return new BerthError('INTERNAL', `The engine failed: ${detail}`, opt());
  }
}

/** Wraps an engine call so every failure becomes a BerthError. */
export async function engineCall<T>(fn: () => Promise<T>, ctx: ErrorContext = {}): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw mapEngineError(e, ctx);
  }
}
