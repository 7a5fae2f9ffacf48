// Puts an error from the engine on the run form's field it concerns (a taken port on its row, a name conflict on the name).
import type { ShownError } from '../../lib/errors.js';
import type { RunForm } from './form.js';

const DIRECT = new Set(['image', 'name', 'command', 'entrypoint', 'memory', 'memorySwap', 'cpus', 'cpuShares', 'network', 'networkAliases', 'restart', 'logDriver', 'pidMode', 'ipcMode', 'utsMode', 'usernsMode', 'hostname', 'user', 'workdir', 'capAdd', 'capDrop', 'platform']);

/** The form field for an engine error, or 'form' for one that concerns the whole run. */
export function fieldForError(err: ShownError, form: RunForm): string {
  const field = err.field ?? '';
  const rowOf = (prefix: string) => {
    const m = new RegExp(`^${prefix}(?:\\.|\\[)(\\d+)`).exec(field);
    return m ? Number(m[1]) : undefined;
  };
  if (err.code === 'PORT_IN_USE' || field.startsWith('ports')) {
    const i = rowOf('ports') ?? portRowInText(`${err.message} ${err.detail ?? ''}`, form);
    return i === undefined ? 'ports' : `ports.${i}.hostPort`;
  }
  if (err.code === 'NAME_CONFLICT') return 'name';
  if (err.code === 'IMAGE_NOT_FOUND') return 'image';
  if (field.startsWith('mounts')) {
    const i = rowOf('mounts');
    return i === undefined ? 'mounts' : `mounts.${i}`;
  }
  if (field.startsWith('env')) {
    const i = rowOf('env');
    return i === undefined ? 'form' : `env.${i}`;
  }
  if (field === 'log') return 'logDriver';
  if (DIRECT.has(field)) return field;
  return 'form';
}

/** The row whose host port the message mentions (the engine says "…0.0.0.0:8080 failed: port is already allocated"). */
function portRowInText(text: string, form: RunForm): number | undefined {
  const nums = new Set([...text.matchAll(/(\d{1,5})/g)].map((m) => m[1]));
  const rows = form.ports.map((p, i) => ({ p, i })).filter(({ p }) => p.hostPort.trim() !== '');
  const hit = rows.find(({ p }) => nums.has(p.hostPort.trim().split('-')[0] ?? ''));
  if (hit) return hit.i;
  return rows.length === 1 ? rows[0]?.i : undefined;
}
