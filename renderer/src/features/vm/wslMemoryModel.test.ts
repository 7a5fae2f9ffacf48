import { describe, expect, it } from 'vitest';
import type { WslMemoryReclaim } from '../../../../app/vm.js';
import { canApply, RECLAIM_CHOICES, RESTART_NOTE, savedMessage, showsWslMemory, WSL_DEFAULT_NOTE, wslMemoryView } from './wslMemoryModel.js';

const PATH = 'C:\\Users\\Ann Lee\\.wslconfig';
const s = (over: Partial<WslMemoryReclaim> = {}): WslMemoryReclaim => ({ path: PATH, exists: true, ignoredDuplicates: 0, restartNeeded: false, ...over });

describe('Give memory back to Windows (WSL2) model', () => {
  it('offers the three values of autoMemoryReclaim, each with what it does', () => {
    expect(RECLAIM_CHOICES.map((c) => [c.mode, c.label])).toEqual([
      ['disabled', 'Off'],
      ['gradual', 'Gradually'],
      ['dropcache', 'At once (drop caches)'],
    ]);
    for (const c of RECLAIM_CHOICES) expect(c.what).toMatch(/\.$/);
  });

  it('shows only for the WSL2 VM', () => {
    expect(showsWslMemory({ state: 'running', backend: 'wsl', stages: [] })).toBe(true);
    expect(showsWslMemory({ state: 'running', backend: 'qemu', stages: [] })).toBe(false);
    expect(showsWslMemory(undefined)).toBe(false);
  });

  it('says what the file sets, or that WSL’s default applies, and where the file is', () => {
    expect(wslMemoryView(s({ mode: 'gradual' }))).toEqual({ selected: 'gradual', current: `In ${PATH}: Gradually.`, warnings: [], restartNote: undefined });
    expect(wslMemoryView(s()).current).toBe(`${WSL_DEFAULT_NOTE} (${PATH} does not set it.)`);
    expect(wslMemoryView(s({ exists: false })).current).toContain('Berth creates it when you apply a choice');
    expect(wslMemoryView(s()).selected).toBeUndefined();
  });

  it('warns about a value WSL does not know and about duplicates it ignores', () => {
    const v = wslMemoryView(s({ unknownValue: 'drop cache', ignoredDuplicates: 1 }));
    expect(v.selected).toBeUndefined();
    expect(v.warnings).toEqual([
      'The file says autoMemoryReclaim=drop cache, which WSL does not know: it warns and uses its default. Choosing below replaces it.',
      'autoMemoryReclaim is in the file 2 times; WSL reads the first and ignores the rest. Berth changes the first.',
    ]);
  });

  it('asks for a WSL restart after a change, saying it stops every distribution', () => {
    expect(wslMemoryView(s({ mode: 'dropcache', restartNeeded: true })).restartNote).toBe(RESTART_NOTE);
    expect(RESTART_NOTE).toContain('stops every WSL distribution');
    expect(savedMessage('dropcache')).toBe('Saved “At once (drop caches)” in .wslconfig: it applies after WSL restarts.');
  });

  it('applies only a choice that differs from the file', () => {
    expect(canApply(undefined, 'gradual')).toBe(false);
    expect(canApply(s({ mode: 'gradual' }), 'gradual')).toBe(false);
    expect(canApply(s({ mode: 'gradual' }), undefined)).toBe(false);
    expect(canApply(s({ mode: 'gradual' }), 'disabled')).toBe(true);
    expect(canApply(s(), 'disabled')).toBe(true);
  });
});
