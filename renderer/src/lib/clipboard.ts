// Copy and paste through the system clipboard, with a failure shown as a notification (never swallowed).
import { attempt } from './attempt.js';

/** The slice of navigator.clipboard used here; absent outside a secure context. */
interface ClipboardLike {
  writeText(text: string): Promise<void>;
  readText(): Promise<string>;
}

function clipboard(): ClipboardLike {
  const c = (navigator as { clipboard?: ClipboardLike }).clipboard;
  if (!c) throw new Error('The clipboard is not available in this window.');
  return c;
}

/** Copies `text`; true when it reached the clipboard, else an error notification says why. */
export async function copyText(text: string): Promise<boolean> {
  return (await attempt('Could not copy to the clipboard', async () => {
    await clipboard().writeText(text);
    return true;
  })) === true;
}

/** The clipboard's text, or undefined with an error notification (a denied read, no clipboard). */
export function pasteText(): Promise<string | undefined> {
  return attempt('Could not paste from the clipboard', () => clipboard().readText());
}
