// Settings card: the remembered registry sign-ins (host, username, how stored), each with a Forget button.
import { useRemembered } from './useRemembered.js';

export function RememberedRegistries() {
  const r = useRemembered();
  if (r.unsupported) return null;
  const entries = r.data?.entries ?? [];
  return (
    <section className="card" aria-label="Remembered registries">
      <h3>Remembered registries</h3>
      {r.data ? (
        r.data.storage === 'encrypted' ? (
          <span className="muted">Passwords are encrypted by {r.data.storageLabel}. Only the host and username are ever shown.</span>
        ) : (
          <span className="warning">
            <strong>Not encrypted:</strong> this Berth has no OS keychain, so a remembered password is kept in clear text in <code>{r.data.file}</code> (only
            your user account can read it). Berth asks before storing one.
          </span>
        )
      ) : null}
      {r.error ? (
        <span role="alert" className="error-text">
          {r.error}
        </span>
      ) : null}
      {r.data && entries.length === 0 ? (
        <span className="muted">No sign-ins are remembered. Tick “Remember this sign-in” when you pull, push or browse a registry.</span>
      ) : null}
      {entries.length > 0 ? (
        <ul aria-label="Remembered sign-ins" style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 6 }}>
          {entries.map((e) => (
            <li key={e.host} className="rowline" aria-label={`${e.host} as ${e.username}`}>
              <span style={{ flex: 1, minWidth: 0 }}>
                <code>{e.host}</code> as <strong>{e.username}</strong>
                <span className="muted">
                  {' — '}
                  {!e.usable ? 'cannot be opened here (sealed by another keychain)' : e.encrypted ? 'encrypted' : 'not encrypted'}, saved {e.savedAt.slice(0, 10)}
                </span>
              </span>
              <button type="button" className="btn small" aria-label={`Forget the sign-in for ${e.host}`} onClick={() => void r.forget(e.host)}>
                Forget
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
