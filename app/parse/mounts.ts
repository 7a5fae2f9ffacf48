// Mounts as typed after `-v`, `--mount` and `--tmpfs`: parse to a RunSpec MountSpec and format back.
import { invalidInput } from '../errors.js';
import type { MountSpec } from '../runspec.js';

const FIELD = 'mounts';
/** The engine's rule for local volume names (volume/local: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`). */
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
/** Options the engine accepts on `-v` that a MountSpec cannot carry. */
const UNSUPPORTED_MODES = new Set(['z', 'Z', 'nocopy', 'shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);
/** Consistency modes: accepted by docker and ignored on Linux, so dropped here too. */
const CONSISTENCY = new Set(['consistent', 'cached', 'delegated', 'default']);

/** Docker CLI's isFilePath: a `-v` source is a host path (bind) when it starts with `/`, `.`, `~`, `\\` or a drive letter. */
export function isHostPath(source: string): boolean {
  return /^[/.~]/.test(source) || source.startsWith('\\\\') || /^\p{L}:/u.test(source);
}

function mountOf(type: MountSpec['type'], source: string | undefined, target: string, readOnly: boolean): MountSpec {
  const m: MountSpec = { type, target };
  if (source !== undefined) m.source = source;
  if (readOnly) m.readOnly = true;
  return m;
}

/** What is wrong with a mount target, if anything. */
function targetProblem(target: string, whole: string): string | undefined {
  if (!target.startsWith('/')) return `Target "${target}" in "${whole}" must be an absolute path in the container, e.g. /data`;
  if (/^\/+$/.test(target)) return `Target in "${whole}" cannot be "/"; mount at a folder such as /data`;
  return undefined;
}

function checkTarget(target: string, whole: string, field: string): void {
  const problem = targetProblem(target, whole);
  if (problem !== undefined) throw invalidInput(field, problem);
}

/** What the engine would refuse in a MountSpec, and which part of it is at fault; `whole` is what to quote in messages. */
export function mountProblem(m: MountSpec, whole: string): { part: 'source' | 'target' | 'type'; message: string } | undefined {
  const target = targetProblem(m.target, whole);
  if (target !== undefined) return { part: 'target', message: target };
  if (m.type === 'bind') {
    if (m.source === undefined || m.source === '') return { part: 'source', message: `Bind mount "${whole}" needs a source folder on the host` };
    if (!isHostPath(m.source)) {
      return { part: 'source', message: `Bind source "${m.source}" in "${whole}" must be a host path starting with "/" (or "./", "~")` };
    }
  } else if (m.type === 'volume') {
    if (m.source !== undefined && !VOLUME_NAME.test(m.source)) {
      return {
        part: 'source',
        message:
          `Volume name "${m.source}" in "${whole}" is not valid: use 2 or more letters, digits, "_", "." or "-", starting with a letter or digit ` +
          '(for a host folder, give an absolute path)',
      };
    }
  } else if (m.type === 'tmpfs') {
    if (m.source !== undefined) return { part: 'source', message: `A tmpfs mount has no source, but "${whole}" gives "${m.source}"` };
  } else {
    return { part: 'type', message: `Mount type "${String(m.type)}" in "${whole}" is not one of bind, volume or tmpfs` };
  }
  return undefined;
}

function checkMount(m: MountSpec, whole: string, field: string): void {
  const problem = mountProblem(m, whole);
  if (problem !== undefined) throw invalidInput(field, problem.message);
}

/** Reads `ro`/`rw` and friends from `-v` or `--tmpfs` options; returns whether the mount is read-only. */
function parseModes(modes: string, whole: string, field: string, tmpfs: boolean): boolean {
  let readOnly: boolean | undefined;
  for (const mode of modes.split(',')) {
    if (mode === 'ro' || mode === 'rw') {
      if (readOnly !== undefined) throw invalidInput(field, `"${whole}" says ro or rw more than once`);
      readOnly = mode === 'ro';
    } else if (!tmpfs && CONSISTENCY.has(mode)) {
      continue;
    } else if (!tmpfs && UNSUPPORTED_MODES.has(mode)) {
      throw invalidInput(field, `Mount option "${mode}" in "${whole}" is valid for docker, but Berth cannot apply it yet; remove it`);
    } else if (tmpfs) {
      throw invalidInput(field, `tmpfs option "${mode}" in "${whole}" cannot be applied by Berth yet; only ro and rw are supported`);
    } else {
      throw invalidInput(field, `"${mode}" in "${whole}" is not a mount option; use ro or rw`);
    }
  }
  return readOnly === true;
}

/** Splits a `-v` value at `:` the way the docker CLI does, keeping a drive letter (`C:`) with its path. */
function splitVolume(s: string): string[] {
  const parts: string[] = [];
  let buf = '';
  for (const ch of s) {
    if (ch === ':' && buf.length === 1 && /\p{L}/u.test(buf)) buf += ch;
    else if (ch === ':') {
      parts.push(buf);
      buf = '';
    } else buf += ch;
  }
  parts.push(buf);
  return parts;
}

/**
 * Parses a `-v`/`--volume` value: `/host/path:/target[:ro]` (bind), `name:/target[:ro]` (named
 * volume), or `/target` alone (anonymous volume). Sources starting with `/`, `.`, `~`, `\\` or a
 * drive letter are host paths, kept as typed (the core resolves `./` and `~`). Options: `ro`, `rw`;
 * `cached`/`delegated`/`consistent` are ignored as on Linux; `z`, `Z`, `nocopy` and propagation
 * modes are refused because a MountSpec cannot carry them.
 */
export function parseVolumeSpec(s: string, field: string = FIELD): MountSpec {
  if (s === '') throw invalidInput(field, 'A volume is empty; write source:target, e.g. mydata:/data or /host/dir:/data');
  if (s.length <= 2) {
    checkTarget(s, s, field);
    return { type: 'volume', target: s };
  }
  const parts = splitVolume(s);
  if (parts.some((p) => p === '')) throw invalidInput(field, `"${s}" has an empty part between ":"; write source:target[:options]`);
  if (parts.length > 3) throw invalidInput(field, `"${s}" has too many ":"; write source:target[:options]`);
  const [a = '', b, modes] = parts;
  if (b === undefined) {
    checkTarget(a, s, field);
    return { type: 'volume', target: a };
  }
  const readOnly = modes === undefined ? false : parseModes(modes, s, field, false);
  const m = mountOf(isHostPath(a) ? 'bind' : 'volume', a, b, readOnly);
  checkMount(m, s, field);
  return m;
}

/** `true` when `-v` can say exactly this mount (no `:` where it would be misread, not an anonymous read-only volume). */
function volumeExpressible(m: MountSpec): boolean {
  if (m.type === 'tmpfs' || m.target.includes(':')) return false;
  if (m.source === undefined) return m.readOnly !== true;
  return splitVolume(m.source).length === 1;
}

/** The `-v` form: `source:target[:ro]` or `target`. Throws for what `-v` cannot say (use formatMountFlag). */
export function formatVolumeSpec(m: MountSpec, field: string = FIELD): string {
  checkMount(m, m.target, field);
  if (!volumeExpressible(m)) {
    throw invalidInput(field, `The mount at "${m.target}" cannot be written with -v; use --mount`);
  }
  return (m.source === undefined ? '' : `${m.source}:`) + m.target + (m.readOnly === true ? ':ro' : '');
}

/** Splits one CSV record like Go's encoding/csv (fields may be "quoted", with "" for a quote). */
function splitCsv(s: string, field: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let value = '';
    if (s[i] === '"') {
      i++;
      for (;;) {
        if (i >= s.length) throw invalidInput(field, `"${s}" has a quote that is never closed`);
        if (s[i] === '"' && s[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (s[i] === '"') {
          i++;
          break;
        } else value += s[i++];
      }
      if (i < s.length && s[i] !== ',') throw invalidInput(field, `"${s}" has text right after a closing quote`);
    } else {
      const end = s.indexOf(',', i);
      value = end === -1 ? s.slice(i) : s.slice(i, end);
      if (value.includes('"')) throw invalidInput(field, `"${s}" has a quote inside an unquoted field; quote the whole field`);
      i = end === -1 ? s.length : end;
    }
    out.push(value);
    if (i >= s.length) return out;
    i++; // the comma
  }
}

const UNSUPPORTED_KEYS = new Set([
  'bind-propagation', 'bind-recursive', 'bind-nonrecursive', 'bind-create-src', 'volume-driver', 'volume-label', 'volume-nocopy',
  'volume-opt', 'volume-subpath', 'tmpfs-size', 'tmpfs-mode', 'image-subpath',
]);

function parseBool(v: string, key: string, whole: string, field: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  throw invalidInput(field, `"${key}=${v}" in "${whole}" is not true or false`);
}

/** Parses a `--mount` value: `type=bind,source=/a,target=/b,readonly` (keys: type, source|src, target|dst|destination, readonly|ro). */
export function parseMountSpec(s: string, field: string = FIELD): MountSpec {
  if (s === '') throw invalidInput(field, 'A --mount value is empty; write e.g. type=volume,source=mydata,target=/data');
  let type: MountSpec['type'] = 'volume';
  let source: string | undefined;
  let target = '';
  let readOnly = false;
  for (const item of splitCsv(s, field)) {
    const eq = item.indexOf('=');
    const key = (eq === -1 ? item : item.slice(0, eq)).toLowerCase();
    const val = eq === -1 ? undefined : item.slice(eq + 1);
    if (key === 'readonly' || key === 'ro') {
      readOnly = val === undefined ? true : parseBool(val, key, s, field);
    } else if (UNSUPPORTED_KEYS.has(key)) {
      throw invalidInput(field, `Mount option "${key}" in "${s}" is valid for docker, but Berth cannot apply it yet; remove it`);
    } else if (val === undefined) {
      throw invalidInput(field, `"${item}" in "${s}" is not a key=value pair`);
    } else if (key === 'type') {
      const t = val.toLowerCase();
      if (t !== 'bind' && t !== 'volume' && t !== 'tmpfs') {
        throw invalidInput(field, `Mount type "${val}" in "${s}" is not supported; use bind, volume or tmpfs`);
      }
      type = t;
    } else if (key === 'source' || key === 'src') {
      source = val === '' ? undefined : val;
    } else if (key === 'target' || key === 'dst' || key === 'destination') {
      target = val;
    } else if (key !== 'consistency') {
      throw invalidInput(field, `"${key}" in "${s}" is not a --mount option; use type, source, target and readonly`);
    }
  }
  if (target === '') throw invalidInput(field, `"${s}" has no target; add target=/path/in/container`);
  const m = mountOf(type, source, target, readOnly);
  checkMount(m, s, field);
  return m;
}

function csvField(f: string): string {
  return /[,"\n\r]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f;
}

/** The `--mount` form: `type=…[,source=…],target=…[,readonly]`. */
export function formatMountSpec(m: MountSpec, field: string = FIELD): string {
  checkMount(m, m.target, field);
  const fields = [`type=${m.type}`];
  if (m.source !== undefined) fields.push(`source=${m.source}`);
  fields.push(`target=${m.target}`);
  if (m.readOnly === true) fields.push('readonly');
  return fields.map(csvField).join(',');
}

/** Parses a `--tmpfs` value: `/path` or `/path:ro` (other tmpfs options are refused: a MountSpec cannot carry them). */
export function parseTmpfsSpec(s: string, field: string = FIELD): MountSpec {
  const colon = s.indexOf(':');
  const target = colon === -1 ? s : s.slice(0, colon);
  if (target === '') throw invalidInput(field, `"${s}" has no path; write e.g. --tmpfs /run`);
  const modes = colon === -1 ? '' : s.slice(colon + 1);
  const readOnly = modes === '' ? false : parseModes(modes, s, field, true);
  const m = mountOf('tmpfs', undefined, target, readOnly);
  checkMount(m, s, field);
  return m;
}

/** The `--tmpfs` form: `/path[:ro]`. */
export function formatTmpfsSpec(m: MountSpec, field: string = FIELD): string {
  checkMount(m, m.target, field);
  if (m.type !== 'tmpfs' || m.target.includes(':')) throw invalidInput(field, `The mount at "${m.target}" cannot be written with --tmpfs; use --mount`);
  return m.target + (m.readOnly === true ? ':ro' : '');
}

/** The simplest flag that says exactly this mount: `-v` for volumes and binds, `--tmpfs` for tmpfs, `--mount` otherwise. */
export function formatMountFlag(m: MountSpec, field: string = FIELD): { flag: '-v' | '--mount' | '--tmpfs'; value: string } {
  checkMount(m, m.target, field);
  if (m.type === 'tmpfs' && !m.target.includes(':')) return { flag: '--tmpfs', value: formatTmpfsSpec(m, field) };
  if (volumeExpressible(m)) return { flag: '-v', value: formatVolumeSpec(m, field) };
  return { flag: '--mount', value: formatMountSpec(m, field) };
}
