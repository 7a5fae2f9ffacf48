// The banner shown while the engine or the core is unreachable: says why, counts the time, disappears on recovery.
import { useEffect, useState } from 'react';
import { useNowWhile } from '../../lib/useNow.js';
import { useStore } from '../../store/index.js';
import { bannerFor } from './banner.js';

export function EngineBanner() {
  const link = useStore((s) => s.link);
  const status = useStore((s) => s.engineStatus);
  const [linkSince, setLinkSince] = useState(() => Date.now());
  useEffect(() => setLinkSince(Date.now()), [link === 'open']); // eslint-disable-line react-hooks/exhaustive-deps
  // The clock ticks only while the banner shows (it counts the outage's time).
  const now = useNowWhile(bannerFor(link, status, Date.now(), linkSince) !== undefined, 1000);
  const text = bannerFor(link, status, now, linkSince);
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
