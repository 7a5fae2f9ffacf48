// Puts an error from the engine on the run form's field it concerns (a taken port on its row, a name conflict on the name).
import type { ShownError } from '../../lib/errors.js';
import { formFieldOf } from './fields.js';
import type { RunForm } from './form.js';

/** The form field for an engine error, or 'form' for one that concerns the whole run. */
export function fieldForError(err: ShownError, form: RunForm): string {
  const field = err.field ?? '';
  const text = `${err.message} ${err.detail ?? ''}`;
  if (err.code === 'PORT_IN_USE') return formFieldOf(field.startsWith('ports') ? field : 'ports', form, undefined, text);
  if (err.code === 'NAME_CONFLICT') return 'name';
  if (err.code === 'IMAGE_NOT_FOUND') return 'image';
  return formFieldOf(field, form, undefined, text);
}
