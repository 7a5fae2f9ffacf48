// Finds the external programs that the project's shell scripts and TypeScript tests run, for the fresh-machine check.

/** Words that are the shell's own (builtins and reserved words), never a program to install. */
const SHELL_OWN = new Set(
  ('! [ [[ ]] { } : . alias bg break builtin case cd command continue declare disown do done echo elif else esac eval exec exit ' +
    'export false fg fi for function getopts hash if in jobs kill let local mapfile popd printf pushd pwd read readarray ' +
    'readonly return select set shift shopt source test then time trap true type typeset ulimit umask unalias unset until wait while')
    .split(' '),
);
/** Words that run the next word as the command (their own options skipped). */
const PREFIXES = new Set(['sudo', 'nohup', 'exec', 'env', 'time', 'timeout', 'xargs', 'nice', 'setsid', 'stdbuf']);
/** After these reserved words the next word is a command. */
const OPENERS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'time']);

type Token = { op: string } | { word: string };
const wordAt = (tokens: Token[], i: number): string | undefined => {
  const t = tokens[i];
  return t && 'word' in t ? t.word : undefined;
};
const opAt = (tokens: Token[], i: number): string | undefined => {
  const t = tokens[i];
  return t && 'op' in t ? t.op : undefined;
};

/** Drops here-document bodies (their text is data or another program's input, not this script's commands). */
function dropHeredocs(text: string): string {
  const out: string[] = [];
  let until: { tag: string; strip: boolean } | undefined;
  for (const line of text.split('\n')) {
    if (until) {
      if ((until.strip ? line.replace(/^\t+/, '') : line) === until.tag) until = undefined;
      continue;
    }
    out.push(line);
    const m = /<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(line);
    if (m?.[3]) until = { tag: m[3], strip: m[1] === '-' };
  }
  return out.join('\n');
}

/** Reads the text of a `$( … )` or `` ` … ` `` starting at `i` (just after the opener); returns it and the index after the closer. */
function substitution(text: string, i: number, closer: ')' | '`'): [string, number] {
  let depth = 1;
  let j = i;
  for (; j < text.length; j++) {
    const c = text.charAt(j);
    if (c === '\\') j++;
    else if (c === "'" && closer === ')') j = text.indexOf("'", j + 1) < 0 ? text.length : text.indexOf("'", j + 1);
    else if (closer === '`' && c === '`') return [text.slice(i, j), j + 1];
    else if (closer === ')' && c === '(') depth++;
    else if (closer === ')' && c === ')' && --depth === 0) return [text.slice(i, j), j + 1];
  }
  return [text.slice(i), text.length];
}

/** Splits shell text into words and control operators; command substitutions are lexed on their own into `subs`. */
function lex(text: string, subs: string[]): Token[] {
  const tokens: Token[] = [];
  let word = '';
  let inWord = false;
  const flush = () => {
    if (inWord) tokens.push({ word });
    word = '';
    inWord = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    const next = text[i + 1];
    if (c === '\\') {
      if (next !== '\n') word += next ?? '';
      inWord = next !== '\n' || inWord;
      i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word += text.slice(i + 1, end < 0 ? text.length : end);
      inWord = true;
      i = end < 0 ? text.length : end;
    } else if (c === '"') {
      inWord = true;
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\') word += text[++i] ?? '';
        else if (text[i] === '$' && text[i + 1] === '(') {
          const [sub, after] = substitution(text, i + 2, ')');
          if (!sub.startsWith('(')) subs.push(sub); // $(( arithmetic )) runs nothing
          word += '$SUB';
          i = after - 1;
        } else if (text[i] === '`') {
          const [sub, after] = substitution(text, i + 1, '`');
          subs.push(sub);
          word += '$SUB';
          i = after - 1;
        } else word += text[i];
      }
    } else if (c === '$' && next === '(') {
      const [sub, after] = substitution(text, i + 2, ')');
      if (!sub.startsWith('(')) subs.push(sub); // $(( arithmetic )) runs nothing
      word += '$SUB';
      inWord = true;
      i = after - 1;
    } else if (c === '`') {
      const [sub, after] = substitution(text, i + 1, '`');
      subs.push(sub);
      word += '$SUB';
      inWord = true;
      i = after - 1;
    } else if (c === '#' && !inWord) {
      while (i < text.length && text[i] !== '\n') i++;
      i--;
    } else if (c === ' ' || c === '\t') flush();
    else if (c === '<' || c === '>') {
      // A redirection: drop an fd number glued to it, and the target word after it.
      if (/^\d+$/.test(word)) {
        word = '';
        inWord = false;
      }
      flush();
      while (text[i + 1] === '>' || text[i + 1] === '&' || text[i + 1] === '<' || text[i + 1] === '(') i++;
      tokens.push({ op: 'redirect' });
    } else if ('\n;&|()'.includes(c)) {
      flush();
      const two = c + (next ?? '');
      if (['&&', '||', ';;', ';&', '|&'].includes(two)) {
        tokens.push({ op: two });
        i++;
      } else tokens.push({ op: c });
    } else {
      word += c;
      inWord = true;
    }
  }
  flush();
  return tokens;
}

/** The programs a shell script runs, by name (absolute paths become their last part). */
export function shellPrograms(text: string): Set<string> {
  const found = new Set<string>();
  const functions = new Set<string>();
  const queue = [dropHeredocs(text)];
  const commandWords: string[] = [];
  while (queue.length > 0) {
    const tokens = lex(queue.shift() ?? '', queue);
    let atCommand = true;
    let casePattern = false;
    let caseDepth = 0;
    let skipNext = false;
    for (let t = 0; t < tokens.length; t++) {
      const op = opAt(tokens, t);
      if (op !== undefined) {
        if (op === 'redirect') {
          skipNext = true;
          continue;
        }
        if (casePattern) {
          if (op === ')') {
            casePattern = false;
            atCommand = true;
          }
          continue;
        }
        if ((op === ';;' || op === ';&') && caseDepth > 0) casePattern = true;
        atCommand = op !== ')';
        continue;
      }
      const w = wordAt(tokens, t) ?? '';
      if (skipNext) {
        skipNext = false;
        continue;
      }
      if (casePattern) {
        if (w === 'esac') {
          casePattern = false;
          caseDepth--;
        }
        continue;
      }
      if (w === 'esac' && caseDepth > 0) {
        caseDepth--;
        atCommand = false;
        continue;
      }
      if (!atCommand) continue;
      if (w === 'case') {
        caseDepth++;
        // `case WORD in` then patterns.
        while (t + 1 < tokens.length && wordAt(tokens, t + 1) !== 'in') t++;
        t++;
        casePattern = true;
        atCommand = false;
        continue;
      }
      if (w === 'for' || w === 'select') {
        atCommand = false;
        continue;
      }
      if (w === 'function') {
        const name = wordAt(tokens, t + 1);
        if (name) functions.add(name);
        t++;
        atCommand = false;
        continue;
      }
      if (opAt(tokens, t + 1) === '(' && opAt(tokens, t + 2) === ')') {
        functions.add(w); // name() { … }
        t += 2;
        atCommand = true;
        continue;
      }
      if (OPENERS.has(w)) continue;
      if (/^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(w)) continue; // VAR=value before a command
      atCommand = false;
      if (w === 'command' && /^-[vV]$/.test(wordAt(tokens, t + 1) ?? '')) continue;
      if (PREFIXES.has(w) || w === 'command' || /^\$\{?SUDO\}?$/.test(w)) {
        atCommand = true;
        // Skip the prefix's own options and, for timeout/nice, its number.
        while (/^(-|\d)/.test(wordAt(tokens, t + 1) ?? '')) t++;
        continue;
      }
      commandWords.push(w);
    }
  }
  for (const w of commandWords) {
    if (SHELL_OWN.has(w) || functions.has(w) || w.includes('$')) continue;
    if (w.startsWith('/')) found.add(w.slice(w.lastIndexOf('/') + 1));
    else if (!w.includes('/') && /^[A-Za-z][\w.+-]*$/.test(w)) found.add(w);
  }
  return found;
}

/** The programs a TypeScript or JavaScript file runs through child_process with a literal name. */
export function scriptPrograms(text: string): Set<string> {
  const found = new Set<string>();
  // `const run = promisify(execFile)` makes `run('cc', …)` a child_process call too.
  const aliases = [...text.matchAll(/\b(?:const|let)\s+(\w+)\s*=\s*promisify\(\s*(?:execFile|spawn)\s*\)/g)].map((m) => m[1]).join('|');
  const call = new RegExp(`(?<![.\\w])(?:execFileSync|execFile|spawnSync|spawn|execa${aliases ? `|${aliases}` : ''})\\(\\s*(['"\`])([^'"\`$\\s]+)\\1`, 'g');
  for (const [, , name = ''] of text.matchAll(call)) found.add(name.slice(name.lastIndexOf('/') + 1));
  // execSync('prog args') and exec('prog args') run a shell line: its first word.
  const line = /(?<![.\w])(?:execSync|exec)\(\s*(['"`])([^'"`]+)\1/g;
  for (const [, , cmd = ''] of text.matchAll(line)) for (const p of shellPrograms(cmd)) found.add(p);
  return found;
}
