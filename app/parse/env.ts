// Environment variables as typed after `-e` and in `--env-file` files (docker's opts.ParseEnvFile rules).
import { invalidInput } from '../errors.js';

/** One variable. No `value` means "inherit": take it from the environment of whoever runs the container (`-e KEY`). */
export interface EnvEntry {
  name: string;
  value?: string;
}

/** One line of a key=value file, with its 1-based line number. */
export interface KeyValueLine {
  line: number;
  name: string;
  value?: string;
}

/** `where` says where the name was found, e.g. `in "A B=1"` or `on line 3 of the env file`. */
function checkName(name: string, field: string, where: string): void {
  if (name === '') throw invalidInput(field, `No variable name before "=" ${where}`);
  if (/\s/.test(name)) throw invalidInput(field, `Variable name "${name}" ${where} contains whitespace`);
}

/**
 * `KEY=value` (the value may hold `=`, newlines, or be empty) or a bare `KEY` (inherit). Like docker,
 * nothing is trimmed or unquoted. Names must be non-empty and, stricter than `docker run -e`, free of whitespace.
 */
export function parseEnvLine(s: string, field = 'env'): EnvEntry {
  const eq = s.indexOf('=');
  const name = eq === -1 ? s : s.slice(0, eq);
  checkName(name, field, `in "${s}"`);
  return eq === -1 ? { name } : { name, value: s.slice(eq + 1) };
}

/** `KEY=value`, or `KEY` for an inherited variable. */
export function formatEnvLine(e: EnvEntry, field = 'env'): string {
  if (e.name.includes('=')) throw invalidInput(field, `Variable name "${e.name}" contains "="`);
  checkName(e.name, field, 'in an environment variable');
  return e.value === undefined ? e.name : `${e.name}=${e.value}`;
}

/**
 * The lexing docker applies to `--env-file` and `--label-file` (opts.parseKeyValueFile): lines split on
 * `\n` (a trailing `\r` dropped), a UTF-8 BOM dropped from line 1, leading whitespace trimmed, blank lines
 * and lines starting with `#` skipped, then `NAME=value` cut at the first `=`; the value is kept
 * verbatim, quotes included. Names with whitespace are errors.
 */
export function parseKeyValueLines(text: string, field: string, kind: string): KeyValueLine[] {
  const out: KeyValueLine[] = [];
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (i === 0 && line.startsWith('\uFEFF')) line = line.slice(1);
    line = line.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const name = eq === -1 ? line : line.slice(0, eq);
    checkName(name, field, `on line ${i + 1} of the ${kind} file`);
    out.push(eq === -1 ? { line: i + 1, name } : { line: i + 1, name, value: line.slice(eq + 1) });
  });
  return out;
}

/** Parses the text of an `--env-file`. A bare `KEY` line means "inherit" (docker drops it when the host lacks it). */
export function parseEnvFile(text: string, field = 'envFile'): EnvEntry[] {
  return parseKeyValueLines(text, field, 'env').map(({ name, value }) => (value === undefined ? { name } : { name, value }));
}

/** Checks that `name=value` survives a trip through a key=value file, for the formatters. */
export function checkFileLine(name: string, value: string | undefined, field: string, kind: string): void {
  if (name.includes('=')) throw invalidInput(field, `Name "${name}" contains "=", which cannot be written to the ${kind} file`);
  checkName(name, field, `for the ${kind} file`);
  if (name.startsWith('#')) throw invalidInput(field, `Name "${name}" starts with "#", which the ${kind} file would read as a comment`);
  if (value !== undefined && value.includes('\n')) {
    throw invalidInput(field, `The value of ${name} spans several lines, which the ${kind} file cannot hold`);
  }
  if (value !== undefined && value.endsWith('\r')) {
    throw invalidInput(field, `The value of ${name} ends with a carriage return, which the ${kind} file would drop`);
  }
}

/** One `NAME=value` (or bare `NAME`) line per entry, each ending in `\n`. */
export function formatEnvFile(entries: readonly EnvEntry[], field = 'envFile'): string {
  return entries
    .map((e) => {
      checkFileLine(e.name, e.value, field, 'env');
      return `${formatEnvLine(e, field)}\n`;
    })
    .join('');
}
