import { describe, expect, it } from 'vitest';
import { readReclaim, writeReclaim, type ReclaimMode } from './wslconfig.js';

const b = (s: string) => Buffer.from(s, 'latin1');
const set = (s: string | undefined, mode: ReclaimMode) => writeReclaim(s === undefined ? undefined : b(s), mode);
const text = (s: string | undefined, mode: ReclaimMode) => set(s, mode).bytes.toString('latin1');

describe('.wslconfig autoMemoryReclaim reading', () => {
  it('finds the key in [experimental] whatever the casing, and nowhere else', () => {
    expect(readReclaim(undefined)).toEqual({ ignoredDuplicates: 0 });
    expect(readReclaim(b(''))).toEqual({ ignoredDuplicates: 0 });
    expect(readReclaim(b('[Experimental]\r\nAUTOMEMORYRECLAIM = DropCache\r\n'))).toEqual({ mode: 'dropcache', ignoredDuplicates: 0 });
    // Another section, a key before any section, and WSL's error of putting it under [wsl2]: not this key.
    expect(readReclaim(b('autoMemoryReclaim=gradual\n[wsl2]\nautoMemoryReclaim=gradual\n'))).toEqual({ ignoredDuplicates: 0 });
    // Comments: # is one, ; is a line WSL skips; neither is a key.
    expect(readReclaim(b('[experimental]\n# autoMemoryReclaim=gradual\n; autoMemoryReclaim=dropcache\n'))).toEqual({ ignoredDuplicates: 0 });
  });

  it('reads the value as WSL does: quotes, a trailing comment, spaces', () => {
    expect(readReclaim(b('[experimental]\nautoMemoryReclaim = "gradual"   # slow\n')).mode).toBe('gradual');
    expect(readReclaim(b('[experimental]\n\tautoMemoryReclaim\t=\tdisabled\t\n')).mode).toBe('disabled');
    expect(readReclaim(b('[experimental]\nautoMemoryReclaim = drop cache\n'))).toEqual({ unknownValue: 'drop cache', ignoredDuplicates: 0 });
  });

  it('takes the first occurrence, as WSL does, and counts the ignored ones', () => {
    const f = b('[experimental]\nautoMemoryReclaim=gradual\nautoMemoryReclaim=dropcache\n[experimental]\nautoMemoryReclaim=disabled\n');
    expect(readReclaim(f)).toEqual({ mode: 'gradual', ignoredDuplicates: 2 });
  });
});

describe('.wslconfig autoMemoryReclaim writing', () => {
  it('creates the file only when asked to set a value, with CRLF', () => {
    expect(text(undefined, 'gradual')).toBe('[experimental]\r\nautoMemoryReclaim=gradual\r\n');
    expect(text('', 'dropcache')).toBe('[experimental]\r\nautoMemoryReclaim=dropcache\r\n');
  });

  it('adds the section at the end when there is none, keeping everything before', () => {
    const crlf = '# my WSL\r\n[wsl2]\r\nmemory=8GB ; not a comment to WSL\r\nprocessors=4 # four\r\n';
    expect(text(crlf, 'gradual')).toBe(`${crlf}\r\n[experimental]\r\nautoMemoryReclaim=gradual\r\n`);
    // No final newline, LF file.
    expect(text('[wsl2]\nmemory=8GB', 'disabled')).toBe('[wsl2]\nmemory=8GB\n\n[experimental]\nautoMemoryReclaim=disabled\n');
    // Already ends with a blank line: no second one.
    expect(text('[wsl2]\nswap=0\n\n', 'gradual')).toBe('[wsl2]\nswap=0\n\n[experimental]\nautoMemoryReclaim=gradual\n');
  });

  it('adds the key after the last key of an existing [experimental], with that line’s ending', () => {
    const f = '[wsl2]\r\nmemory=8GB\r\n\r\n[experimental]\r\nsparseVhd=true\r\nnetworkingMode=mirrored # mirrored\r\n\r\n# notes for [wsl2]\r\n[wsl2]\r\nswap=0\r\n';
    expect(text(f, 'dropcache')).toBe(
      '[wsl2]\r\nmemory=8GB\r\n\r\n[experimental]\r\nsparseVhd=true\r\nnetworkingMode=mirrored # mirrored\r\nautoMemoryReclaim=dropcache\r\n\r\n# notes for [wsl2]\r\n[wsl2]\r\nswap=0\r\n',
    );
    expect(text('[experimental]', 'gradual')).toBe('[experimental]\r\nautoMemoryReclaim=gradual');
    expect(text('[EXPERIMENTAL]  # on\nsparseVhd=true', 'gradual')).toBe('[EXPERIMENTAL]  # on\nsparseVhd=true\nautoMemoryReclaim=gradual');
    // A value continued on the next line stays whole: the key goes after its last line.
    expect(text('[experimental]\nkernelCommandLine = a \\\n b\n[wsl2]\n', 'gradual')).toBe('[experimental]\nkernelCommandLine = a \\\n b\nautoMemoryReclaim=gradual\n[wsl2]\n');
  });

  it('changes only the value’s own characters, keeping keys around it, its spacing, quotes’ place and its comment', () => {
    const f = '[experimental]\r\nsparseVhd=true\r\n  AutoMemoryReclaim = "gradual"   # was slow\r\ndnsTunneling=true\r\n';
    expect(text(f, 'dropcache')).toBe('[experimental]\r\nsparseVhd=true\r\n  AutoMemoryReclaim = dropcache   # was slow\r\ndnsTunneling=true\r\n');
    expect(text('[experimental]\nautoMemoryReclaim = drop cache\n', 'dropcache')).toBe('[experimental]\nautoMemoryReclaim = dropcache\n');
    expect(text('[experimental]\nautoMemoryReclaim=\n', 'gradual')).toBe('[experimental]\nautoMemoryReclaim=gradual\n');
    expect(text('[experimental]\nautoMemoryReclaim=  # none yet', 'gradual')).toBe('[experimental]\nautoMemoryReclaim=  gradual # none yet');
  });

  it('changes the first occurrence only and leaves the duplicates WSL ignores', () => {
    const f = '[experimental]\nautoMemoryReclaim=gradual\nautoMemoryReclaim=dropcache\n[Experimental]\nautomemoryreclaim=gradual\n';
    const out = set(f, 'disabled');
    expect(out.bytes.toString('latin1')).toBe('[experimental]\nautoMemoryReclaim=disabled\nautoMemoryReclaim=dropcache\n[Experimental]\nautomemoryreclaim=gradual\n');
    expect(readReclaim(out.bytes)).toEqual({ mode: 'disabled', ignoredDuplicates: 2 });
  });

  it('writes nothing when the file already says so (in any casing)', () => {
    const f = b('[experimental]\r\nautoMemoryReclaim=DropCache\r\n');
    const out = writeReclaim(f, 'dropcache');
    expect(out.changed).toBe(false);
    expect(out.bytes.equals(f)).toBe(true);
  });

  it('keeps a UTF-8 BOM and bytes that are not ASCII, and UTF-16 text stays UTF-16', () => {
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# Réglages de Zoë\r\n[experimental]\r\nautoMemoryReclaim=gradual\r\n', 'utf8')]);
    const out = writeReclaim(utf8, 'disabled').bytes;
    expect(out.equals(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# Réglages de Zoë\r\n[experimental]\r\nautoMemoryReclaim=disabled\r\n', 'utf8')]))).toBe(true);
    // Bytes that are not valid UTF-8 come back as they were.
    const odd = Buffer.concat([Buffer.from('# '), Buffer.from([0xff, 0xc3]), Buffer.from('\n[wsl2]\n')]);
    expect(writeReclaim(odd, 'gradual').bytes.subarray(0, odd.length).equals(odd)).toBe(true);
    const u16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[experimental]\r\nautoMemoryReclaim=gradual\r\n', 'utf16le')]);
    const o16 = writeReclaim(u16, 'dropcache').bytes;
    expect(o16.subarray(0, 2).equals(Buffer.from([0xff, 0xfe]))).toBe(true);
    expect(o16.subarray(2).toString('utf16le')).toBe('[experimental]\r\nautoMemoryReclaim=dropcache\r\n');
    expect(readReclaim(o16).mode).toBe('dropcache');
  });

  it('a section header that is not valid does not take the key; the key goes into a new valid section', () => {
    expect(text('[experimental\nautoMemoryReclaim=gradual\n', 'disabled')).toBe('[experimental\nautoMemoryReclaim=gradual\n\n[experimental]\nautoMemoryReclaim=disabled\n');
  });

  it('refuses an unknown value, and a value continued on the next line, changing nothing', () => {
    expect(() => writeReclaim(b('[wsl2]\n'), 'aggressive' as ReclaimMode)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'mode', message: expect.stringContaining('use disabled, gradual or dropcache') }));
    expect(() => writeReclaim(b('[wsl2]\n'), 'Gradual' as ReclaimMode)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => writeReclaim(b('[experimental]\nautoMemoryReclaim=grad\\\nual\n'), 'disabled')).toThrow(expect.objectContaining({ message: expect.stringContaining('by hand') }));
    expect(() => writeReclaim(Buffer.from([0xfe, 0xff, 0, 0x5b]), 'gradual')).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
  });
});
