// Per-topic logging for the core: levelled lines to stderr (and a file when set), with secrets redacted.
import { appendFileSync } from 'node:fs';

export type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** BERTH_LOG_LEVEL, else BERTH_LOG (the name the VM modules' own logger read; bench and e2e set it), in any case. */
function envLevel(): Level | undefined {
  const v = (process.env.BERTH_LOG_LEVEL ?? process.env.BERTH_LOG)?.toLowerCase();
  return v !== undefined && Object.hasOwn(order, v) ? (v as Level) : undefined;
}

let minLevel: Level = envLevel() ?? (process.env.VITEST ? 'error' : 'info');
let logFile: string | undefined = process.env.BERTH_LOG_FILE;

export function configureLogging(opts: { level?: Level; file?: string }): void {
  if (opts.level) minLevel = opts.level;
  if (opts.file !== undefined) logFile = opts.file;
}

const SECRET_KEYS = /(token|password|passwd|secret|authorization|auth|key|credential)s?["']?\s*[:=]\s*["']?[^\s"',}&]+/gi;
const TOKEN_PARAM = /([?&]token=)[^&\s]+/gi;

/** Secret values the core handles (registry passwords), with their base64 form: removed from every line. */
const knownSecrets = new Map<string, string[]>();
const MAX_KNOWN = 256;

/** From now on, `value` never reaches a log line (values under 4 characters are too common to remove). */
export function addLogSecret(value: string | undefined): void {
  if (!value || value.length < 4 || knownSecrets.has(value)) return;
  if (knownSecrets.size >= MAX_KNOWN) knownSecrets.delete(knownSecrets.keys().next().value as string);
  knownSecrets.set(value, [value, Buffer.from(value).toString('base64').replace(/=+$/, '')]);
}

/** Removes anything that looks like a secret from a log line. */
export function redact(text: string): string {
  let t = text;
  for (const forms of knownSecrets.values()) for (const f of forms) if (t.includes(f)) t = t.split(f).join('<redacted>');
  return t.replace(TOKEN_PARAM, '$1<redacted>').replace(SECRET_KEYS, (m) => m.replace(/[:=]\s*["']?[^\s"',}&]+$/, '=<redacted>'));
}

export interface Logger {
  debug(msg: string, extra?: unknown): void;
  info(msg: string, extra?: unknown): void;
  warn(msg: string, extra?: unknown): void;
  error(msg: string, extra?: unknown): void;
}

function fmt(extra: unknown): string {
  if (extra === undefined) return '';
  if (extra instanceof Error) return ` ${extra.message}${extra.stack ? `\n${extra.stack}` : ''}`;
  try {
    return ` ${JSON.stringify(extra)}`;
  } catch {
    return ` ${String(extra)}`;
  }
}

export function createLogger(topic: string): Logger {
  const write = (level: Level, msg: string, extra: unknown) => {
    if (order[level] < order[minLevel]) return;
    const line = redact(`${new Date().toISOString()} ${level.toUpperCase()} [${topic}] ${msg}${fmt(extra)}`);
    process.stderr.write(`${line}\n`);
    if (logFile) appendFileSync(logFile, `${line}\n`, { mode: 0o600 });
  };
  return {
    debug: (m, e) => write('debug', m, e),
    info: (m, e) => write('info', m, e),
    warn: (m, e) => write('warn', m, e),
    error: (m, e) => write('error', m, e),
  };
}
