// "Publish another port" on a running container without recreating it, and the ports Berth publishes for it (each removable).
import { useCallback, useEffect, useState } from 'react';
import { attempt, info } from '../../lib/attempt.js';
import { shownError } from '../../lib/errors.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';
import { ExternalLink } from '../../ui/ExternalLink.js';

interface BerthPort {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp';
}

/** The container's Berth-published ports plus the form to add one; re-read after each change and when `state` changes. */
export function PublishPort({ id, name, state }: { id: string; name: string; state: string }) {
  const [ports, setPorts] = useState<BerthPort[]>([]);
  const epoch = useStore((s) => s.engineEpoch);
  const reload = useCallback(async () => {
    try {
      setPorts(await client().containers.published({ id }));
    } catch {
      // The container may be gone already; its page says so.
      setPorts([]);
    }
  }, [id]);
  useEffect(() => {
    void reload();
  }, [reload, state, epoch]);
  const stop = async (p: BerthPort) => {
    const r = await attempt(`Stop publishing ${p.hostPort}/${p.protocol}`, () => client().containers.unpublish({ id, hostPort: p.hostPort, protocol: p.protocol }));
    if (r) info(`Stopped publishing ${p.hostIp}:${p.hostPort}→${p.containerPort}/${p.protocol} on ${name}`);
    await reload();
  };
  return (
    <>
      {ports.map((p) => {
        const label = `${p.hostPort}→${p.containerPort}/${p.protocol}`;
        return (
          <span key={`${p.protocol}/${p.hostPort}`} className="rowline" role="group" aria-label={`Published by Berth: ${label}`}>
            {p.protocol === 'tcp' ? (
              <ExternalLink className="mono" href={`http://${p.hostIp}:${p.hostPort}`} aria-label={`Open ${label} of ${name}`}>
                {label}
              </ExternalLink>
            ) : (
              <code>{label}</code>
            )}
            <button type="button" className="btn small" aria-label={`Stop publishing ${label}`} onClick={() => void stop(p)}>
              ×
            </button>
          </span>
        );
      })}
      <PublishForm id={id} name={name} onPublished={() => void reload()} />
    </>
  );
}

function PublishForm({ id, name, onPublished }: { id: string; name: string; onPublished: () => void }) {
  const [open, setOpen] = useState(false);
  const [containerPort, setContainerPort] = useState('');
  const [hostPort, setHostPort] = useState('');
  const [protocol, setProtocol] = useState<'tcp' | 'udp'>('tcp');
  const [error, setError] = useState<string | undefined>();
  if (!open)
    return (
      <button type="button" className="btn small" onClick={() => setOpen(true)}>
        Publish another port…
      </button>
    );
  const submit = async () => {
    const cp = Number(containerPort);
    const hp = hostPort.trim() === '' ? undefined : Number(hostPort);
    if (!Number.isInteger(cp) || cp < 1 || cp > 65535) return setError('Container port must be 1–65535');
    if (hp !== undefined && (!Number.isInteger(hp) || hp < 1 || hp > 65535)) return setError('Host port must be 1–65535, or blank for any free port');
    try {
      const r = await client().containers.publish({ id, containerPort: cp, protocol, ...(hp !== undefined ? { hostPort: hp } : {}) });
      info(`Published ${r.hostIp}:${r.hostPort}→${cp}/${protocol} on ${name}`);
      onPublished();
      setOpen(false);
      setError(undefined);
    } catch (e) {
      setError(shownError(e).message);
    }
  };
  return (
    <form
      className="rowline"
      aria-label="Publish another port"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <input className="input mono" style={{ width: 90 }} aria-label="Container port to publish" placeholder="container" value={containerPort} onChange={(e) => setContainerPort(e.target.value)} />
      <input className="input mono" style={{ width: 90 }} aria-label="Host port to publish on" placeholder="any free" value={hostPort} onChange={(e) => setHostPort(e.target.value)} />
      <select className="input" aria-label="Protocol to publish" value={protocol} onChange={(e) => setProtocol(e.target.value as 'tcp' | 'udp')}>
        <option value="tcp">TCP</option>
        <option value="udp">UDP</option>
      </select>
      <button type="submit" className="btn small primary">
        Publish
      </button>
      <button type="button" className="btn small" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {error ? (
        <span className="error-text" role="alert">
          {error}
        </span>
      ) : null}
    </form>
  );
}
