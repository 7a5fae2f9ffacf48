// Checks the shape of an engine answer before it reaches a window: an engine going down mid-answer can hand back bytes that are not JSON.
import { BerthError } from '../../../../app/errors.js';

function unreadable(what: string, v: unknown, want: 'object' | 'list' = 'object'): BerthError {
  const got = v === null ? 'null' : Array.isArray(v) ? 'a list' : Buffer.isBuffer(v) ? `${v.length} bytes that are not JSON` : typeof v;
  return new BerthError('ENGINE_UNREACHABLE', `The engine's answer about ${what} could not be read (it may be restarting); Berth asks again when it is back.`, { detail: `expected a JSON ${want}, got ${got}` });
}

/** `v` when it is a JSON object (inspect answers), else ENGINE_UNREACHABLE. */
export function jsonObject<T extends object = Record<string, unknown>>(v: unknown, what: string): T {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || Buffer.isBuffer(v)) throw unreadable(what, v);
  return v as T;
}

/** `v` when it is a JSON list (history, diff), else ENGINE_UNREACHABLE. */
export function jsonArray<T>(v: unknown, what: string): T[] {
  if (!Array.isArray(v)) throw unreadable(what, v, 'list');
  return v as T[];
}
