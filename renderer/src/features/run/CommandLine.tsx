// The live `docker run …` line under the run form, with a Copy button; a hint instead while the form has errors.
import { CopyButton } from '../../ui/CopyButton.js';

export function CommandLine({ line }: { line: string | undefined }) {
  return (
    <div className="field">
      <div className="rowline">
        <span className="label" style={{ flex: 1, fontWeight: 600, fontSize: 12 }}>
          Equivalent command
        </span>
        <CopyButton text={line} label="Copy command" />
      </div>
      <output className="cmdline" aria-label="Equivalent docker run command">
        {line ?? 'Complete the form to see the command (fields marked in red need a fix).'}
      </output>
    </div>
  );
}
