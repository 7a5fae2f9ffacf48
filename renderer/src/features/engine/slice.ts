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
  setEngineStatus(s: EngineStatus): void;
  setLink(l: ConnectionState): void;
  setEngineFacts(f: { version?: EngineVersionFacts; info?: EngineInfo; df?: DiskUsage }): void;
}

export const createEngineSlice: Slice<EngineSlice> = (set) => ({
  engineStatus: undefined,
  link: 'connecting',
  engineVersion: undefined,
  engineInfo: undefined,
  diskUsage: undefined,
  setEngineStatus: (engineStatus) => set({ engineStatus }),
  setLink: (link) => set({ link }),
  setEngineFacts: (f) =>
    set((s) => ({
      engineVersion: f.version ?? s.engineVersion,
      engineInfo: f.info ?? s.engineInfo,
      diskUsage: f.df ?? s.diskUsage,
    })),
});
