// Browse a v2 registry: its repositories, then a repository's tags, and pull one; signs in typed, remembered, or not at all.
import { useState } from 'react';
import { shownError } from '../../lib/errors.js';
import { client } from '../../transport/index.js';
import { Dialog } from '../../ui/Dialog.js';
import { Field } from '../../ui/Field.js';
import { emptySignIn, hostOfRegistry, toSignIn, type SignInForm } from '../registries/remember.js';
import { SignInFields } from '../registries/SignInFields.js';
import { useRemembered } from '../registries/useRemembered.js';
import { registryHost } from './forms.js';
import { startPull } from './tasks.js';

export function RegistryDialog({ onClose }: { onClose(): void }) {
  const [registry, setRegistry] = useState('localhost:5000');
  const [insecure, setInsecure] = useState(true);
  const remembered = useRemembered();
  const [signIn, setSignIn] = useState<SignInForm>(emptySignIn);
  const [signInError, setSignInError] = useState<string | undefined>();
  const [repos, setRepos] = useState<string[] | undefined>();
  const [repo, setRepo] = useState<string | undefined>();
  const [tags, setTags] = useState<string[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const typed = toSignIn({ ...signIn, remember: false }, undefined);
  const auth = typed.auth ? { auth: typed.auth } : {};
  const host = registryHost(registry);

  const list = async () => {
    const s = toSignIn(signIn, remembered.data?.storage);
    setSignInError(s.error);
    if (s.error) return;
    setBusy(true);
    setError(undefined);
    setRepo(undefined);
    setTags(undefined);
    try {
      setRepos(await client().registry.repositories({ registry: host, insecure, ...auth, ...(s.remember ? { remember: s.remember } : {}) }));
      // Remembered now: the next browse (and pull) signs in by itself.
      if (s.remember) setSignIn(emptySignIn);
    } catch (e) {
      setRepos(undefined);
      const err = shownError(e);
      if (err.field === 'remember') setSignInError(err.message);
      else setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  const open = async (r: string) => {
    setRepo(r);
    setTags(undefined);
    try {
      setTags(await client().registry.tags({ registry: host, repository: r, insecure, ...auth }));
    } catch (e) {
      setError(shownError(e).message);
    }
  };
  return (
    <Dialog title="Browse a registry" wide onClose={onClose} footer={<button type="button" className="btn" onClick={onClose}>Close</button>}>
      <div className="rowline" style={{ alignItems: 'flex-end' }}>
        <Field label="Registry" error={error} className="grow">
          <input type="text" className="mono" value={registry} onChange={(e) => setRegistry(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void list()} />
        </Field>
        <label className="check">
          <input type="checkbox" checked={insecure} onChange={(e) => setInsecure(e.target.checked)} />
          Allow plain HTTP
        </label>
        <button type="button" className="btn primary" disabled={busy} onClick={() => void list()}>
          List repositories
        </button>
      </div>
      <SignInFields host={hostOfRegistry(host)} form={signIn} onChange={setSignIn} remembered={remembered} error={signInError} summary="Sign-in (optional)" />
      {repos ? (
        <div className="split">
          <ul aria-label="Repositories" className="mono" style={{ listStyle: 'none', margin: 0, padding: 0, maxHeight: 320, overflow: 'auto' }}>
            {repos.length === 0 ? <li className="muted">The registry has no repositories.</li> : null}
            {repos.map((r) => (
              <li key={r}>
                <button type="button" className="linkish" aria-current={r === repo ? 'true' : undefined} onClick={() => void open(r)}>
                  {r}
                </button>
              </li>
            ))}
          </ul>
          <ul aria-label="Tags" className="mono" style={{ listStyle: 'none', margin: 0, padding: 0, maxHeight: 320, overflow: 'auto' }}>
            {repo && !tags ? <li className="muted">Loading tags…</li> : null}
            {(tags ?? []).map((t) => (
              <li key={t} className="rowline">
                <span style={{ flex: 1 }}>
                  {repo}:{t}
                </span>
                <button type="button" className="btn small" aria-label={`Pull ${host}/${repo}:${t}`} onClick={() => startPull(`${host}/${repo}:${t}`, auth)}>
                  Pull
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </Dialog>
  );
}
