// Engine slice: the engine's up/down status from `engine.changed`, the link to the core, and engine facts.
import type { ConnectionState } from '../../../../app/messageTransport.js';
import type { DiskUsage, EngineInfo, EngineStatus } from '../../../../app/model.js';
import type { Slice } from '../../store/index.js';

export interface EngineVersionFacts {
  version: string;
  apiVersion: string;
  os: string;
  arch: string;
  kernelVersion: string;
  goVersion?: string | undefined;
  gitCommit?: string | undefined;
}

export interface EngineSlice {
  engineStatus: EngineStatus | undefined;
  /** The window's link to the Berth core (WebSocket or IPC). */
  link: ConnectionState;
  engineVersion: EngineVersionFacts | undefined;
  engineInfo: EngineInfo | undefined;
  diskUsage: DiskUsage | undefined;
  /**
   * Counts the times the window could reach the engine again (link open and engine up, after either was not): pages
   * that loaded data put it in their effects' dependencies, so a page opened during an outage reloads by itself.
   */
  engineEpoch: number;
  setEngineStatus(s: EngineStatus): void;
  setLink(l: ConnectionState): void;
  setEngineFacts(f: { version?: EngineVersionFacts; info?: EngineInfo; df?: DiskUsage }): void;
}

const reachable = (link: ConnectionState, status: EngineStatus | undefined) => link === 'open' && status?.state === 'up';

/** The next epoch: one more when the engine became reachable with this change. */
export function nextEpoch(epoch: number, before: boolean, after: boolean): number {
  return after && !before ? epoch + 1 : epoch;
}

export const createEngineSlice: Slice<EngineSlice> = (set) => ({
  engineStatus: undefined,
  link: 'connecting',
  engineVersion: undefined,
  engineInfo: undefined,
  diskUsage: undefined,
  engineEpoch: 0,
  setEngineStatus: (engineStatus) =>
    set((s) => ({ engineStatus, engineEpoch: nextEpoch(s.engineEpoch, reachable(s.link, s.engineStatus), reachable(s.link, engineStatus)) })),
  // A link back to the core while the engine was last heard up counts too (what happened meanwhile is unknown).
  setLink: (link) => set((s) => ({ link, engineEpoch: nextEpoch(s.engineEpoch, reachable(s.link, s.engineStatus), reachable(link, s.engineStatus)) })),
  setEngineFacts: (f) =>
    set((s) => ({
      engineVersion: f.version ?? s.engineVersion,
      engineInfo: f.info ?? s.engineInfo,
      diskUsage: f.df ?? s.diskUsage,
    })),
});
