// The VM settings form: strings in, a checked patch out (only the fields that changed), errors per field (pure).
import { DEFAULT_SLEEP_AFTER_S, VmSettings } from '../../../../app/vm.js';

export interface VmSettingsForm {
  cpus: string;
  memoryMiB: string;
  diskGiB: string;
  /** Minutes idle before the VM sleeps; 0 = never (applies at once). Absent = unchanged. */
  sleepAfterMin?: string;
  /** At stop and quit: save the VM and resume it with its containers running (true), or shut it down. Absent = unchanged. */
  keepRunning?: boolean;
}

export type VmSettingsErrors = Partial<Record<keyof VmSettingsForm | 'form', string>>;

export function formFromSettings(s: VmSettings): VmSettingsForm {
  return { cpus: String(s.cpus), memoryMiB: String(s.memoryMiB), diskGiB: String(s.diskGiB), sleepAfterMin: String(Number(((s.sleepAfterS ?? DEFAULT_SLEEP_AFTER_S) / 60).toFixed(2))), keepRunning: s.keepContainersRunning !== false };
}

type SizeKey = 'cpus' | 'memoryMiB' | 'diskGiB';

const LIMITS: Record<SizeKey, { min: number; max: number; what: string }> = {
  cpus: { min: 1, max: 64, what: 'CPUs' },
  memoryMiB: { min: 512, max: 262_144, what: 'Memory (MiB)' },
  diskGiB: { min: 4, max: 4096, what: 'Disk (GiB)' },
};

/** Memory accepts MiB as a number, or a size with a unit ("4g", "4096m", "4 GiB"). */
function parseMemoryMiB(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(m|mb|mib|g|gb|gib)?\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'm').toLowerCase();
  return Math.round(unit.startsWith('g') ? n * 1024 : n);
}

export function checkVmSettings(form: VmSettingsForm, saved: VmSettings | undefined): { patch?: Partial<VmSettings>; errors: VmSettingsErrors } {
  const errors: VmSettingsErrors = {};
  const values: Partial<VmSettings> = {};
  for (const key of Object.keys(LIMITS) as SizeKey[]) {
    const raw = form[key].trim();
    const { min, max, what } = LIMITS[key];
    const n = key === 'memoryMiB' ? parseMemoryMiB(raw) : /^\d+$/.test(raw) ? Number(raw) : undefined;
    if (n === undefined || !Number.isInteger(n)) {
      errors[key] = `${what}: enter a whole number${key === 'memoryMiB' ? ' of MiB (or a size like 4g)' : ''}.`;
      continue;
    }
    if (n < min || n > max) {
      errors[key] = `${what} must be between ${min.toLocaleString('en')} and ${max.toLocaleString('en')}.`;
      continue;
    }
    values[key] = n;
  }
  if (form.sleepAfterMin !== undefined) {
    const raw = form.sleepAfterMin.trim();
    const n = /^\d+(?:\.\d+)?$/.test(raw) ? Number(raw) : undefined;
    if (n === undefined || n > 1440) errors.sleepAfterMin = 'Sleep when idle: enter 0 (never) or a number of minutes up to 1,440.';
    else values.sleepAfterS = Math.round(n * 60);
  }
  if (Object.keys(errors).length > 0) return { errors };
  const full = VmSettings.safeParse({ ...saved, ...values });
  if (!full.success) return { errors: { form: full.error.issues.map((i) => i.message).join('; ') } };
  const patch: Partial<VmSettings> = {};
  for (const key of Object.keys(LIMITS) as SizeKey[]) if (values[key] !== undefined && (!saved || saved[key] !== values[key])) patch[key] = values[key];
  if (values.sleepAfterS !== undefined && values.sleepAfterS !== (saved?.sleepAfterS ?? DEFAULT_SLEEP_AFTER_S)) patch.sleepAfterS = values.sleepAfterS;
  if (form.keepRunning !== undefined && form.keepRunning !== (saved?.keepContainersRunning !== false)) patch.keepContainersRunning = form.keepRunning;
  return { patch, errors };
}
