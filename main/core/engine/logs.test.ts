import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../../app/model.js';
import { LogLineAssembler, toEngineTime } from './logs.js';

function lines(timestamps: boolean, feed: (a: LogLineAssembler) => void): LogLine[] {
  const out: LogLine[] = [];
  const a = new LogLineAssembler(timestamps, (l) => out.push(l));
  feed(a);
  a.end();
  return out;
}

describe('LogLineAssembler', () => {
  it('splits frames into lines per stream and keeps a last line without newline', () => {
    const out = lines(false, (a) => {
      a.frame('stdout', Buffer.from('one\n'));
      a.frame('stderr', Buffer.from('err\n'));
      a.frame('stdout', Buffer.from('two\r\n'));
      a.frame('stdout', Buffer.from('tail'));
    });
    expect(out).toEqual([
      { stream: 'stdout', text: 'one' },
      { stream: 'stderr', text: 'err' },
      { stream: 'stdout', text: 'two' },
      { stream: 'stdout', text: 'tail' },
    ]);
  });

  it('keeps a 90,000-char line split into 16 KB partial messages intact, with one timestamp', () => {
    const long = 'é'.repeat(45_000);
    const bytes = Buffer.from(`${long}\n`);
    const out = lines(true, (a) => {
      for (let i = 0, n = 0; i < bytes.length; i += 16_384, n++) {
        a.frame('stdout', Buffer.concat([Buffer.from(`2024-01-01T00:00:0${n % 10}.000000000Z `), bytes.subarray(i, i + 16_384)]));
      }
    });
    expect(out).toHaveLength(1);
    expect(out[0]?.text).toBe(long);
    expect(out[0]?.text.length).toBe(45_000);
    expect(out[0]?.ts).toBe('2024-01-01T00:00:00.000000000Z');
  });

  it('decodes multi-byte characters split across chunks', () => {
    const b = Buffer.from('añb\n');
    const out = lines(false, (a) => {
      a.raw(b.subarray(0, 2));
      a.raw(b.subarray(2));
    });
    expect(out).toEqual([{ stream: 'stdout', text: 'añb' }]);
  });

  it('cuts timestamps from raw (TTY) lines', () => {
    const out = lines(true, (a) => a.raw(Buffer.from('2024-05-05T10:00:00.1Z hello there\r\n2024-05-05T10:00:01.1Z again\r\n')));
    expect(out).toEqual([
      { stream: 'stdout', text: 'hello there', ts: '2024-05-05T10:00:00.1Z' },
      { stream: 'stdout', text: 'again', ts: '2024-05-05T10:00:01.1Z' },
    ]);
  });

  it('handles many lines in one frame', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n');
    const out = lines(false, (a) => a.frame('stdout', Buffer.from(`${text}\n`)));
    expect(out).toHaveLength(1000);
    expect(out[999]?.text).toBe('line 999');
  });
});

describe('toEngineTime', () => {
  it('accepts seconds, RFC 3339 and relative durations', () => {
    expect(toEngineTime(1700000000, 'since')).toBe('1700000000');
    expect(toEngineTime('1700000000.5', 'since')).toBe('1700000000.5');
    expect(toEngineTime('2024-01-01T00:00:00Z', 'since')).toBe('1704067200.000');
    expect(toEngineTime('10m', 'since', 1_000_000_000)).toBe('999400.000');
    expect(() => toEngineTime('yesterday', 'since')).toThrow(/not a time/);
  });
});
