import { describe, expect, it } from 'vitest';
import { decodeWslOutput, execCmd, importCmd, listCmd, parseWslList, saysNoDistributions, terminateCmd, unregisterCmd, wslExe } from './commands.js';

const LIST = '  NAME            STATE           VERSION\r\n* Ubuntu-22.04    Running         2\r\n  berth           Stopped         2\r\n  legacy          Stopped         1\r\n';

describe('wsl command lines', () => {
  it('imports the rootfs tarball as a WSL2 distro', () => {
    expect(importCmd('berth', 'C:\\Users\\me\\.berth\\wsl', 'C:\\img\\rootfs.tar')).toEqual({
      file: wslExe(),
      args: ['--import', 'berth', 'C:\\Users\\me\\.berth\\wsl', 'C:\\img\\rootfs.tar', '--version', '2'],
    });
  });

  it('terminates, unregisters and runs commands as root without a Windows shell', () => {
    expect(terminateCmd('berth').args).toEqual(['--terminate', 'berth']);
    expect(unregisterCmd('berth').args).toEqual(['--unregister', 'berth']);
    expect(execCmd('berth', ['sh', '-c', 'echo "$HOME"']).args).toEqual(['--distribution', 'berth', '--user', 'root', '--exec', 'sh', '-c', 'echo "$HOME"']);
  });

  it('runs wsl.exe by its full System32 path, never a bare name found on PATH (issue 13, low)', () => {
    expect(wslExe({ SystemRoot: 'C:\\Windows' }, 'x64')).toBe('C:\\Windows\\System32\\wsl.exe');
    expect(wslExe({ SystemRoot: 'D:\\WINNT' }, 'arm64')).toBe('D:\\WINNT\\System32\\wsl.exe');
    // No SystemRoot, or one that is not an absolute drive path: the default Windows folder.
    expect(wslExe({}, 'x64')).toBe('C:\\Windows\\System32\\wsl.exe');
    expect(wslExe({ SystemRoot: '.\\evil' }, 'x64')).toBe('C:\\Windows\\System32\\wsl.exe');
    // A 32-bit process on 64-bit Windows reaches the real System32 through Sysnative.
    expect(wslExe({ SystemRoot: 'C:\\Windows', PROCESSOR_ARCHITEW6432: 'AMD64' }, 'ia32')).toBe('C:\\Windows\\Sysnative\\wsl.exe');
    for (const c of [importCmd('berth', 'a', 'b'), terminateCmd('berth'), unregisterCmd('berth'), listCmd(), execCmd('berth', ['true'])]) {
      expect(c.file).toBe(wslExe());
      expect(c.file).toMatch(/^[A-Za-z]:\\.+\\(System32|Sysnative)\\wsl\.exe$/);
    }
  });

  it('rejects names that could smuggle options or paths', () => {
    expect(() => importCmd('--help', 'x', 'y')).toThrow(RangeError);
    expect(() => terminateCmd('a b')).toThrow(RangeError);
    expect(() => execCmd('berth', [])).toThrow(RangeError);
  });
});

describe('wsl output parsing', () => {
  it('parses wsl -l -v in UTF-16LE with and without a BOM', () => {
    const plain = Buffer.from(LIST, 'utf16le');
    const bom = Buffer.concat([Buffer.from([0xff, 0xfe]), plain]);
    for (const b of [plain, bom]) {
      expect(parseWslList(b)).toEqual([
        { name: 'Ubuntu-22.04', state: 'Running', rawState: 'Running', version: 2, isDefault: true },
        { name: 'berth', state: 'Stopped', rawState: 'Stopped', version: 2, isDefault: false },
        { name: 'legacy', state: 'Stopped', rawState: 'Stopped', version: 1, isDefault: false },
      ]);
    }
  });

  it('parses UTF-8 output and localized states with spaces', () => {
    const de = '  NAME      STATUS            VERSION\n* berth     Wird ausgeführt   2\n';
    expect(parseWslList(Buffer.from(de, 'utf8'))).toEqual([{ name: 'berth', state: 'unknown', rawState: 'Wird ausgeführt', version: 2, isDefault: true }]);
  });

  it('decodes and recognises the no-distributions message', () => {
    const msg = decodeWslOutput(Buffer.from('Windows Subsystem for Linux has no installed distributions.\r\n', 'utf16le'));
    expect(msg).toBe('Windows Subsystem for Linux has no installed distributions.\n');
    expect(saysNoDistributions(msg)).toBe(true);
    expect(parseWslList(msg)).toEqual([]);
  });
});
