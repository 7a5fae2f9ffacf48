// A button that copies a text and says "Copied" for a moment; a refused copy is shown as a notification instead.
import { useState } from 'react';
import { copyText } from '../lib/clipboard.js';

/** Disabled while there is no `text` (undefined or empty) to copy. */
export function CopyButton({ text, label = 'Copy' }: { text: string | undefined; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    if (!text) return;
    void copyText(text).then((ok) => {
      if (!ok) return;
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    });
  };
  return (
    <button type="button" className="btn small" disabled={!text} onClick={copy}>
      {copied ? 'Copied' : label}
    </button>
  );
}
