// "Export diagnostics": logs, versions, settings and engine facts in one .tar.gz, every byte through the redactor.
import { createGzip } from 'node:zlib';
import { chmod, lstat, open, readdir } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { arch, platform, release, totalmem, cpus } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { BerthError } from '../../../app/errors.js';
import { createLogger } from '../log.js';
import { createRedactor, type Redactor } from './redact.js';

const log = createLogger('diagnostics');

/** The most of one log file that goes in (its end: the newest lines). */
export const MAX_LOG_BYTES = 2 * 1024 * 1024;
/** Longer lines are cut: nobody reads them, and the redactor stays linear. */
export const MAX_LINE = 4096;
/** Environment variables whose values help and are not secrets (still redacted as text); all others: names only. */
const ENV_VALUES = ['DOCKER_HOST', 'DOCKER_CONTEXT', 'BERTH_HOME', 'BERTH_LOG_LEVEL', 'XDG_SESSION_TYPE', 'XDG_CURRENT_DESKTOP', 'DISPLAY', 'WAYLAND_DISPLAY', 'LANG', 'SHELL', 'TERM'];

export interface DiagnosticsSources {
  appVersion: string;
  /** process.versions of the host (node, electron, chrome, v8, …). */
  versions?: Record<string, string | undefined>;
  settings?: unknown;
  /** Folders whose *.log files go in (not recursive; links are skipped). */
  logDirs?: string[];
  /** Single files to include (e.g. the VM console log). */
  logFiles?: string[];
  /** More JSON sections, each fetched here (engine info, VM status); a failing one is recorded, not fatal. */
  sections?: Record<string, () => Promise<unknown> | unknown>;
  /** Secret values known to the host (tokens, remembered registry passwords): removed wherever they appear, in any common encoding. */
  secrets?: () => Iterable<string> | Promise<Iterable<string>>;
  env?: Record<string, string | undefined>;
  now?: () => Date;
}

export interface BundleEntry {
  name: string;
  content: string;
}

async function tail(file: string, max: number): Promise<{ text: string; truncated: boolean } | undefined> {
  const st = await lstat(file);
  if (!st.isFile()) return undefined;
  const fh = await open(file, 'r');
  try {
    const start = Math.max(0, st.size - max);
    const buf = Buffer.alloc(st.size - start);
    await fh.read(buf, 0, buf.length, start);
    let text = buf.toString('utf8');
    if (start > 0) text = text.slice(text.indexOf('\n') + 1);
    return { text, truncated: start > 0 };
  } finally {
    await fh.close();
  }
}

function cutLines(text: string): string {
  return text
    .split('\n')
    .map((l) => (l.length > MAX_LINE ? `${l.slice(0, MAX_LINE)} [line cut: ${l.length} chars]` : l))
    .join('\n');
}

async function logFilesIn(dir: string): Promise<string[]> {
  try {
    const names = await readdir(dir);
    return names.filter((n) => /\.log(\.\d+)?$/.test(n)).sort().map((n) => join(dir, n));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/** Everything the bundle will hold, already redacted. */
export async function collectDiagnostics(src: DiagnosticsSources): Promise<BundleEntry[]> {
  const r: Redactor = createRedactor({ secrets: (await src.secrets?.()) ?? [] });
  const entries: BundleEntry[] = [];
  const add = (name: string, content: string) => entries.push({ name, content: r.text(content) });
  const env = src.env ?? process.env;

  add('versions.json', json(r.value({
    berth: src.appVersion,
    ...src.versions,
    platform: platform(),
    arch: arch(),
    osRelease: release(),
    cpus: cpus().length,
    memoryMiB: Math.round(totalmem() / 1024 / 1024),
  })));
  if (src.settings !== undefined) add('settings.json', json(r.value(src.settings)));
  add('environment.json', json({
    values: Object.fromEntries(ENV_VALUES.filter((k) => env[k] !== undefined).map((k) => [k, r.text(env[k] ?? '')])),
    names: Object.keys(env).filter((k) => !ENV_VALUES.includes(k)).sort(),
  }));
  for (const [name, get] of Object.entries(src.sections ?? {})) {
    let v: unknown;
    try {
      v = await get();
    } catch (e) {
      v = { error: e instanceof BerthError ? e.toWire() : { message: e instanceof Error ? e.message : String(e) } };
    }
    add(`${name}.json`, json(r.value(v)));
  }
  const files = [...(src.logFiles ?? [])];
  for (const d of src.logDirs ?? []) files.push(...(await logFilesIn(d)));
  const used = new Set<string>();
  for (const f of files) {
    let t: Awaited<ReturnType<typeof tail>>;
    try {
      t = await tail(f, MAX_LOG_BYTES);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    if (!t) continue;
    let name = `logs/${basename(f)}`;
    for (let i = 2; used.has(name); i++) name = `logs/${i}-${basename(f)}`;
    used.add(name);
    add(name, (t.truncated ? `[only the last ${MAX_LOG_BYTES} bytes]\n` : '') + cutLines(t.text));
  }
  const manifest = { createdAt: (src.now ?? (() => new Date()))().toISOString(), berth: src.appVersion, files: entries.map((e) => e.name), redaction: 'secrets, tokens, private keys, URL passwords and environment values are replaced by <redacted>' };
  entries.unshift({ name: 'manifest.json', content: json(manifest) });
  return entries;
}

/** Writes the bundle as a gzipped tar to `path` (mode 0600); returns what went in. */
export async function exportDiagnostics(path: string, src: DiagnosticsSources): Promise<{ path: string; files: string[]; bytes: number }> {
  const entries = await collectDiagnostics(src);
  const pack = tar.pack();
  const mtime = (src.now ?? (() => new Date()))();
  for (const e of entries) pack.entry({ name: `berth-diagnostics/${e.name}`, mode: 0o600, mtime }, e.content);
  pack.finalize();
  const out = createWriteStream(path, { mode: 0o600 });
  try {
    await pipeline(pack, createGzip(), out);
    if (process.platform !== 'win32') await chmod(path, 0o600);
  } catch (e) {
    throw new BerthError('PERMISSION_DENIED', `Berth could not write the diagnostics bundle to ${path}.`, { detail: (e as Error).message });
  }
  log.info(`diagnostics written to ${path} (${entries.length} files)`);
  return { path, files: entries.map((e) => e.name), bytes: out.bytesWritten };
}
