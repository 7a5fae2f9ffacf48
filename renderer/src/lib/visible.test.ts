// Hidden characters made visible: controls as pictures, bidi overrides tagged so they cannot reorder what follows.
import { describe, expect, it } from 'vitest';
import { hasHidden, visible, visibleRuns } from './visible';

describe('visible', () => {
  it('leaves ordinary text alone, markup included', () => {
    for (const s of ['', 'plain', '<script>alert(1)</script>', 'ünïcødé 漢字 🙂', 'עברית ok']) {
      expect(hasHidden(s)).toBe(false);
      expect(visible(s)).toBe(s);
    }
  });

  it('shows C0 controls and DEL as control pictures', () => {
    expect(visible('bell\x07 cr\r esc\x1b[31m nul\x00 del\x7f')).toBe('bell␇ cr␍ esc␛[31m nul␀ del␡');
    expect(visible('a\tb\nc')).toBe('a␉b␊c');
    expect(visible('a\tb\nc', { keepWhitespace: true })).toBe('a\tb\nc');
  });

  it('tags bidi and C1 controls so they cannot reorder the text after them', () => {
    expect(visible('invoice\u202Efdp.exe')).toBe('invoice⟦U+202E⟧fdp.exe');
    expect(visible('\u2066x\u2069 \u200F \u061C \u0085')).toBe('⟦U+2066⟧x⟦U+2069⟧ ⟦U+200F⟧ ⟦U+061C⟧ ⟦U+0085⟧');
  });

  it('splits into runs of text and of pictures (adjacent hidden characters in one run; tabs and newlines are text)', () => {
    expect(visibleRuns('plain')).toEqual([{ text: 'plain', hidden: false }]);
    expect(visibleRuns('\x1b\x07a\tb\u202E\nc\x00')).toEqual([
      { text: '␛␇', hidden: true },
      { text: 'a\tb', hidden: false },
      { text: '⟦U+202E⟧', hidden: true },
      { text: '\nc', hidden: false },
      { text: '␀', hidden: true },
    ]);
    expect(visibleRuns('\t\x07').map((r) => r.text).join('')).toBe(visible('\t\x07', { keepWhitespace: true }));
    // Escapes for views whose font may lack the control pictures (the log view).
    expect(visibleRuns('a\x1b\u202E\x9bb', 'escape')).toEqual([
      { text: 'a', hidden: false },
      { text: '\\x1B\\u202E\\x9B', hidden: true },
      { text: 'b', hidden: false },
    ]);
  });

  it('is linear on long values', () => {
    const long = `${'\u202E'.repeat(50_000)}${'x'.repeat(50_000)}`;
    const t = Date.now();
    expect(visible(long).length).toBe(50_000 * 8 + 50_000);
    expect(Date.now() - t).toBeLessThan(1000);
  });
});
