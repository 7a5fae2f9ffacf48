import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BerthError } from '../errors.js';
import {
  cpusToNano,
  formatBytesHuman,
  formatCpus,
  formatMemorySwap,
  formatSize,
  parseCpus,
  parseMemorySwap,
  parseSize,
} from './sizes.js';
import { errorOf } from './testkit.js';

const numRuns = Number(process.env.FUZZ_RUNS ?? 200);

function expectInvalidOrOk(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(BerthError);
    expect((e as BerthError).code).toBe('INVALID_INPUT');
  }
}

describe('parseSize (go-units RAMInBytes)', () => {
  it.each([
    ['32', 32],
    ['32b', 32],
    ['32B', 32],
    ['32k', 32 * 1024],
    ['32K', 32 * 1024],
    ['32kb', 32 * 1024],
    ['32Kb', 32 * 1024],
    ['32KiB', 32 * 1024],
    ['32Mb', 32 * 1024 * 1024],
    ['32Gb', 32 * 1024 ** 3],
    ['32Tb', 32 * 1024 ** 4],
    ['4Pb', 4 * 1024 ** 5],
    ['512m', 536870912],
    ['512 MiB', 536870912],
    ['1.5g', 1610612736],
    ['0.3MB', 314572],
    ['.5k', 512],
    ['5.', 5],
    ['5 ', 5],
    ['0', 0],
  ])('%s -> %d', (s, bytes) => {
    expect(parseSize(s)).toBe(bytes);
  });

  it.each([
    ['', 'A size is empty; use a number with an optional unit b, k, m, g, t or p, e.g. 512m or 1.5g'],
    ['m', 'Size "m" does not start with a number; use a number with an optional unit b, k, m, g, t or p, e.g. 512m or 1.5g'],
    ['-1', 'Size "-1" does not start with a number; use a number with an optional unit b, k, m, g, t or p, e.g. 512m or 1.5g'],
    [' 32', 'Size " 32" does not start with a number; use a number with an optional unit b, k, m, g, t or p, e.g. 512m or 1.5g'],
    ['32x', 'Unit "x" in "32x" is not one of b, k, m, g, t, p (optionally followed by b or ib)'],
    ['32bb', 'Unit "bb" in "32bb" is not one of b, k, m, g, t, p (optionally followed by b or ib)'],
    ['32mib ', 'Unit "mib " in "32mib " is not one of b, k, m, g, t, p (optionally followed by b or ib)'],
    ['32  m', 'Unit " m" in "32  m" is not one of b, k, m, g, t, p (optionally followed by b or ib)'],
    ['1.2.3m', 'Unit ".3m" in "1.2.3m" is not one of b, k, m, g, t, p (optionally followed by b or ib)'],
    ['8p', 'Size "8p" is too large; the limit is just under 8p (9007199254740991 bytes)'],
  ])('rejects %j', (s, message) => {
    const e = errorOf(() => parseSize(s));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.field).toBe('memory');
    expect(e.message).toBe(message);
  });

  it('parses --memory-swap -1 as unlimited', () => {
    expect(parseMemorySwap('-1')).toBe(-1);
    expect(parseMemorySwap('1g')).toBe(1024 ** 3);
    expect(formatMemorySwap(-1)).toBe('-1');
    expect(errorOf(() => parseMemorySwap('-2')).field).toBe('memorySwap');
  });
});

describe('formatSize', () => {
  it.each([
    [0, '0'],
    [1, '1'],
    [1000, '1000'],
    [1024, '1k'],
    [1536, '1536'],
    [536870912, '512m'],
    [1610612736, '1.5g'],
    [1024 ** 3, '1g'],
    [7 * 1024 ** 5, '7p'], [Number.MAX_SAFE_INTEGER, '9007199254740991'],
    [6 * 1024 * 1024, '6m'],
  ])('%d -> %s', (bytes, s) => {
    expect(formatSize(bytes)).toBe(s);
  });
  it('rejects fractions and negatives', () => {
    expect(errorOf(() => formatSize(1.5)).code).toBe('INVALID_INPUT');
    expect(errorOf(() => formatSize(-1)).code).toBe('INVALID_INPUT');
  });
});

describe('formatBytesHuman', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [536870912, '512 MiB'],
    [1610612736, '1.5 GiB'],
    [1024 ** 2 - 1, '1 MiB'],
    [123456789, '117.7 MiB'],
    [-2048, '-2 KiB'],
  ])('%d -> %s', (bytes, s) => {
    expect(formatBytesHuman(bytes)).toBe(s);
  });
});

describe('cpus (NanoCPUs)', () => {
  it.each([
    ['1.5', 1.5, 1_500_000_000],
    ['2', 2, 2_000_000_000],
    ['.5', 0.5, 500_000_000],
    ['0.001', 0.001, 1_000_000],
    ['0.000000001', 1e-9, 1],
    ['1e-3', 0.001, 1_000_000],
    ['1.50', 1.5, 1_500_000_000],
  ])('%s', (s, cpus, nano) => {
    expect(parseCpus(s)).toBe(cpus);
    expect(cpusToNano(parseCpus(s))).toBe(nano);
  });
  it.each([
    ['', 'A CPU count is empty; use a number such as 1.5'],
    ['abc', 'CPU count "abc" is not a number; use e.g. 0.5 or 2'],
    ['-1', 'CPU count "-1" is not a number; use e.g. 0.5 or 2'],
    ['0', 'CPU count "0" must be greater than 0; leave it out for no limit'],
    ['0.0000000001', 'CPU count "0.0000000001" is too precise; Docker counts CPUs in billionths (at most 9 decimal places)'],
    ['1e40', 'CPU count "1e40" is too large'],
  ])('rejects %j', (s, message) => {
    const e = errorOf(() => parseCpus(s));
    expect(e.field).toBe('cpus');
    expect(e.message).toBe(message);
  });
  it('formats exactly', () => {
    expect(formatCpus(1.5)).toBe('1.5');
    expect(formatCpus(1e-9)).toBe('0.000000001');
    expect(formatCpus(0.1 + 0.2)).toBe('0.3');
    expect(errorOf(() => cpusToNano(0)).code).toBe('INVALID_INPUT');
    expect(errorOf(() => cpusToNano(1.0000000001)).code).toBe('INVALID_INPUT');
  });
});

describe('sizes properties', () => {
  const bytesArb = fc.oneof(
    fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    fc.tuple(fc.integer({ min: 0, max: 4096 }), fc.integer({ min: 0, max: 5 })).map(([n, p]) => Math.min(n * 1024 ** p, Number.MAX_SAFE_INTEGER)),
    fc.tuple(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 4 })).map(([n, p]) => (n * 1024 ** p) / 2),
  );
  it('parseSize(formatSize(n)) === n, and the result is canonical', () => {
    fc.assert(
      fc.property(bytesArb, (n) => {
        const s = formatSize(n);
        expect(parseSize(s)).toBe(n);
        expect(formatSize(parseSize(s))).toBe(s);
        expect(s.length).toBeLessThanOrEqual(String(n).length);
      }),
      { numRuns },
    );
  });
  it('formatCpus/parseCpus round-trip on whole billionths', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000_000_000 }), (nano) => {
        const cpus = nano / 1e9;
        const s = formatCpus(cpus);
        expect(parseCpus(s)).toBe(cpus);
        expect(cpusToNano(cpus)).toBe(nano);
        expect(formatCpus(parseCpus(s))).toBe(s);
      }),
      { numRuns },
    );
  });
  it('garbage either parses or throws INVALID_INPUT', () => {
    const unit = fc.constantFrom(...'0123456789.-e +kmgtpbiKMGTPBI'.split(''));
    const garbage = fc.oneof(fc.string(), fc.string({ unit, maxLength: 12 }));
    fc.assert(
      fc.property(garbage, (s) => {
        expectInvalidOrOk(() => parseSize(s));
        expectInvalidOrOk(() => parseMemorySwap(s));
        expectInvalidOrOk(() => parseCpus(s));
        expectInvalidOrOk(() => formatSize(parseSize(s)));
        expectInvalidOrOk(() => formatCpus(parseCpus(s)));
      }),
      { numRuns },
    );
  });
});
