// What a key press in a terminal means for the clipboard: copy the selection, let the browser paste, or pass it to the shell (pure).
export type KeyAction = 'copy' | 'paste' | 'pass';

export interface KeyLike {
  type: string;
  key: string;
  ctrlKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/**
 * Ctrl+Shift+C / Cmd+C copy a selection, and so does plain Ctrl+C when text is selected (no selection:
 * it is the interrupt). Ctrl+V, Ctrl+Shift+V, Cmd+V and Shift+Insert paste through the browser's paste
 * event, so the shell gets the text and never a literal ^V.
 */
export function keyAction(e: KeyLike, hasSelection: boolean, mac: boolean): KeyAction {
  if (e.type !== 'keydown' || e.altKey) return 'pass';
  const k = e.key.toLowerCase();
  const mod = mac ? e.metaKey : e.ctrlKey;
  if (mod && k === 'c') return hasSelection ? 'copy' : 'pass';
  if (mod && k === 'v') return 'paste';
  if (e.shiftKey && k === 'insert') return 'paste';
  return 'pass';
}
