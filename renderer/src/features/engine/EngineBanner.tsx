// The banner shown while the engine or the core is unreachable: says why, counts the time, disappears on recovery; where no engine has answered yet, it offers the Berth VM.
import { useEffect, useState } from 'react';
import { useNowWhile } from '../../lib/useNow.js';
import { useStore } from '../../store/index.js';
import { bannerFor } from './banner.js';
import { FirstRunOffer } from './FirstRunOffer.js';

export function EngineBanner() {
  const link = useStore((s) => s.link);
  const status = useStore((s) => s.engineStatus);
  const [linkSince, setLinkSince] = useState(() => Date.now());
  // Once an engine answered in this window, a later outage is only that: the banner says so and offers nothing.
  const [everUp, setEverUp] = useState(false);
  useEffect(() => {
    if (status?.state === 'up') setEverUp(true);
  }, [status?.state]);
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
        <FirstRunOffer everUp={everUp} />
      </div>
    </div>
  );
}
