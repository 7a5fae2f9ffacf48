// Labels as typed after `-l key=value` and in `--label-file` files.
import { invalidInput } from '../errors.js';
import { checkFileLine, parseKeyValueLines } from './env.js';

/** `key=value`, or a bare `key` meaning an empty value (docker's ConvertKVStringsToMap). The key may not be blank. */
export function parseLabel(s: string, field = 'labels'): { key: string; value: string } {
  const eq = s.indexOf('=');
  const key = eq === -1 ? s : s.slice(0, eq);
  if (key.trim() === '') throw invalidInput(field, `Label "${s}" has no name before "="`);
  return { key, value: eq === -1 ? '' : s.slice(eq + 1) };
}

/** Always `key=value` (also for an empty value). */
export function formatLabel(key: string, value: string, field = 'labels'): string {
  if (key.includes('=')) throw invalidInput(field, `Label name "${key}" contains "="`);
  if (key.trim() === '') throw invalidInput(field, 'A label has no name');
  return `${key}=${value}`;
}

/** Parses several `-l` values; a later key overrides an earlier one, as in docker. */
export function parseLabels(lines: readonly string[], field = 'labels'): Record<string, string> {
  const out = new Map<string, string>();
  for (const line of lines) {
    const { key, value } = parseLabel(line, field);
    out.set(key, value);
  }
  // fromEntries defines own properties, so even a key like "__proto__" is kept as a label.
  return Object.fromEntries(out);
}

/** Labels sorted by key, as `-l` values. */
export function formatLabels(labels: Readonly<Record<string, string>>, field = 'labels'): string[] {
  return Object.keys(labels)
    .sort()
    .map((k) => formatLabel(k, labels[k] ?? '', field));
}

/**
 * Parses the text of a `--label-file` with docker's key=value file rules (see parseKeyValueLines).
 * Like docker (which passes no lookup function for label files), a line with no `=` is ignored.
 */
export function parseLabelFile(text: string, field = 'labelFile'): Record<string, string> {
  const out = new Map<string, string>();
  for (const { name, value } of parseKeyValueLines(text, field, 'label')) {
    if (value !== undefined) out.set(name, value);
  }
  return Object.fromEntries(out);
}

/** A label file: one `key=value` line per label, sorted by key. */
export function formatLabelFile(labels: Readonly<Record<string, string>>, field = 'labelFile'): string {
  return Object.keys(labels)
    .sort()
    .map((k) => {
      checkFileLine(k, labels[k], field, 'label');
      return `${k}=${labels[k] ?? ''}\n`;
    })
    .join('');
}
