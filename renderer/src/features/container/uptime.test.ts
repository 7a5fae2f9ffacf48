import { describe, expect, it } from 'vitest';
import { uptimeText } from './uptime';

describe('uptime', () => {
  const now = Date.parse('2024-01-01T01:00:00Z');
  it('running', () => expect(uptimeText({ Running: true, StartedAt: '2024-01-01T00:55:00.123Z' }, now)).toBe('up 5 min'));
  it('exited', () => expect(uptimeText({ Running: false, Status: 'exited', ExitCode: 3, FinishedAt: '2024-01-01T00:59:30Z' }, now)).toBe('exited (3) 30 s ago'));
  it('created', () => expect(uptimeText({ Running: false, Status: 'created', FinishedAt: '0001-01-01T00:00:00Z' }, now)).toBe('never started'));
});
