// The fresh-machine check: every program a script or test runs is in Debian's base system or installed from scripts/programs.txt.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scriptPrograms, shellPrograms } from './programs.js';

const root = join(import.meta.dirname, '..');

/** scripts/programs.txt as program -> { package, group }. */
export function requiredPrograms(): Map<string, { pkg: string; group: string }> {
  const out = new Map<string, { pkg: string; group: string }>();
  for (const line of readFileSync(join(root, 'scripts/programs.txt'), 'utf8').split('\n')) {
    const [program, pkg, group] = line.trim().split(/\s+/);
    if (!program || program.startsWith('#')) continue;
    out.set(program, { pkg: pkg!, group: group! });
  }
  return out;
}

function files(dir: string, pick: (f: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.scratch')) continue;
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) out.push(...files(rel, pick));
    else if (pick(rel)) out.push(rel);
  }
  return out;
}

/** Scripts that run on the host (the guest's own scripts under vm-helper/guest run inside the image the recipe builds). */
const SHELL_FILES = () => [...files('scripts', (f) => f.endsWith('.sh')), 'vm-helper/build-image.sh', '.ci/run'];
const SELF = ['scripts/programs.ts', 'scripts/programs.test.ts'];
const CODE_FILES = () => ['main', 'e2e', 'bench', 'scripts', 'build', 'bin'].flatMap((d) => files(d, (f) => /\.(ts|js|mjs)$/.test(f) && !SELF.includes(f)));

/** The machine's own toolchain (Node with npm is on every machine of this project's kind) and the project's npm binaries. */
function fromToolchain(program: string): boolean {
  return ['node', 'npm', 'npx'].includes(program) || existsSync(join(root, 'node_modules/.bin', program));
}

/** The Debian package that owns a program on this machine, and that package's priority; undefined when not installed. */
function debianOwner(program: string): { pkg: string; priority: string } | undefined {
  // `type -P`: the file a program name runs (not a shell builtin of the same name, such as kill).
  const where = spawnSync('bash', ['-c', `PATH="$PATH:/usr/sbin:/sbin" type -P "$1"`, '_', program], { encoding: 'utf8' });
  const path = where.stdout.trim().split('\n')[0];
  if (!path) return undefined;
  for (const candidate of [path, path.replace(/^\/usr\//, '/'), path.replace(/^\/(s?bin)\//, '/usr/$1/')]) {
    const owner = spawnSync('dpkg-query', ['-S', candidate], { encoding: 'utf8' });
    if (owner.status !== 0) continue;
    // "diversion by dash from: /bin/sh" lines come before the owner's "dash: /bin/sh".
    const line = owner.stdout.split('\n').find((l) => l.includes(': ') && !l.startsWith('diversion'));
    const pkg = line?.split(':')[0]?.split(',')[0]?.trim();
    if (!pkg) continue;
    const priority = execFileSync('dpkg-query', ['-W', '-f=${Priority}', pkg], { encoding: 'utf8' }).trim();
    return { pkg, priority };
  }
  return undefined;
}

describe('shellPrograms', () => {
  it('finds commands at every command position and nothing else', () => {
    const script = [
      'set -euo pipefail',
      'x=$(curl -s "http://a" | jq .x)  # a comment naming wget',
      'if grep -q y file && ! pidof dockerd; then sudo -E mkfs.ext4 -d dir img; fi',
      'for a in one two; do echo "$a" >/dev/null 2>&1; done',
      'FOO=1 BAR=2 docker-registry serve cfg.yml',
      'command -v htpasswd >/dev/null || timeout 5 qemu-img info x',
      'nohup dockerd --storage-driver=vfs >log 2>&1 </dev/null &',
      '"$SUDO" apt-get install -y thing',
    ].join('\n');
    expect([...shellPrograms(script)].sort()).toEqual(['apt-get', 'curl', 'docker-registry', 'dockerd', 'grep', 'jq', 'mkfs.ext4', 'pidof', 'qemu-img'].sort());
  });
  it('skips case patterns, functions, here-documents and arithmetic', () => {
    const script = [
      'log() { printf "%s\\n" "$*" >&2; }',
      'function helper { log hi; }',
      'case "$1" in',
      '  --name) name="$2"; shift 2 ;;',
      '  *[!a-z]* | "") echo bad; exit 2 ;;',
      '  start) sha256sum file ;;',
      'esac',
      'n=$((3 + 4))',
      'node - <<\'NODE\'',
      'perl -e 1',
      'NODE',
      'cat >out <<-EOF',
      '\tmake all',
      '\tEOF',
      'helper; /usr/sbin/sshd -D',
    ].join('\n');
    expect([...shellPrograms(script)].sort()).toEqual(['cat', 'node', 'sha256sum', 'sshd']);
  });
  it('reads command substitutions inside double quotes and backticks', () => {
    expect([...shellPrograms('echo "v=$(uname -m) `hostname`"\nname="$(basename "$(dirname "$0")")"')].sort()).toEqual(['basename', 'dirname', 'hostname', 'uname']);
  });
});

describe('scriptPrograms', () => {
  it('finds literal programs given to child_process, not ssh exec in a guest or RegExp.exec', () => {
    const code = [
      "execFileSync('docker', ['ps']);",
      "spawn('/usr/sbin/sshd', ['-D']);",
      'spawnSync(`pidof`, ["dockerd"]);',
      "execSync('htpasswd -Bbn a b');",
      "conn.exec('cat /etc/os-release');",
      "/x/.exec('curl');",
      'spawn(binary, args);',
      'const run = promisify(execFile);',
      "await run('cc', ['-static']);",
    ].join('\n');
    expect([...scriptPrograms(code)].sort()).toEqual(['cc', 'docker', 'htpasswd', 'pidof', 'sshd']);
  });
});

describe('the programs scripts and tests run', () => {
  const required = requiredPrograms();

  it('are installed by setup-env.sh and test-vm.sh through the one list', () => {
    expect(readFileSync(join(root, 'scripts/setup-env.sh'), 'utf8')).toMatch(/need\.sh" test/);
    expect(readFileSync(join(root, 'scripts/test-vm.sh'), 'utf8')).toMatch(/need\.sh --no-recommends vm/);
    expect(new Set([...required.values()].map((r) => r.group))).toEqual(new Set(['test', 'vm']));
  });

  it.skipIf(spawnSync('dpkg-query', ['--version']).status !== 0)('are each in Debian base or in scripts/programs.txt', () => {
    const runBy = new Map<string, string[]>();
    const note = (program: string, file: string) => runBy.set(program, [...(runBy.get(program) ?? []), file]);
    for (const f of SHELL_FILES()) for (const p of shellPrograms(readFileSync(join(root, f), 'utf8'))) note(p, f);
    for (const f of CODE_FILES()) for (const p of scriptPrograms(readFileSync(join(root, f), 'utf8'))) note(p, f);
    // The scan must see the programs we know the tests run, or it is blind.
    for (const known of ['docker', 'docker-registry', 'htpasswd', 'curl', 'debootstrap', 'pidof']) expect(runBy.has(known), known).toBe(true);

    const missing: string[] = [];
    for (const [program, where] of runBy) {
      if (required.has(program) || fromToolchain(program)) continue;
      const owner = debianOwner(program);
      if (owner && (owner.priority === 'required' || owner.priority === 'important')) continue;
      const how = owner ? `its package ${owner.pkg} is "${owner.priority}", not base` : 'it is not installed here';
      missing.push(`${program} (run by ${[...new Set(where)].map((w) => relative(root, join(root, w))).join(', ')}): ${how}; add it to scripts/programs.txt`);
    }
    expect(missing).toEqual([]);
  });
});
