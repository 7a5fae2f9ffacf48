// Registry sign-in fields with "Remember this sign-in": the remembered one in use, and a clear-text warning that must be accepted.
import { useId } from 'react';
import { Field } from '../../ui/Field.js';
import { rememberedFor, type SignInForm } from './remember.js';
import type { Remembered } from './useRemembered.js';

export interface SignInFieldsProps {
  /** The registry key the action signs in to (undefined while the address or reference is incomplete). */
  host: string | undefined;
  form: SignInForm;
  onChange(f: SignInForm): void;
  remembered: Remembered;
  /** Why the remember choice cannot be sent (shown under it). */
  error?: string | undefined;
  summary?: string;
}

export function SignInFields({ host, form, onChange, remembered, error, summary = 'Registry sign-in (optional)' }: SignInFieldsProps) {
  const warnId = useId();
  const set = (patch: Partial<SignInForm>) => onChange({ ...form, ...patch });
  const storage = remembered.data?.storage;
  const inUse = rememberedFor(remembered.data, host);
  const typed = Boolean(form.user || form.pass);
  return (
    <>
      {inUse ? (
        <div className="note" role="status" aria-label="Remembered sign-in">
          <span style={{ flex: 1 }}>
            {typed ? 'The credentials typed below are used instead of ' : 'Signing in with '}the sign-in remembered for <code>{inUse.host}</code> as <strong>{inUse.username}</strong>
            {inUse.encrypted ? '' : ' (stored unencrypted)'}.
          </span>
          <button type="button" className="btn small" aria-label={`Forget the sign-in for ${inUse.host}`} onClick={() => void remembered.forget(inUse.host)}>
            Forget
          </button>
        </div>
      ) : null}
      <details open={form.remember || Boolean(error) || undefined}>
        <summary style={{ cursor: 'pointer' }}>{summary}</summary>
        <div className="grid2" style={{ marginTop: 8 }}>
          <Field label="Registry username">
            <input type="text" autoComplete="username" value={form.user} onChange={(e) => set({ user: e.target.value })} spellCheck={false} />
          </Field>
          <Field label="Registry password or token">
            <input type="password" autoComplete="current-password" value={form.pass} onChange={(e) => set({ pass: e.target.value })} />
          </Field>
        </div>
        {remembered.unsupported ? null : (
          <div className="toggle" style={{ marginTop: 6 }}>
            <label className="check">
              <input type="checkbox" checked={form.remember} aria-describedby={storage === 'plaintext' ? warnId : undefined} onChange={(e) => set({ remember: e.target.checked, acceptPlaintext: false })} />
              Remember this sign-in{host ? ` for ${host}` : ''}
            </label>
            {storage === 'encrypted' ? (
              <span className="hint muted">Once it works, the password is kept encrypted by {remembered.data?.storageLabel}. Forget it any time in Settings.</span>
            ) : null}
            {storage === 'plaintext' ? (
              <div className="warning" id={warnId} role="note" aria-label="Unencrypted storage warning">
                <strong>Not encrypted.</strong> This Berth has no OS keychain (it runs as <code>berth serve</code>, or the desktop keychain is unavailable). A
                remembered password is stored in clear text in <code>{remembered.data?.file}</code>, readable only by your user account — and by anyone with
                administrator rights or a copy of that file.
                {form.remember ? (
                  <label className="check" style={{ marginTop: 6 }}>
                    <input type="checkbox" checked={form.acceptPlaintext} onChange={(e) => set({ acceptPlaintext: e.target.checked })} />
                    Store the password unencrypted
                  </label>
                ) : null}
              </div>
            ) : null}
            {remembered.error ? <span className="error-text">{remembered.error}</span> : null}
            {error ? (
              <span className="error-text" role="alert">
                {error}
              </span>
            ) : null}
          </div>
        )}
      </details>
    </>
  );
}
