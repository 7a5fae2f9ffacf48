import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BerthError } from '../errors.js';
import { formatLabel, formatLabelFile, formatLabels, parseLabel, parseLabelFile, parseLabels } from './labels.js';
import { errorOf } from './testkit.js';

const numRuns = Number(process.env.FUZZ_RUNS ?? 200);

describe('labels', () => {
  it.each([
    ['com.example.vendor=ACME', { key: 'com.example.vendor', value: 'ACME' }],
    ['my-label', { key: 'my-label', value: '' }],
    ['a=b=c', { key: 'a', value: 'b=c' }],
    ['empty=', { key: 'empty', value: '' }],
  ])('%j', (s, expected) => {
    expect(parseLabel(s)).toStrictEqual(expected);
  });
  it('rejects a label without a name', () => {
    const e = errorOf(() => parseLabel('=x'));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.field).toBe('labels');
    expect(e.message).toBe('Label "=x" has no name before "="');
    expect(errorOf(() => parseLabel('  =x')).message).toBe('Label "  =x" has no name before "="');
    expect(errorOf(() => formatLabel('a=b', 'c')).message).toBe('Label name "a=b" contains "="');
  });
  it('later -l values override earlier ones; formatting sorts', () => {
    expect(parseLabels(['b=1', 'a=2', 'b=3'])).toStrictEqual({ b: '3', a: '2' });
    expect(formatLabels({ b: '3', a: '' })).toStrictEqual(['a=', 'b=3']);
    expect(Object.keys(parseLabels(['__proto__=x']))).toStrictEqual(['__proto__']);
  });
  it('reads label files like docker (bare keys ignored)', () => {
    expect(parseLabelFile('# labels\ncom.example.a=1\n  b="q"\nbare\n\n')).toStrictEqual({ 'com.example.a': '1', b: '"q"' });
    expect(errorOf(() => parseLabelFile('a b=1')).message).toBe('Variable name "a b" on line 1 of the label file contains whitespace');
    expect(formatLabelFile({ z: '1', a: '2' })).toBe('a=2\nz=1\n');
  });
});

describe('labels properties', () => {
  const key = fc.string({ minLength: 1, maxLength: 10 }).filter((k) => !k.includes('=') && k.trim() !== '');
  it('-l values round-trip', () => {
    fc.assert(
      fc.property(fc.dictionary(key, fc.string()), (dict) => {
        const labels = { ...dict };
        expect(parseLabels(formatLabels(labels))).toStrictEqual(labels);
      }),
      { numRuns },
    );
  });
  it('label files round-trip', () => {
    const fileKey = key.filter((k) => !/\s/.test(k) && !k.startsWith('#'));
    const value = fc.string().filter((v) => !v.includes('\n') && !v.endsWith('\r'));
    fc.assert(
      fc.property(fc.dictionary(fileKey, value), (dict) => {
        const labels = { ...dict };
        expect(parseLabelFile(formatLabelFile(labels))).toStrictEqual(labels);
      }),
      { numRuns },
    );
  });
  it('garbage either parses or throws INVALID_INPUT', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        for (const fn of [() => parseLabel(s), () => parseLabelFile(s)]) {
          try {
            fn();
          } catch (e) {
            expect(e).toBeInstanceOf(BerthError);
            expect((e as BerthError).code).toBe('INVALID_INPUT');
          }
        }
      }),
      { numRuns },
    );
  });
});
