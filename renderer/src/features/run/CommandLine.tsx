// The live `docker run …` line under the run form, with a Copy button; a hint instead while the form has errors.
import { useState } from 'react';
import { copyText } from '../../lib/clipboard.js';

export function CommandLine({ line }: { line: string | undefined }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="field">
      <div className="rowline">
        <span className="label" style={{ flex: 1, fontWeight: 600, fontSize: 12 }}>
          Equivalent command
        </span>
        <button
          type="button"
          className="btn small"
          disabled={!line}
          onClick={() => {
            if (!line) return;
            void copyText(line).then((ok) => {
              if (!ok) return;
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            });
          }}
        >
          {copied ? 'Copied' : 'Copy command'}
        </button>
      </div>
      <output className="cmdline" aria-label="Equivalent docker run command">
        {line ?? 'Complete the form to see the command (fields marked in red need a fix).'}
      </output>
    </div>
  );
}
