// The core's logger: its level from BERTH_LOG_LEVEL, else BERTH_LOG (the VM modules' old name); lines redacted.
import { afterEach, describe, expect, it, vi } from 'vitest';

async function linesWith(env: Record<string, string | undefined>): Promise<string[]> {
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  vi.resetModules();
  const { createLogger } = await import('./log.js');
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
  try {
    const log = createLogger('vm.test');
    log.debug('d');
    log.info('i', { forward: 'tcp:8080' });
    log.warn('w', { token: 'abcdefgh' });
  } finally {
    spy.mockRestore();
  }
  return lines;
}

describe('core log', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('takes its level from BERTH_LOG when BERTH_LOG_LEVEL is unset, in any case', async () => {
    const lines = await linesWith({ BERTH_LOG_LEVEL: undefined, BERTH_LOG: 'WARN' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\S+ WARN \[vm\.test\] w \{"token.*<redacted>.*\}\n$/);
    expect(lines[0]).not.toContain('abcdefgh');
  });

  it('prefers BERTH_LOG_LEVEL, and keeps the topic and the extra of each line', async () => {
    const lines = await linesWith({ BERTH_LOG_LEVEL: 'info', BERTH_LOG: 'error' });
    expect(lines.map((l) => l.replace(/^\S+ /, ''))).toEqual(['INFO [vm.test] i {"forward":"tcp:8080"}\n', expect.stringMatching(/^WARN \[vm\.test\] w .*<redacted>/)]);
    expect(lines.join('')).not.toContain('abcdefgh');
  });

  it('ignores a level it does not know', async () => {
    const lines = await linesWith({ BERTH_LOG_LEVEL: undefined, BERTH_LOG: 'loud', VITEST: '1' });
    expect(lines).toEqual([]);
  });
});
