import { describe, expect, it } from 'vitest';
import { keyAction } from './keys';

const k = (key: string, mods: Partial<{ ctrlKey: boolean; shiftKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ type: 'keydown', key, ctrlKey: false, shiftKey: false, metaKey: false, altKey: false, ...mods });

describe('terminal clipboard keys', () => {
  it('Ctrl+C interrupts unless text is selected', () => {
    expect(keyAction(k('c', { ctrlKey: true }), false, false)).toBe('pass');
    expect(keyAction(k('c', { ctrlKey: true }), true, false)).toBe('copy');
    expect(keyAction(k('C', { ctrlKey: true, shiftKey: true }), true, false)).toBe('copy');
  });
  it('paste never becomes ^V', () => {
    expect(keyAction(k('v', { ctrlKey: true }), false, false)).toBe('paste');
    expect(keyAction(k('V', { ctrlKey: true, shiftKey: true }), false, false)).toBe('paste');
    expect(keyAction(k('Insert', { shiftKey: true }), false, false)).toBe('paste');
    expect(keyAction(k('v', { metaKey: true }), false, true)).toBe('paste');
  });
  it('everything else goes to the shell', () => {
    expect(keyAction(k('a'), false, false)).toBe('pass');
    expect(keyAction({ ...k('v', { ctrlKey: true }), type: 'keyup' }, false, false)).toBe('pass');
  });
});
