import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BerthError } from '../errors.js';
import type { EnvEntry } from './env.js';
import { formatEnvFile, formatEnvLine, parseEnvFile, parseEnvLine } from './env.js';
import { errorOf } from './testkit.js';

const numRuns = Number(process.env.FUZZ_RUNS ?? 200);

describe('parseEnvLine', () => {
  it.each<[string, EnvEntry]>([
    ['KEY=value', { name: 'KEY', value: 'value' }],
    ['KEY=', { name: 'KEY', value: '' }],
    ['KEY', { name: 'KEY' }],
    ['URL=postgres://u:p@h/db?sslmode=disable', { name: 'URL', value: 'postgres://u:p@h/db?sslmode=disable' }],
    ['A==b', { name: 'A', value: '=b' }],
    ['QUOTED="x y"', { name: 'QUOTED', value: '"x y"' }],
    ['MULTI=a\nb', { name: 'MULTI', value: 'a\nb' }],
    ['lower_case.dot-dash', { name: 'lower_case.dot-dash' }],
    ['SPACE= padded ', { name: 'SPACE', value: ' padded ' }],
  ])('%j', (s, e) => {
    expect(parseEnvLine(s)).toStrictEqual(e);
    expect(formatEnvLine(parseEnvLine(s))).toBe(s);
  });

  it.each([
    ['=value', 'No variable name before "=" in "=value"'],
    ['', 'No variable name before "=" in ""'],
    ['MY VAR=1', 'Variable name "MY VAR" in "MY VAR=1" contains whitespace'],
    [' KEY=1', 'Variable name " KEY" in " KEY=1" contains whitespace'],
  ])('rejects %j', (s, message) => {
    const e = errorOf(() => parseEnvLine(s));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.field).toBe('env');
    expect(e.message).toBe(message);
  });
});

describe('parseEnvFile', () => {
  it('follows docker env-file rules', () => {
    const text = [
      '\uFEFF# a comment',
      '',
      'FOO=bar',
      '   INDENTED=yes',
      '\tTABBED=  keeps spaces  ',
      'QUOTED="not unquoted"',
      "SINGLE='also literal'",
      'EMPTY=',
      'INHERIT',
      '  # indented comment',
      'WINDOWS=crlf\r',
      'HASH=a#b',
      'EQ=a=b',
    ].join('\n');
    expect(parseEnvFile(text)).toStrictEqual([
      { name: 'FOO', value: 'bar' },
      { name: 'INDENTED', value: 'yes' },
      { name: 'TABBED', value: '  keeps spaces  ' },
      { name: 'QUOTED', value: '"not unquoted"' },
      { name: 'SINGLE', value: "'also literal'" },
      { name: 'EMPTY', value: '' },
      { name: 'INHERIT' },
      { name: 'WINDOWS', value: 'crlf' },
      { name: 'HASH', value: 'a#b' },
      { name: 'EQ', value: 'a=b' },
    ]);
    expect(parseEnvFile('')).toStrictEqual([]);
    expect(parseEnvFile('\n\n')).toStrictEqual([]);
  });

  it.each([
    ['A=1\nMY VAR=2\n', 'Variable name "MY VAR" on line 2 of the env file contains whitespace'],
    ['A=1\n\n=2\n', 'No variable name before "=" on line 3 of the env file'],
    ['INHERIT \n', 'Variable name "INHERIT " on line 1 of the env file contains whitespace'],
  ])('rejects %j', (text, message) => {
    const e = errorOf(() => parseEnvFile(text));
    expect(e.field).toBe('envFile');
    expect(e.message).toBe(message);
  });

  it('refuses to write what an env file cannot hold', () => {
    expect(errorOf(() => formatEnvFile([{ name: 'A', value: 'x\ny' }])).message).toBe(
      'The value of A spans several lines, which the env file cannot hold',
    );
    expect(errorOf(() => formatEnvFile([{ name: '#A', value: 'x' }])).message).toBe(
      'Name "#A" starts with "#", which the env file would read as a comment',
    );
    expect(errorOf(() => formatEnvFile([{ name: 'A', value: 'x\r' }])).code).toBe('INVALID_INPUT');
    expect(formatEnvFile([{ name: 'A', value: '1' }, { name: 'B' }])).toBe('A=1\nB\n');
  });
});

const nameArb = fc.string({ minLength: 1, maxLength: 12 }).filter((n) => !n.includes('=') && !/\s/.test(n));
const entryArb = fc.record({ name: nameArb, value: fc.option(fc.string(), { nil: undefined }) }).map(({ name, value }) =>
  value === undefined ? { name } : { name, value },
);
const fileEntryArb = fc
  .record({ name: nameArb.filter((n) => !n.startsWith('#')), value: fc.option(fc.string(), { nil: undefined }) })
  .filter(({ value }) => value === undefined || (!value.includes('\n') && !value.endsWith('\r')))
  .map(({ name, value }) => (value === undefined ? { name } : { name, value }));

describe('env properties', () => {
  it('lines round-trip', () => {
    fc.assert(
      fc.property(entryArb, (e) => {
        expect(parseEnvLine(formatEnvLine(e))).toStrictEqual(e);
      }),
      { numRuns },
    );
  });
  it('files round-trip', () => {
    fc.assert(
      fc.property(fc.array(fileEntryArb, { maxLength: 8 }), (entries) => {
        const text = formatEnvFile(entries);
        expect(parseEnvFile(text)).toStrictEqual(entries);
        expect(formatEnvFile(parseEnvFile(text))).toBe(text);
      }),
      { numRuns },
    );
  });
  it('garbage either parses or throws INVALID_INPUT', () => {
    const unit = fc.constantFrom(...'AB=# \t\r\n\uFEFF"\'x'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit, maxLength: 30 })), (s) => {
        for (const fn of [() => parseEnvLine(s), () => parseEnvFile(s), () => formatEnvFile(parseEnvFile(s))]) {
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
