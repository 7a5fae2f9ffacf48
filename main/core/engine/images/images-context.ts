// A build context as a tar stream: walks the folder, honours .dockerignore (moby's patternmatcher grammar).
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile, readlink, stat } from 'node:fs/promises';
import { posix, relative, resolve, sep } from 'node:path';
import { pack as tarPack, type Pack } from 'tar-stream';
import { BerthError } from '../../../../app/errors.js';

interface Pattern {
  re: RegExp;
  exclusion: boolean;
}

/** Cleans a path like Go's filepath.Clean, without a leading "/" (as the docker CLI reads .dockerignore). */
function clean(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/') || '.';
}

function toRegExp(pattern: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          re += '(.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else if (ch === '\\' && i + 1 < pattern.length) re += `\\${pattern.charAt(++i)}`;
    else if (ch === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        let cls = pattern.slice(i + 1, close);
        if (cls.startsWith('!')) cls = `^${cls.slice(1)}`;
        re += `[${cls.replace(/\\(?!.)/g, '\\\\')}]`;
        i = close;
      }
    } else if (/[.+^${}()|\]]/.test(ch)) re += `\\${ch}`;
    else re += ch;
  }
  return new RegExp(`${re}$`);
}

/** Parses the lines of a .dockerignore file. */
export function parseDockerignore(text: string): Pattern[] {
  const out: Pattern[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    let exclusion = false;
    if (line.startsWith('!')) {
      exclusion = true;
      line = line.slice(1).trim();
    }
    const c = clean(line);
    if (c === '.' && !exclusion) continue;
    out.push({ re: toRegExp(c), exclusion });
  }
  return out;
}

/** Whether a context-relative path (forward slashes) is left out, by the last pattern that matches it or a parent. */
export function isIgnored(path: string, patterns: Pattern[]): boolean {
  const parts = path.split('/');
  let ignored = false;
  for (const p of patterns) {
    let match = p.re.test(path);
    // "foo" also leaves out "foo/bar": a pattern that matches a parent folder matches what it holds.
    for (let n = 1; !match && n < parts.length; n++) match = p.re.test(parts.slice(0, n).join('/'));
    if (match) ignored = !p.exclusion;
  }
  return ignored;
}

interface Entry {
  rel: string;
  abs: string;
}

async function walk(root: string, patterns: Pattern[], keep: Set<string>): Promise<Entry[]> {
  const hasExclusions = patterns.some((p) => p.exclusion);
  const out: Entry[] = [];
  const visit = async (dirAbs: string, dirRel: string) => {
    const names = (await readdir(dirAbs)).sort();
    for (const n of names) {
      const rel = dirRel ? `${dirRel}/${n}` : n;
      const abs = `${dirAbs}${sep}${n}`;
      const st = await lstat(abs);
      const ignored = !keep.has(rel) && isIgnored(rel, patterns);
      if (st.isDirectory()) {
        // An ignored folder is skipped whole unless a "!pattern" could bring something inside it back.
        if (ignored && !hasExclusions) continue;
        if (!ignored) out.push({ rel, abs });
        await visit(abs, rel);
      } else if (!ignored) out.push({ rel, abs });
    }
  };
  await visit(root, '');
  return out;
}

function addEntry(p: Pack, e: Entry): Promise<void> {
  return new Promise((resolveEntry, reject) => {
    lstat(e.abs)
      .then(async (st) => {
        const common = { name: e.rel, mode: st.mode & 0o7777, mtime: st.mtime, uid: 0, gid: 0 };
        if (st.isDirectory()) p.entry({ ...common, type: 'directory' }, (err) => (err ? reject(err) : resolveEntry()));
        else if (st.isSymbolicLink()) p.entry({ ...common, type: 'symlink', linkname: await readlink(e.abs) }, (err) => (err ? reject(err) : resolveEntry()));
        else if (st.isFile()) {
          const w = p.entry({ ...common, type: 'file', size: st.size }, (err) => (err ? reject(err) : resolveEntry()));
          const r = createReadStream(e.abs);
          r.on('error', (err) => {
            w.destroy(err);
            reject(err);
          });
          r.pipe(w);
        } else resolveEntry(); // sockets, fifos, devices: not part of a build context
      })
      .catch(reject);
  });
}

export interface BuildContext {
  tar: Pack;
  /** The Dockerfile's path inside the context (forward slashes). */
  dockerfile: string;
  /** How many entries the context holds. */
  entries: number;
}

/** Checks the context folder and Dockerfile, then streams the context as a tar (the Dockerfile and .dockerignore always go). */
export async function buildContext(contextDir: string, dockerfile: string): Promise<BuildContext> {
  const root = resolve(contextDir);
  const st = await stat(root).catch(() => undefined);
  if (!st?.isDirectory()) throw new BerthError('INVALID_INPUT', `The build context ${contextDir} is not a folder.`, { field: 'context' });
  const dfAbs = resolve(root, dockerfile);
  const dfRel = relative(root, dfAbs).split(sep).join('/');
  if (dfRel.startsWith('..') || posix.isAbsolute(dfRel)) throw new BerthError('INVALID_INPUT', `The Dockerfile ${dockerfile} must be inside the build context.`, { field: 'dockerfile' });
  if (!(await stat(dfAbs).catch(() => undefined))?.isFile()) throw new BerthError('INVALID_INPUT', `There is no Dockerfile at ${dfAbs}.`, { field: 'dockerfile' });
  const ignoreText = await readFile(`${root}${sep}.dockerignore`, 'utf8').catch(() => '');
  const entries = await walk(root, parseDockerignore(ignoreText), new Set([dfRel, '.dockerignore']));
  const tar = tarPack();
  void (async () => {
    try {
      for (const e of entries) await addEntry(tar, e);
      tar.finalize();
    } catch (err) {
      tar.destroy(err instanceof Error ? err : new Error(String(err)));
    }
  })();
  return { tar, dockerfile: dfRel, entries: entries.length };
}
