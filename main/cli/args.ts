// A small argv parser for the `berth` command: positionals and --flag[=value] options, with typed errors.
import { BerthError } from '../../app/errors.js';

export interface Parsed {
  positionals: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(argv: string[], valued: ReadonlySet<string>): Parsed {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (eq >= 0) flags.set(name, a.slice(eq + 1));
    else if (valued.has(name)) {
      const v = argv[i + 1];
      if (v === undefined) throw new BerthError('INVALID_INPUT', `--${name} needs a value.`, { field: name });
      flags.set(name, v);
      i++;
    } else flags.set(name, true);
  }
  return { positionals, flags };
}

export function flagString(p: Parsed, name: string): string | undefined {
  const v = p.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function flagPort(p: Parsed, name: string): number | undefined {
  const v = flagString(p, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new BerthError('INVALID_INPUT', `--${name} must be a port number between 0 and 65535, not "${v}".`, { field: name });
  return n;
}
