// Typed errors that cross every process boundary as {code, message, detail}, never as a stack trace.
import { z } from 'zod';

export const ERROR_CODES = [
  'ENGINE_UNREACHABLE',
  'INVALID_INPUT',
  'NOT_FOUND',
  'IMAGE_NOT_FOUND',
  'NAME_CONFLICT',
  'PORT_IN_USE',
  'CONFLICT',
  'PERMISSION_DENIED',
  'UNAUTHORIZED',
  'TIMEOUT',
  'CANCELLED',
  'VM_ERROR',
  'UNSUPPORTED',
  'DISCONNECTED',
  'INTERNAL',
] as const;

export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The wire shape of an error. `detail` keeps the engine's own words; `field` names the input at fault. */
export const WireError = z.object({
  code: ErrorCode,
  message: z.string(),
  detail: z.string().optional(),
  field: z.string().optional(),
  fatal: z.boolean().optional(),
});
export type WireError = z.infer<typeof WireError>;

export class BerthError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  readonly field: string | undefined;
  readonly fatal: boolean;

  constructor(code: ErrorCode, message: string, opts: { detail?: string; field?: string; fatal?: boolean } = {}) {
    super(message);
    this.name = 'BerthError';
    this.code = code;
    this.detail = opts.detail;
    this.field = opts.field;
    this.fatal = opts.fatal ?? false;
  }

  toWire(): WireError {
    const w: WireError = { code: this.code, message: this.message };
    if (this.detail !== undefined) w.detail = this.detail;
    if (this.field !== undefined) w.field = this.field;
    if (this.fatal) w.fatal = true;
    return w;
  }

  static fromWire(w: WireError): BerthError {
    const opts: { detail?: string; field?: string; fatal?: boolean } = {};
    if (w.detail !== undefined) opts.detail = w.detail;
    if (w.field !== undefined) opts.field = w.field;
    if (w.fatal !== undefined) opts.fatal = w.fatal;
    return new BerthError(w.code, w.message, opts);
  }
}

/** Shorthand for the most common error: the person typed something we cannot use. */
export function invalidInput(field: string, message: string, detail?: string): BerthError {
  return new BerthError('INVALID_INPUT', message, detail === undefined ? { field } : { field, detail });
}

export function isBerthError(e: unknown): e is BerthError {
  return e instanceof BerthError;
}
