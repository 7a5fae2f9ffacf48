// Turns whatever a request rejected with into words for the window (BerthError's message, the engine's detail).
import { BerthError } from '../../../app/errors.js';

export interface ShownError {
  code: string;
  message: string;
  detail?: string | undefined;
  field?: string | undefined;
}

export function shownError(e: unknown): ShownError {
  if (e instanceof BerthError) return { code: e.code, message: e.message, detail: e.detail, field: e.field };
  if (e instanceof Error) return { code: 'INTERNAL', message: e.message };
  if (e && typeof e === 'object' && 'message' in e) {
    const w = e as { code?: unknown; message: unknown; detail?: unknown; field?: unknown };
    return {
      code: typeof w.code === 'string' ? w.code : 'INTERNAL',
      message: String(w.message),
      detail: typeof w.detail === 'string' ? w.detail : undefined,
      field: typeof w.field === 'string' ? w.field : undefined,
    };
  }
  return { code: 'INTERNAL', message: String(e) };
}

/** True for "this endpoint has no handler for it yet": shown quietly, not as a failure. */
export function isUnsupported(e: unknown): boolean {
  return shownError(e).code === 'UNSUPPORTED';
}
