// Memory sizes ("512m", docker/go-units RAMInBytes) and CPU counts ("1.5", NanoCPUs): parse, format, display.
import { invalidInput } from '../errors.js';

const UNITS = ['', 'k', 'm', 'g', 't', 'p'] as const;
const SIZE_HINT = 'use a number with an optional unit b, k, m, g, t or p, e.g. 512m or 1.5g';

/**
 * Parses a size the way docker's `--memory` does (go-units RAMInBytes): a decimal number, one
 * optional space, then an optional unit `b`, `k`, `m`, `g`, `t` or `p` (powers of 1024), which may
 * be followed by `b` or `ib` (`512m`, `512MB`, `512 MiB`, `1.5g`), in any case. Fractions are
 * truncated to whole bytes like docker's `int64(size)`. Unlike Go's ParseFloat, exponents (`1e3`)
 * are not accepted. Sizes above 2^53-1 bytes (just under 8 PiB) are rejected: a JS number cannot hold them exactly.
 */
export function parseSize(s: string, field = 'memory'): number {
  const m = /^([0-9]*\.?[0-9]*)( ?)(.*)$/s.exec(s);
  const num = m?.[1] ?? '';
  const suffix = m?.[3] ?? s;
  if (!/[0-9]/.test(num)) {
    throw invalidInput(field, s === '' ? `A size is empty; ${SIZE_HINT}` : `Size "${s}" does not start with a number; ${SIZE_HINT}`);
  }
  const sfx = suffix.toLowerCase();
  let power = 0;
  if (sfx === '' || sfx === 'b') {
    power = 0;
  } else {
    const idx = UNITS.indexOf(sfx[0] as (typeof UNITS)[number]);
    const rest = sfx.slice(1);
    if (idx <= 0 || !(rest === '' || rest === 'b' || rest === 'ib')) {
      throw invalidInput(field, `Unit "${suffix}" in "${s}" is not one of b, k, m, g, t, p (optionally followed by b or ib)`);
    }
    power = idx;
  }
  const bytes = Math.trunc(Number(num) * 1024 ** power);
  if (!Number.isSafeInteger(bytes)) {
    throw invalidInput(field, `Size "${s}" is too large; the limit is just under 8p (9007199254740991 bytes)`);
  }
  return bytes;
}

/** `--memory-swap`: a size, or `-1` for unlimited swap. */
export function parseMemorySwap(s: string, field = 'memorySwap'): number {
  return s === '-1' ? -1 : parseSize(s, field);
}

/** The exact decimal form of n / 1024^power (always finite: 1024 is a power of two). */
function exactQuotient(n: number, power: number): string {
  const digits = 10 * power;
  if (digits === 0) return String(n);
  const scaled = (BigInt(n) * 5n ** BigInt(digits)).toString().padStart(digits + 1, '0');
  const whole = scaled.slice(0, -digits);
  const frac = scaled.slice(-digits).replace(/0+$/, '');
  return frac === '' ? whole : `${whole}.${frac}`;
}

/**
 * The shortest docker-style string that parses back to exactly `bytes` (`536870912` -> `512m`,
 * `1610612736` -> `1.5g`, `1000` -> `1000`). On a tie the form without a decimal point wins, then the larger unit.
 */
export function formatSize(bytes: number, field = 'memory'): string {
  if (!Number.isSafeInteger(bytes) || bytes < 0) {
    throw invalidInput(field, `${String(bytes)} is not a whole number of bytes between 0 and 2^53-1`);
  }
  let best = String(bytes);
  for (let power = 1; power < UNITS.length; power++) {
    const candidate = exactQuotient(bytes, power) + UNITS[power];
    if (parseSize(candidate, field) !== bytes) continue;
    const better =
      candidate.length < best.length ||
      (candidate.length === best.length && best.includes('.') && !candidate.includes('.')) ||
      (candidate.length === best.length && best.includes('.') === candidate.includes('.'));
    if (better) best = candidate;
  }
  return best;
}

/** `-1` -> `"-1"`, otherwise formatSize. */
export function formatMemorySwap(bytes: number, field = 'memorySwap'): string {
  return bytes === -1 ? '-1' : formatSize(bytes, field);
}

const HUMAN_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/**
 * For display only: binary units with IEC names and a space, at most 4 significant digits, like
 * docker's `BytesSize` (`0 B`, `1023 B`, `1.5 KiB`, `512 MiB`, `1.5 GiB`). Not meant to be parsed back.
 */
export function formatBytesHuman(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  if (bytes < 0) return `-${formatBytesHuman(-bytes)}`;
  let unit = 0;
  let value = bytes;
  while (value >= 1024 && unit < HUMAN_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  let shown = Number(value.toPrecision(4));
  if (shown >= 1024 && unit < HUMAN_UNITS.length - 1) {
    shown = Number((value / 1024).toPrecision(4));
    unit++;
  }
  return `${shown} ${HUMAN_UNITS[unit]}`;
}

const NANO = 1_000_000_000;

/**
 * Parses `--cpus` like docker's NanoCPUs: a positive decimal number (`1.5`, `.5`, `2`, `1e-3`) whose
 * value times 10^9 is a whole number, i.e. at most 9 decimal places. `0` is rejected here: leave
 * the limit out instead.
 */
export function parseCpus(s: string, field = 'cpus'): number {
  const m = /^(?:([0-9]+)(?:\.([0-9]*))?|\.([0-9]+))(?:[eE]([+-]?[0-9]+))?$/.exec(s);
  if (m === null) {
    throw invalidInput(field, s === '' ? 'A CPU count is empty; use a number such as 1.5' : `CPU count "${s}" is not a number; use e.g. 0.5 or 2`);
  }
  const frac = m[2] ?? m[3] ?? '';
  const digitText = ((m[1] ?? '') + frac).replace(/^0+/, '');
  const digits = BigInt(digitText || '0');
  const exp = Number(m[4] ?? '0') - frac.length + 9;
  let nano: bigint;
  if (digits === 0n) {
    nano = 0n;
  } else if (exp >= 0) {
    nano = exp > 30 ? -1n : digits * 10n ** BigInt(exp);
  } else {
    const tooPrecise = invalidInput(field, `CPU count "${s}" is too precise; Docker counts CPUs in billionths (at most 9 decimal places)`);
    if (-exp > digitText.length) throw tooPrecise;
    const div = 10n ** BigInt(-exp);
    if (digits % div !== 0n) throw tooPrecise;
    nano = digits / div;
  }
  if (nano === 0n) throw invalidInput(field, `CPU count "${s}" must be greater than 0; leave it out for no limit`);
  if (nano < 0n || nano > BigInt(Number.MAX_SAFE_INTEGER)) throw invalidInput(field, `CPU count "${s}" is too large`);
  return Number(nano) / NANO;
}

/** CPUs to the engine's NanoCPUs (`1.5` -> 1500000000); rejects values finer than a billionth. */
export function cpusToNano(cpus: number, field = 'cpus'): number {
  const nano = Math.round(cpus * NANO);
  if (!Number.isFinite(cpus) || cpus <= 0 || !Number.isSafeInteger(nano) || Math.abs(nano - cpus * NANO) > Math.max(1e-6, nano * 1e-12)) {
    throw invalidInput(field, `${String(cpus)} CPUs is not a positive number with at most 9 decimal places`);
  }
  return nano;
}

/** The exact decimal string for a CPU count (`1.5` -> `"1.5"`, `1e-9` -> `"0.000000001"`). */
export function formatCpus(cpus: number, field = 'cpus'): string {
  const nano = cpusToNano(cpus, field);
  const whole = Math.floor(nano / NANO);
  const frac = String(nano % NANO).padStart(9, '0').replace(/0+$/, '');
  return frac === '' ? String(whole) : `${whole}.${frac}`;
}
