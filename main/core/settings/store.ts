// The settings store: settings.json in the user data folder (0600 in 0700), validated field by field, written atomically.
import { copyFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Disposer } from '../../../app/contract.js';
import { invalidInput } from '../../../app/errors.js';
import { AddedEngine } from '../../../app/engines.js';
import { DEFAULT_SETTINGS, Settings, SettingsPatch, settingsFields, type SettingsKey } from '../../../app/settings.js';
import { createLogger } from '../log.js';
import { ensurePrivateDir, readJson, tightenFile, writePrivateJson } from './private-file.js';

const log = createLogger('settings');

export const SETTINGS_FILE = 'settings.json';

export interface SettingsStore {
  /** The file the settings live in. */
  readonly file: string;
  /** What loading found wrong (a field reset to its default, a corrupt file moved aside), in words. */
  readonly warnings: readonly string[];
  get(): Settings;
  /** Validates a patch, saves it, then tells listeners which keys changed. */
  update(patch: unknown): Promise<Settings>;
  onChange(cb: (settings: Settings, changed: SettingsKey[]) => void): Disposer;
}

function hasKey(o: object, k: string): k is SettingsKey {
  return Object.prototype.hasOwnProperty.call(o, k);
}

/**
 * The stored engines one by one: a bad entry (or a second one of a name) is left out with a warning naming it, and
 * the others stay. Returns undefined when the value is not even a list.
 */
function sanitizeEngines(v: unknown, warnings: string[]): AddedEngine[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: AddedEngine[] = [];
  v.forEach((item: unknown, i) => {
    const r = AddedEngine.safeParse(item);
    const label = typeof (item as { name?: unknown } | null)?.name === 'string' ? `"${String((item as { name: string }).name).slice(0, 64)}"` : `#${i + 1}`;
    if (!r.success) {
      const issue = r.error.issues[0];
      warnings.push(`Engine ${label} in settings was not valid (${issue?.path.join('.') || 'entry'}: ${issue?.message ?? 'invalid'}); it was left out.`);
    } else if (out.some((e) => e.name === r.data.name)) warnings.push(`Engine ${label} is in settings twice; the first one is kept.`);
    else if (out.length >= 100) warnings.push(`Engine ${label} is past the 100 engines settings keep; it was left out.`);
    else out.push(r.data);
  });
  return out;
}

/** Keeps every stored field that is valid; the rest fall back to defaults, with a warning each. */
export function sanitize(raw: unknown): { settings: Settings; warnings: string[]; invalid: boolean } {
  const warnings: string[] = [];
  let invalid = false;
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { settings: { ...DEFAULT_SETTINGS }, warnings: ['settings.json did not hold an object; using defaults.'], invalid: true };
  }
  for (const [k, v] of Object.entries(raw)) {
    if (!hasKey(settingsFields, k)) {
      warnings.push(`Unknown setting "${k.slice(0, 64)}" was ignored.`);
      continue;
    }
    if (k === 'engines') {
      const before = warnings.length;
      const engines = sanitizeEngines(v, warnings);
      if (engines) out[k] = engines;
      else warnings.push('Setting "engines" was not a list; no added engines are in use.');
      if (warnings.length > before) invalid = true;
      continue;
    }
    const r = settingsFields[k].safeParse(v);
    if (r.success) out[k] = r.data;
    else {
      invalid = true;
      warnings.push(`Setting "${k}" was not valid (${r.error.issues[0]?.message ?? 'invalid'}); using the default.`);
    }
  }
  return { settings: Settings.parse(out), warnings, invalid };
}

function diff(a: Settings, b: Settings): SettingsKey[] {
  return (Object.keys(settingsFields) as SettingsKey[]).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/** Opens (without creating) the settings in `dir`; the file is written on the first update. */
export async function openSettings(dir: string, opts: { now?: () => number } = {}): Promise<SettingsStore> {
  const file = join(dir, SETTINGS_FILE);
  await ensurePrivateDir(dir);
  const read = await readJson(file);
  let current: Settings = { ...DEFAULT_SETTINGS };
  const warnings: string[] = [];
  if (read.state === 'corrupt') {
    const aside = `${file}.corrupt-${(opts.now ?? Date.now)()}`;
    await rename(file, aside);
    warnings.push(`settings.json was not valid JSON (${read.reason}); it was moved to ${aside} and defaults are in use.`);
  } else if (read.state === 'ok') {
    await tightenFile(file);
    const s = sanitize(read.value);
    current = s.settings;
    warnings.push(...s.warnings);
    // What was left out would be gone at the next save: a copy of the file as it was keeps it.
    if (s.invalid) {
      const copy = `${file}.invalid-${(opts.now ?? Date.now)()}`;
      await copyFile(file, copy);
      await tightenFile(copy);
      warnings.push(`The settings as they were are kept in ${copy}.`);
    }
  }
  for (const w of warnings) log.warn(w);

  const listeners = new Set<(s: Settings, changed: SettingsKey[]) => void>();
  let queue: Promise<unknown> = Promise.resolve();

  const apply = async (patch: unknown): Promise<Settings> => {
    const parsed = SettingsPatch.safeParse(patch);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join('.') || 'settings';
      throw invalidInput(field, `${field}: ${issue?.message ?? 'not a valid setting'}`);
    }
    const next = Settings.parse({ ...current, ...parsed.data });
    const changed = diff(current, next);
    if (changed.length === 0) return current;
    await writePrivateJson(file, next);
    current = next;
    for (const cb of listeners) {
      try {
        cb(current, changed);
      } catch (e) {
        log.error('a settings listener failed', e);
      }
    }
    return current;
  };

  return {
    file,
    warnings,
    get: () => current,
    update(patch) {
      const run = queue.then(() => apply(patch));
      queue = run.catch(() => undefined);
      return run;
    },
    onChange(cb) {
      listeners.add(cb);
      return () => {
        listeners.delete(cb);
      };
    },
  };
}
