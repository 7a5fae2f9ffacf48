// The run form's Platform field: shown when the image's platform is not the engine's (or one was given), with why and a one-click value.
import { Field } from '../../ui/Field.js';
import type { PlatformAdvice } from './platform.js';

export function PlatformField({ advice, value, error, onChange }: { advice: PlatformAdvice; value: string; error: string | undefined; onChange: (v: string) => void }) {
  if (!advice.show) return null;
  return (
    <div className="rowline" style={{ alignItems: 'flex-end', gap: 10 }}>
      <Field label="Platform" error={error} hint={advice.note ?? 'os/arch[/variant] of the image to run, e.g. linux/amd64 or linux/arm64'}>
        <input type="text" className="mono" placeholder={advice.image ?? 'linux/amd64'} value={value} onChange={(e) => onChange(e.target.value)} spellCheck={false} />
      </Field>
      {advice.suggestion ? (
        <button type="button" className="btn small" onClick={() => onChange(advice.suggestion ?? '')} style={{ marginBottom: advice.note ? 40 : 4 }}>
          Use {advice.suggestion}
        </button>
      ) : null}
    </div>
  );
}
