// The banner shown while the engine or the core is unreachable: says why, counts the time, disappears on recovery.
import { useEffect, useState } from 'react';
import { useStore } from '../../store/index.js';
import { bannerFor } from './banner.js';

export function EngineBanner() {
  const link = useStore((s) => s.link);
  const status = useStore((s) => s.engineStatus);
  const [now, setNow] = useState(() => Date.now());
  const [linkSince, setLinkSince] = useState(() => Date.now());
  useEffect(() => setLinkSince(Date.now()), [link === 'open']); // eslint-disable-line react-hooks/exhaustive-deps
  const text = bannerFor(link, status, now, linkSince);
  useEffect(() => {
    if (!text) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [text === undefined]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!text) return null;
  return (
    <div className="banner" role="alert" aria-label="Engine status">
      <span className={`dot ${text.tone === 'bad' ? 'down' : 'connecting'}`} aria-hidden="true" style={{ marginTop: 5 }} />
      <div>
        <strong>{text.title}</strong>
        <span>{text.reason}</span>
      </div>
    </div>
  );
}
