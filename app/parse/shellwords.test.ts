import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BerthError } from '../errors.js';
import { joinShellWords, quoteShellWord, splitShellWords } from './shellwords.js';
import { errorOf } from './testkit.js';

const numRuns = Number(process.env.FUZZ_RUNS ?? 200);

describe('splitShellWords', () => {
  it.each<[string, string[]]>([
    ['docker run nginx', ['docker', 'run', 'nginx']],
    ['  a   b\tc\n', ['a', 'b', 'c']],
    ['', []],
    ["echo 'a b' \"c d\"", ['echo', 'a b', 'c d']],
    ["echo ''", ['echo', '']],
    ['echo ""x', ['echo', 'x']],
    ["a'b'\"c\"d", ['abcd']],
    ['a\\ b', ['a b']],
    ['a\\\\b', ['a\\b']],
    ['"a\\"b"', ['a"b']],
    ['"a\\nb"', ['a\\nb']],
    ['"$HOME"', ['$HOME']],
    ['$HOME/x', ['$HOME/x']],
    ["'it'\\''s'", ["it's"]],
    ["'$(not run)'", ['$(not run)']],
    ['docker run \\\n  -p 80:80 \\\n  nginx', ['docker', 'run', '-p', '80:80', 'nginx']],
    ['docker run \\\r\n  nginx', ['docker', 'run', 'nginx']],
    ['"multi\\\nline"', ['multiline']],
    ["'keeps\nnewline'", ['keeps\nnewline']],
    ['a # comment here\nb', ['a', 'b']],
    ['a#b', ['a#b']],
    ['sh -c "echo a && echo b | wc"', ['sh', '-c', 'echo a && echo b | wc']],
    ['--label "a=b c"', ['--label', 'a=b c']],
  ])('%j', (line, words) => {
    expect(splitShellWords(line)).toStrictEqual(words);
  });

  it.each([
    ["echo 'a", 'The single quote at character 6 is never closed'],
    ['echo "a', 'The double quote at character 6 is never closed'],
    ['docker run \\', 'The command ends with "\\"; the next line seems to be missing'],
    ['docker run nginx | grep x', 'Unquoted "|" at character 18: Berth reads a single command without pipes, redirects or ";" / "&&"; quote it if it belongs to a value'],
    ['a && b', 'Unquoted "&" at character 3: Berth reads a single command without pipes, redirects or ";" / "&&"; quote it if it belongs to a value'],
    ['-v $(pwd):/app', 'Command substitution ("$(") at character 4 cannot be run here; replace it with its value'],
    ['-v "$(pwd)":/app', 'Command substitution ("$(") at character 5 cannot be run here; replace it with its value'],
    ['-v `pwd`:/app', 'Command substitution ("`") at character 4 cannot be run here; replace it with its value'],
  ])('rejects %j', (line, message) => {
    const e = errorOf(() => splitShellWords(line));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.field).toBe('command');
    expect(e.message).toBe(message);
  });
});

describe('quoting', () => {
  it.each([
    ['nginx', 'nginx'],
    ['8080:80', '8080:80'],
    ['A=b', 'A=b'],
    ['', "''"],
    ['a b', "'a b'"],
    ["it's", "'it'\\''s'"],
    ['$HOME', "'$HOME'"],
    ['~/x', "'~/x'"],
    ['#x', "'#x'"],
    ['*', "'*'"],
  ])('%j -> %s', (word, quoted) => {
    expect(quoteShellWord(word)).toBe(quoted);
  });

  it('split(join(words)) equals words for any words', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' })), (words) => {
        expect(splitShellWords(joinShellWords(words))).toStrictEqual(words);
      }),
      { numRuns },
    );
  });

  it('garbage either splits or throws INVALID_INPUT', () => {
    const unit = fc.constantFrom(...'ab \t\n\'"\\$(`#|&;<>)'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit, maxLength: 30 })), (s) => {
        try {
          const words = splitShellWords(s);
          expect(splitShellWords(joinShellWords(words))).toStrictEqual(words);
        } catch (e) {
          expect(e).toBeInstanceOf(BerthError);
          expect((e as BerthError).code).toBe('INVALID_INPUT');
        }
      }),
      { numRuns },
    );
  });
});
