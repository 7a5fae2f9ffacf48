// Unit tests: .dockerignore grammar and the build context tar (what goes in, what stays out).
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract, type Pack } from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { BerthError } from '../../../../app/errors.js';
import { buildContext, isIgnored, parseDockerignore } from './images-context.js';

const ignored = (patterns: string, path: string) => isIgnored(path, parseDockerignore(patterns));

describe('.dockerignore', () => {
  it('matches like moby/patternmatcher', () => {
    expect(ignored('*.log', 'a.log')).toBe(true);
    expect(ignored('*.log', 'dir/a.log')).toBe(false);
    expect(ignored('**/*.log', 'dir/sub/a.log')).toBe(true);
    expect(ignored('**/*.log', 'a.log')).toBe(true);
    expect(ignored('node_modules', 'node_modules/x/y.js')).toBe(true);
    expect(ignored('/secret', 'secret')).toBe(true);
    expect(ignored('./build/', 'build/out.o')).toBe(true);
    expect(ignored('a?c', 'abc')).toBe(true);
    expect(ignored('a?c', 'a/c')).toBe(false);
    expect(ignored('[a-c].txt', 'b.txt')).toBe(true);
    expect(ignored('[!a-c].txt', 'b.txt')).toBe(false);
    expect(ignored('file.txt', 'fileXtxt')).toBe(false);
    expect(ignored('# comment\n\n', 'x')).toBe(false);
  });

  it('lets the last matching pattern win, so "!" brings files back', () => {
    const p = '*.md\n!README.md';
    expect(ignored(p, 'CHANGES.md')).toBe(true);
    expect(ignored(p, 'README.md')).toBe(false);
    expect(ignored('docs\n!docs/keep.txt', 'docs/keep.txt')).toBe(false);
    expect(ignored('docs\n!docs/keep.txt', 'docs/other.txt')).toBe(true);
  });
});

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function names(tar: Pack): Promise<Map<string, string>> {
  const ex = extract();
  const out = new Map<string, string>();
  ex.on('entry', (h, stream, next) => {
    const parts: Buffer[] = [];
    stream.on('data', (b: unknown) => void parts.push(b as Buffer));
    stream.on('end', () => {
      out.set(h.name, h.type === 'symlink' ? `-> ${h.linkname}` : Buffer.concat(parts).toString());
      next();
    });
  });
  const finished = new Promise<void>((resolve, reject) => {
    ex.on('finish', () => resolve());
    ex.on('error', (e: unknown) => reject(e));
  });
  tar.pipe(ex);
  await finished;
  return out;
}

describe('buildContext', () => {
  it('tars the folder minus ignored paths, always keeping the Dockerfile and .dockerignore', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-ctx-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
    writeFileSync(join(dir, '.dockerignore'), 'Dockerfile\n.dockerignore\nlogs\n*.tmp\n');
    writeFileSync(join(dir, 'app.txt'), 'hello');
    writeFileSync(join(dir, 'x.tmp'), 'no');
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'logs', 'a.log'), 'no');
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'main.c'), 'int main;');
    symlinkSync('app.txt', join(dir, 'link'));
    const ctx = await buildContext(dir, 'Dockerfile');
    const got = await names(ctx.tar);
    expect([...got.keys()].sort()).toEqual(['.dockerignore', 'Dockerfile', 'app.txt', 'link', 'src', 'src/main.c']);
    expect(got.get('app.txt')).toBe('hello');
    expect(got.get('link')).toBe('-> app.txt');
    expect(ctx.dockerfile).toBe('Dockerfile');
  });

  it('refuses a missing folder, a Dockerfile outside the context, and a missing Dockerfile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-ctx-'));
    dirs.push(dir);
    const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: BerthError) => `${e.code}:${e.field ?? ''}`);
    expect(await code(buildContext(join(dir, 'nope'), 'Dockerfile'))).toBe('INVALID_INPUT:context');
    expect(await code(buildContext(dir, '../Dockerfile'))).toBe('INVALID_INPUT:dockerfile');
    expect(await code(buildContext(dir, 'Dockerfile'))).toBe('INVALID_INPUT:dockerfile');
  });
});
