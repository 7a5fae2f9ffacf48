// Tiny topic logger for the VM modules: one topic per module, level from BERTH_LOG (debug|info|warn|error).
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;

export interface Logger {
  debug(msg: string, extra?: Record<string, unknown>): void;
  info(msg: string, extra?: Record<string, unknown>): void;
  warn(msg: string, extra?: Record<string, unknown>): void;
  error(msg: string, extra?: Record<string, unknown>): void;
}

function threshold(): number {
  const v = (process.env['BERTH_LOG'] ?? 'info').toLowerCase();
  return v in LEVELS ? LEVELS[v as Level] : LEVELS.info;
}

/** A logger whose lines read `2026-01-01T00:00:00.000Z info vm.qemu: message {"k":"v"}` on stderr. */
export function logger(topic: string): Logger {
  const write = (level: Level, msg: string, extra?: Record<string, unknown>): void => {
    if (LEVELS[level] < threshold()) return;
    const tail = extra && Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : '';
    process.stderr.write(`${new Date().toISOString()} ${level} ${topic}: ${msg}${tail}\n`);
  };
  return {
    debug: (m, e) => write('debug', m, e),
    info: (m, e) => write('info', m, e),
    warn: (m, e) => write('warn', m, e),
    error: (m, e) => write('error', m, e),
  };
}
