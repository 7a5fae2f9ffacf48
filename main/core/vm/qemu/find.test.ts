// QEMU discovery with an injected file system and --version: the order a Mac app needs, the install step, the version check.
import { describe, expect, it } from 'vitest';
import { findQemu, installCommand, locateQemu, parseQemuVersion, qemuCandidates, QemuMissingError, versionNote, type QemuProbe } from './find.js';

/** A machine where exactly `present` are executables, each QEMU printing `version`. */
function machine(present: string[], version = 'QEMU emulator version 9.2.0\nCopyright (c) 2003-2024 Fabrice Bellard and the QEMU Project developers\n', osRelease?: string): QemuProbe & { ran: string[] } {
  const ran: string[] = [];
  return {
    ran,
    isExecutable: (f) => present.includes(f),
    versionText: async (f) => {
      ran.push(f);
      return version;
    },
    osRelease: () => osRelease,
  };
}

const FINDER_PATH = '/usr/bin:/bin:/usr/sbin:/sbin';

describe('finding QEMU on macOS', () => {
  it('looks at BERTH_QEMU, the bundled one, /opt/homebrew/bin, /usr/local/bin, then PATH', () => {
    const c = qemuCandidates({ arch: 'aarch64', platform: 'darwin', env: { PATH: FINDER_PATH }, bundledDir: '/Applications/Berth.app/Contents/Resources/qemu/bin' });
    expect(c.map((x) => `${x.source} ${x.path}`)).toEqual([
      'bundled /Applications/Berth.app/Contents/Resources/qemu/bin/qemu-system-aarch64',
      'homebrew /opt/homebrew/bin/qemu-system-aarch64',
      'usr-local /usr/local/bin/qemu-system-aarch64',
      'PATH /usr/bin/qemu-system-aarch64',
      'PATH /bin/qemu-system-aarch64',
      'PATH /usr/sbin/qemu-system-aarch64',
      'PATH /sbin/qemu-system-aarch64',
    ]);
  });

  it('finds Homebrew QEMU from Finder, whose PATH does not include /opt/homebrew/bin', async () => {
    const probe = machine(['/opt/homebrew/bin/qemu-system-aarch64', '/usr/local/bin/qemu-system-aarch64']);
    const found = await findQemu({ arch: 'aarch64', platform: 'darwin', env: { PATH: FINDER_PATH }, probe });
    expect(found).toMatchObject({ path: '/opt/homebrew/bin/qemu-system-aarch64', source: 'homebrew', version: '9.2.0' });
    expect(found.note).toBeUndefined();
    expect(probe.ran).toEqual(['/opt/homebrew/bin/qemu-system-aarch64']);
    // An Intel Mac's Homebrew lives in /usr/local.
    expect(locateQemu({ arch: 'x86_64', platform: 'darwin', env: { PATH: FINDER_PATH }, probe: machine(['/usr/local/bin/qemu-system-x86_64']) })).toEqual({ path: '/usr/local/bin/qemu-system-x86_64', source: 'usr-local' });
  });

  it('prefers BERTH_QEMU, then the bundled QEMU, over Homebrew', () => {
    const all = ['/x/qemu', '/res/qemu-system-aarch64', '/opt/homebrew/bin/qemu-system-aarch64'];
    expect(locateQemu({ arch: 'aarch64', platform: 'darwin', env: { PATH: FINDER_PATH, BERTH_QEMU: '/x/qemu' }, bundledDir: '/res', probe: machine(all) }).source).toBe('BERTH_QEMU');
    expect(locateQemu({ arch: 'aarch64', platform: 'darwin', env: { PATH: FINDER_PATH }, bundledDir: '/res', probe: machine(all) }).source).toBe('bundled');
    expect(() => locateQemu({ arch: 'aarch64', platform: 'darwin', env: { BERTH_QEMU: '/gone/qemu' }, probe: machine(all) })).toThrow(/BERTH_QEMU points to \/gone\/qemu/);
  });

  it('falls back to PATH last (a shell-started app, MacPorts)', () => {
    const probe = machine(['/opt/local/bin/qemu-system-aarch64']);
    expect(locateQemu({ arch: 'aarch64', platform: 'darwin', env: { PATH: `/opt/local/bin:${FINDER_PATH}` }, probe })).toEqual({ path: '/opt/local/bin/qemu-system-aarch64', source: 'PATH' });
  });

  it('when absent, says the one command to run and where it looked', () => {
    let err: unknown;
    try {
      locateQemu({ arch: 'aarch64', platform: 'darwin', env: { PATH: FINDER_PATH }, probe: machine([]) });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QemuMissingError);
    const e = err as QemuMissingError;
    expect(e.fix).toBe('brew install qemu');
    expect(e.message).toBe('QEMU (qemu-system-aarch64) is not installed. Install it with: brew install qemu — or set BERTH_QEMU to its path.');
    expect(e.detail).toContain('/opt/homebrew/bin/qemu-system-aarch64, /usr/local/bin/qemu-system-aarch64, /usr/bin/qemu-system-aarch64');
    expect(e.fatal).toBe(true);
    expect(e.code).toBe('VM_ERROR');
  });

  it('warns about a QEMU older than 7.0 on macOS, and about one whose version cannot be read', async () => {
    const old = await findQemu({ arch: 'aarch64', platform: 'darwin', env: {}, bundledDir: '/r', probe: machine(['/r/qemu-system-aarch64'], 'QEMU emulator version 6.2.0\n') });
    expect(old.version).toBe('6.2.0');
    expect(old.note).toMatch(/older than 7\.0.*9p\/virtiofs.*brew upgrade qemu/);
    expect(versionNote('darwin', { major: 7, minor: 0, micro: 0 })).toBeUndefined();
    expect(versionNote('linux', { major: 6, minor: 2, micro: 0 })).toBeUndefined();
    const odd = await findQemu({ arch: 'aarch64', platform: 'darwin', env: {}, bundledDir: '/r', probe: machine(['/r/qemu-system-aarch64'], 'something else') });
    expect(odd.version).toBeUndefined();
    expect(odd.note).toMatch(/could not read QEMU’s version/);
  });
});

describe('finding QEMU elsewhere', () => {
  it('Linux and Windows look on PATH only, as before', () => {
    expect(qemuCandidates({ arch: 'x86_64', platform: 'linux', env: { PATH: '/usr/local/bin:/usr/bin' } }).map((c) => c.path)).toEqual(['/usr/local/bin/qemu-system-x86_64', '/usr/bin/qemu-system-x86_64']);
    expect(qemuCandidates({ arch: 'x86_64', platform: 'win32', env: { Path: 'C:\\Program Files\\qemu;C:\\Windows' } }).map((c) => c.path)).toEqual(['C:\\Program Files\\qemu\\qemu-system-x86_64.exe', 'C:\\Windows\\qemu-system-x86_64.exe']);
  });

  it('gives the install command of the distribution and architecture', () => {
    const debian = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n';
    const ubuntu = 'ID=ubuntu\nID_LIKE=debian\n';
    const fedora = 'ID=fedora\nVERSION_ID=40\n';
    expect(installCommand('linux', 'x86_64', debian)).toBe('sudo apt-get install qemu-system-x86');
    expect(installCommand('linux', 'aarch64', ubuntu)).toBe('sudo apt-get install qemu-system-arm');
    expect(installCommand('linux', 'x86_64', fedora)).toBe('sudo dnf install qemu-system-x86');
    expect(installCommand('linux', 'aarch64', fedora)).toBe('sudo dnf install qemu-system-aarch64');
    expect(installCommand('linux', 'x86_64', 'ID=arch\n')).toBeUndefined();
    expect(installCommand('darwin', 'x86_64')).toBe('brew install qemu');
    expect(installCommand('win32', 'x86_64')).toBeUndefined();
    const e = (() => {
      try {
        return locateQemu({ arch: 'x86_64', platform: 'linux', env: { PATH: '/none' }, probe: machine([], '', fedora) });
      } catch (err) {
        return err as QemuMissingError;
      }
    })() as QemuMissingError;
    expect(e.fix).toBe('sudo dnf install qemu-system-x86');
  });

  it('parses the version line', () => {
    expect(parseQemuVersion('QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)\n')).toEqual({ major: 7, minor: 2, micro: 22 });
    expect(parseQemuVersion('QEMU emulator version 10.0\n')).toEqual({ major: 10, minor: 0, micro: 0 });
    expect(parseQemuVersion('nope')).toBeUndefined();
  });
});
