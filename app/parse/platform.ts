// `--platform os/arch[/variant]` as the engine reads it: parsed, normalised (x86_64 -> amd64, aarch64 -> arm64), compared.
import { invalidInput } from '../errors.js';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string | undefined;
}

const OSES = new Set(['linux', 'windows', 'freebsd', 'darwin']);
/** Go's architecture names (what images and engines report), and the other spellings people type. */
const ARCHES = new Set(['amd64', 'arm64', 'arm', '386', 'ppc64le', 'ppc64', 's390x', 'riscv64', 'mips64le', 'mips64', 'mipsle', 'mips', 'loong64']);
const ARCH_ALIASES: Readonly<Record<string, { architecture: string; variant?: string }>> = {
  x86_64: { architecture: 'amd64' },
  'x86-64': { architecture: 'amd64' },
  aarch64: { architecture: 'arm64' },
  armhf: { architecture: 'arm', variant: 'v7' },
  armel: { architecture: 'arm', variant: 'v6' },
  i386: { architecture: '386' },
  i686: { architecture: '386' },
};
const VARIANTS: Readonly<Record<string, readonly string[]>> = {
  arm: ['v5', 'v6', 'v7', 'v8'],
  arm64: ['v8', 'v8.1', 'v8.2', 'v8.3', 'v8.4', 'v8.5', 'v8.6', 'v8.7', 'v8.8', 'v8.9', 'v9', 'v9.1', 'v9.2', 'v9.3', 'v9.4', 'v9.5'],
  amd64: ['v1', 'v2', 'v3', 'v4'],
};

const EXAMPLES = 'e.g. linux/amd64, linux/arm64 or linux/arm/v7';

/** Reads `os/arch[/variant]` (any case, usual aliases); a string the engine would refuse gets a message naming the part at fault. */
export function parsePlatform(s: string, field = 'platform'): Platform {
  const text = s.trim().toLowerCase();
  const parts = text.split('/');
  if (text === '' || parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) {
    throw invalidInput(field, `Platform "${s}" is not os/arch[/variant], ${EXAMPLES}`);
  }
  const [os = '', arch = '', variant] = parts;
  if (!OSES.has(os)) throw invalidInput(field, `Platform "${s}": "${os}" is not an operating system the engine knows (linux, windows); write os/arch, ${EXAMPLES}`);
  const alias = ARCH_ALIASES[arch];
  const architecture = alias?.architecture ?? arch;
  if (!ARCHES.has(architecture)) {
    throw invalidInput(field, `Platform "${s}": "${arch}" is not a CPU architecture the engine knows (amd64, arm64, arm, 386, ppc64le, s390x, riscv64…), ${EXAMPLES}`);
  }
  const v = variant ?? alias?.variant;
  if (v !== undefined && !(VARIANTS[architecture] ?? []).includes(v)) {
    const allowed = VARIANTS[architecture];
    throw invalidInput(field, `Platform "${s}": "${v}" is not a variant of ${architecture}${allowed ? ` (${allowed.slice(0, 4).join(', ')}…)` : ' (it has none)'}`);
  }
  return v === undefined ? { os, architecture } : { os, architecture, variant: v };
}

/** `linux/arm64/v8`; the variant only when there is one. */
export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, ...(p.variant ? [p.variant] : [])].join('/');
}

/** Reads and writes back a platform in its normal form (`Linux/x86_64` -> `linux/amd64`). */
export function normalizePlatform(s: string, field = 'platform'): string {
  return formatPlatform(parsePlatform(s, field));
}

/**
 * Whether an image of platform `a` runs natively where the engine is `b`: same OS and architecture, and the same
 * variant when both name one (arm64 and arm64/v8 are the same machine).
 */
export function samePlatform(a: Platform, b: Platform): boolean {
  if (a.os !== b.os || a.architecture !== b.architecture) return false;
  return a.variant === undefined || b.variant === undefined || a.variant === b.variant;
}

/** What an image list shows: the architecture (with its variant), and the OS in front when it is not linux. */
export function shortPlatform(p: Partial<Platform>): string {
  if (!p.architecture) return '';
  const arch = p.variant ? `${p.architecture}/${p.variant}` : p.architecture;
  return p.os && p.os !== 'linux' ? `${p.os}/${arch}` : arch;
}
