// "Publish another port" on a running container, without recreating it.
import { useState } from 'react';
import { shownError } from '../../lib/errors.js';
import { client } from '../../transport/index.js';
import { info } from '../activity/attempt.js';

export function PublishPort({ id, name }: { id: string; name: string }) {
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
