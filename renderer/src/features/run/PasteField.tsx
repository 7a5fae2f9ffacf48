// The run form's first field: paste a `docker run` line (or type it and press Enter) and the form fills from it.
import { useState } from 'react';
import { Field } from '../../ui/Field.js';

export function PasteField({ error, onFill }: { error: string | undefined; onFill(text: string): boolean }) {
  const [paste, setPaste] = useState('');
  const fill = (text: string) => {
    if (onFill(text)) setPaste('');
  };
  return (
    <Field label="Paste a docker run command" error={error} hint="Fills the form; the form below shows the same command as you edit.">
      <input
        type="text"
        className="mono"
        placeholder="docker run -d -p 8080:80 --name web nginx"
        value={paste}
        onChange={(e) => setPaste(e.target.value)}
        onPaste={(e) => {
          const text = e.clipboardData.getData('text');
          if (text.trim()) {
            e.preventDefault();
            setPaste(text);
            fill(text);
          }
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            fill(paste);
          }
        }}
      />
    </Field>
  );
}
