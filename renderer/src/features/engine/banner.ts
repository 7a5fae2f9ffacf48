// What the engine-down banner says: the link to the core, or the engine's own state and reason (pure).
import type { ConnectionState } from '../../../../app/messageTransport.js';
import type { EngineStatus } from '../../../../app/model.js';
import { duration } from '../../lib/format.js';

export interface BannerText {
  title: string;
  reason: string;
  tone: 'bad' | 'wait';
}

export function bannerFor(link: ConnectionState, status: EngineStatus | undefined, now: number, linkSince?: number): BannerText | undefined {
  if (link !== 'open') {
    if (link === 'connecting' && !status) return undefined; // First connect: not an outage yet.
    const since = linkSince ? ` (for ${duration(now - linkSince)})` : '';
    return { tone: 'bad', title: 'Lost the connection to the Berth core', reason: `The window is reconnecting by itself${since}. If it does not come back, check that \`berth serve\` (or the app) is still running.` };
  }
  if (!status) return undefined;
  const where = status.endpoint.label || status.endpoint.address;
  if (status.state === 'down') {
    return {
      tone: 'bad',
      title: `The engine is unreachable (${where})`,
      reason: `${status.reason ?? status.error?.message ?? 'It stopped answering.'} Berth keeps trying and recovers by itself — down for ${duration(now - status.since)}.`,
    };
  }
  if (status.state === 'connecting' && now - status.since > 2000) {
    return { tone: 'wait', title: `Connecting to the engine at ${status.endpoint.address}`, reason: `Waiting for it to answer — ${duration(now - status.since)} so far.` };
  }
  return undefined;
}
