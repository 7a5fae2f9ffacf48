// The run form's fields, once: the section each sits in, and the form field an error about a RunSpec field lands on.
import { emptyForm, type RunForm } from './form.js';

type Section = 'main' | 'advanced';

/** Every field of the form and where it sits: Advanced opens itself when one of its fields has a value or an error. */
export const FIELD_SECTIONS = {
  image: 'main', name: 'main', platform: 'main', command: 'main', terminal: 'main', autoRemove: 'main', publishAll: 'main',
  ports: 'main', memory: 'main', cpus: 'main', cpuShares: 'main', env: 'main', mounts: 'main',
  network: 'main', networkAliases: 'main', restart: 'main', restartRetries: 'main',
  labels: 'advanced', logDriver: 'advanced', memorySwap: 'advanced', logOpts: 'advanced', entrypoint: 'advanced', workdir: 'advanced',
  hostname: 'advanced', user: 'advanced', pidMode: 'advanced', ipcMode: 'advanced', utsMode: 'advanced', usernsMode: 'advanced',
  capAdd: 'advanced', capDrop: 'advanced', privileged: 'advanced',
} as const satisfies Record<keyof RunForm, Section>;

const EMPTY = emptyForm();
const FIELDS = Object.keys(FIELD_SECTIONS) as (keyof RunForm)[];
const isField = (k: string): k is keyof RunForm => k in FIELD_SECTIONS;

/** Whether an error key (`logDriver`, `labels.2`, `form`) belongs to a field under Advanced. */
export function isAdvancedKey(key: string): boolean {
  const field = key.split('.')[0] ?? '';
  return isField(field) && FIELD_SECTIONS[field] === 'advanced';
}

/** Whether anything under Advanced differs from the empty form (the section opens itself then). */
export function hasAdvanced(f: RunForm): boolean {
  return FIELDS.some((k) => FIELD_SECTIONS[k] === 'advanced' && JSON.stringify(f[k]) !== JSON.stringify(EMPTY[k]));
}

/** Blank rows are skipped: they are in the form, not in the spec. */
export const isBlankPortRow = (p: RunForm['ports'][number]) => !p.hostIp.trim() && !p.hostPort.trim() && !p.containerPort.trim();
export const isBlankMountRow = (m: RunForm['mounts'][number]) => !m.source.trim() && !m.target.trim();
export const isBlankEnvRow = (e: RunForm['env'][number]) => !e.key.trim() && !e.value;

/** For each entry of the spec's `ports`, `mounts` and `env`, the form row it came from. */
export interface SpecRows {
  ports: number[];
  mounts: number[];
  env: number[];
}

const filledRows = <T,>(rows: readonly T[], blank: (r: T) => boolean) => rows.flatMap((r, i) => (blank(r) ? [] : [i]));

/** The rows of a form that built without errors: every row that is not blank. */
export function specRowsOf(f: RunForm): SpecRows {
  return { ports: filledRows(f.ports, isBlankPortRow), mounts: filledRows(f.mounts, isBlankMountRow), env: filledRows(f.env, isBlankEnvRow) };
}

/** The row in `ports.1.hostPort` or `ports[1]`, as a form row. */
function rowOf(field: string, prefix: keyof SpecRows, rows: SpecRows): number | undefined {
  const m = new RegExp(`^${prefix}(?:\\.|\\[)(\\d+)`).exec(field);
  if (!m) return undefined;
  const i = Number(m[1]);
  return rows[prefix][i] ?? i;
}

/** The row whose host port `text` mentions (the engine says "…0.0.0.0:8080 failed: port is already allocated"). */
function portRowInText(text: string, form: RunForm): number | undefined {
  const nums = new Set([...text.matchAll(/(\d{1,5})/g)].map((m) => m[1]));
  const rows = form.ports.map((p, i) => ({ p, i })).filter(({ p }) => p.hostPort.trim() !== '');
  const hit = rows.find(({ p }) => nums.has(p.hostPort.trim().split('-')[0] ?? ''));
  if (hit) return hit.i;
  return rows.length === 1 ? rows[0]?.i : undefined;
}

/**
 * The form field an error about RunSpec field `field` shows on, or 'form' for one no field holds. `text` (an engine
 * message) may name the port row when the field does not.
 */
export function formFieldOf(field: string, form: RunForm, rows: SpecRows = specRowsOf(form), text?: string): string {
  if (field.startsWith('ports')) {
    const i = rowOf(field, 'ports', rows) ?? (text === undefined ? undefined : portRowInText(text, form));
    return i === undefined ? 'ports' : `ports.${i}.hostPort`;
  }
  if (field.startsWith('mounts')) {
    const i = rowOf(field, 'mounts', rows);
    return i === undefined ? 'mounts' : `mounts.${i}`;
  }
  if (field.startsWith('env')) {
    const i = rowOf(field, 'env', rows);
    return i === undefined ? 'form' : `env.${i}`;
  }
  if (field === 'log') return 'logDriver';
  if (isField(field) && typeof EMPTY[field] === 'string') return field;
  return 'form';
}
