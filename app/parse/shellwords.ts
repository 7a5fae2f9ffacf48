// A POSIX-shell-like word splitter for pasted command lines, and the quoting that reverses it.
import { invalidInput } from '../errors.js';

const FIELD = 'command';
const BLANK = new Set([' ', '\t', '\n', '\r']);
const OPERATORS = new Set(['|', '&', ';', '<', '>', '(', ')']);

/**
 * Splits a command line into words the way `sh` would, without running anything:
 * - blanks separate words; `'…'` keeps everything literally; `"…"` keeps everything but lets `\`
 *   escape `"`, `\`, `$`, `` ` `` and a newline; outside quotes `\` makes the next character literal;
 * - `\` before a line break joins the lines (CRLF too), so multi-line pastes work;
 * - an unquoted `#` at the start of a word comments out the rest of the line;
 * - `$VAR` is kept literally (nothing is expanded), while command substitution (`$(…)`, `` `…` ``)
 *   and unquoted pipes, redirects, `;`, `&&` and parentheses are refused: they are not one command.
 */
export function splitShellWords(line: string, field: string = FIELD): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const fail = (msg: string): never => {
    throw invalidInput(field, msg);
  };
  const noSubstitution = (at: number): void => {
    if (line[at] === '`' || (line[at] === '$' && line[at + 1] === '(')) {
      fail(`Command substitution ("${line[at] === '`' ? '`' : '$('}") at character ${at + 1} cannot be run here; replace it with its value`);
    }
  };
  while (i < line.length) {
    const c = line[i] ?? '';
    if (c === '\\') {
      const next = line[i + 1];
      if (next === undefined) fail('The command ends with "\\"; the next line seems to be missing');
      if (next === '\n') i += 2;
      else if (next === '\r' && line[i + 2] === '\n') i += 3;
      else {
        word += next;
        inWord = true;
        i += 2;
      }
    } else if (BLANK.has(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === '#' && !inWord) {
      while (i < line.length && line[i] !== '\n') i++;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) fail(`The single quote at character ${i + 1} is never closed`);
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      const start = i;
      inWord = true;
      i++;
      for (;;) {
        if (i >= line.length) fail(`The double quote at character ${start + 1} is never closed`);
        const d = line[i] ?? '';
        if (d === '"') break;
        noSubstitution(i);
        if (d === '\\' && line[i + 1] === '\n') i += 2;
        else if (d === '\\' && line[i + 1] !== undefined && '"\\$`'.includes(line[i + 1] ?? '')) {
          word += line[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      i++;
    } else if (OPERATORS.has(c)) {
      fail(`Unquoted "${c}" at character ${i + 1}: Berth reads a single command without pipes, redirects or ";" / "&&"; quote it if it belongs to a value`);
    } else {
      noSubstitution(i);
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** Quotes a word so splitShellWords (and sh) reads it back unchanged; plain words stay bare. */
export function quoteShellWord(word: string): string {
  if (/^[A-Za-z0-9_\-+=.,/:@%]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Joins words into one command line with quoting where needed. */
export function joinShellWords(words: readonly string[]): string {
  return words.map(quoteShellWord).join(' ');
}
