// `berth engines` (every engine and its state, a table or --json) and `--engine NAME` for serve and doctor.
import os from 'node:os';
import path from 'node:path';
import type { EngineEntry } from '../../app/engines.js';
import { BerthError } from '../../app/errors.js';
import { berthHome, type CoreOptions } from '../core/api.js';
import { configureLogging } from '../core/log.js';
import { defaultVmSocket, EngineCatalog, pickEngine, readStoredEngines, VM_ENGINE_NAME } from '../core/engines/index.js';
import { flagString, parseArgs } from './args.js';

type Env = Record<string, string | undefined>;

export const ENGINES_VALUED = new Set(['timeout']);

export interface EnginesArgs {
  json: boolean;
  /** Each engine's probe may take this long. */
  timeoutMs: number;
}

/** Parses `berth engines [--json] [--timeout SECONDS]`; anything else is refused. */
export function enginesArgs(argv: string[]): EnginesArgs {
  const p = parseArgs(argv, ENGINES_VALUED);
  if (p.positionals.length > 0) throw new BerthError('INVALID_INPUT', `berth engines takes no arguments ("${p.positionals[0]}"); it lists every engine. Use --json for JSON.`);
  for (const k of p.flags.keys()) {
    if (k !== 'json' && k !== 'timeout') throw new BerthError('INVALID_INPUT', `berth engines has no --${k}; it takes --json and --timeout SECONDS.`, { field: k });
  }
  const t = flagString(p, 'timeout');
  const seconds = t === undefined ? 5 : Number(t);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 120) throw new BerthError('INVALID_INPUT', `--timeout must be a number of seconds between 0 and 120, not "${t ?? ''}".`, { field: 'timeout' });
  const json = p.flags.get('json');
  if (json !== undefined && json !== true) throw new BerthError('INVALID_INPUT', '--json takes no value.', { field: 'json' });
  return { json: json === true, timeoutMs: Math.round(seconds * 1000) };
}

/** Where the desktop app keeps settings.json (Electron's userData for "berth"; BERTH_USER_DATA in development). */
export function desktopUserDataDir(env: Env = process.env, platform: string = process.platform, home: string = os.homedir()): string {
  if (env.BERTH_USER_DATA && path.isAbsolute(env.BERTH_USER_DATA)) return env.BERTH_USER_DATA;
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'berth');
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'berth');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'berth');
}

/** The catalog as the CLI sees it: the desktop app's added engines (read only), the default VM's socket. */
export async function cliCatalog(opts: { env?: Env; home?: string; timeoutMs?: number } = {}): Promise<{ catalog: EngineCatalog; warnings: string[] }> {
  const env = opts.env ?? process.env;
  const home = opts.home ?? berthHome();
  const stored = await readStoredEngines(desktopUserDataDir(env));
  const catalog = new EngineCatalog({ home, env, vmSocket: defaultVmSocket(home), added: stored.store, ...(opts.timeoutMs ? { probeTimeoutMs: opts.timeoutMs } : {}) });
  return { catalog, warnings: stored.warnings };
}

const pad = (s: string, n: number) => (s.length >= n ? `${s}  ` : s.padEnd(n + 2));

/** The table `berth engines` prints: one row per engine, a down engine's reason on the line below it. */
export function formatEngines(list: readonly EngineEntry[]): string {
  if (list.length === 0) return 'No engines found: no local socket, no Berth VM, no docker context, none added.\n';
  const rows = list.map((e) => [
    `${e.current ? '*' : ' '} ${e.name}`,
    e.source,
    e.kind + (e.tls ? '+tls' : ''),
    e.state,
    e.state === 'up' ? `${e.version ?? '?'}${e.os ? ` ${e.os}/${e.arch ?? '?'}` : ''}` : '',
    e.url,
  ]);
  const head = ['  NAME', 'SOURCE', 'KIND', 'STATE', 'VERSION', 'URL'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i] ?? 0))).join('').trimEnd();
  let out = `${line(head)}\n`;
  list.forEach((e, i) => {
    out += `${line(rows[i] ?? [])}\n`;
    if (e.state === 'down' && e.reason) out += `    ${e.reason}\n`;
  });
  return out;
}

/** `berth engines`: probes every engine at once and prints them; 0 even when some are down (the list is the answer). */
export async function enginesCommand(argv: string[], out: (s: string) => void, err: (s: string) => void = out, where: { env?: Env; home?: string } = {}): Promise<number> {
  const a = enginesArgs(argv);
  configureLogging({ level: 'error' });
  const { catalog, warnings } = await cliCatalog({ ...where, timeoutMs: a.timeoutMs });
  for (const w of warnings) err(`warning: ${w}\n`);
  try {
    const list = await catalog.probeAll();
    out(a.json ? `${JSON.stringify(list, null, 2)}\n` : formatEngines(list));
    return 0;
  } finally {
    await catalog.dispose();
  }
}

/**
 * What createCore needs for `--engine NAME`. `serve` runs the Berth VM itself when the name is the VM's (as --vm
 * does); `doctor` only looks at its socket. A name that is not there is refused with the names that are.
 */
export async function engineByName(name: string, purpose: 'serve' | 'doctor', catalog?: EngineCatalog): Promise<Pick<CoreOptions, 'endpoint' | 'vm' | 'vmAutostart' | 'engineId'>> {
  const cat = catalog ?? (await cliCatalog()).catalog;
  const spec = pickEngine(cat.specs(), name);
  if (spec.problem) throw new BerthError(spec.problem.code, `Engine "${spec.name}" cannot be used: ${spec.problem.message}`, { field: 'engine' });
  if (spec.source === 'vm' && spec.name === VM_ENGINE_NAME && purpose === 'serve') return { vm: true, vmAutostart: true, engineId: spec.id };
  if (!spec.endpoint) throw new BerthError('INTERNAL', `Engine "${spec.name}" has no endpoint.`);
  return { endpoint: spec.endpoint, engineId: spec.id };
}
