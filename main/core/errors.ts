// Turns anything thrown inside the core into a WireError a person can act on; stacks go to the log only.
import { ZodError } from 'zod';
import { BerthError, type WireError } from '../../app/errors.js';
import { createLogger } from './log.js';

const log = createLogger('errors');

function zodToWire(e: ZodError): WireError {
  const first = e.issues[0];
  const field = first && first.path.length > 0 ? first.path.map(String).join('.') : undefined;
  const message = first ? `${field ? `${field}: ` : ''}${first.message}` : 'The request is not valid.';
  const w: WireError = { code: 'INVALID_INPUT', message };
  if (field) w.field = field;
  if (e.issues.length > 1) w.detail = e.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  return w;
}

export function toWireError(e: unknown, where = 'request'): WireError {
  if (e instanceof BerthError) return e.toWire();
  if (e instanceof ZodError) return zodToWire(e);
  log.error(`unexpected error in ${where}`, e);
  return { code: 'INTERNAL', message: 'Berth hit an unexpected error; details are in the core log.', detail: e instanceof Error ? e.message : String(e) };
}
