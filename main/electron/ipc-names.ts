// What the preload and the IPC binding agree on: IPC channel names derived from contract channels, and the reply envelope.
import type { WireError } from '../../app/errors.js';

/** One ipcMain.handle channel per contract request: `berth:req:containers.list`. */
export const requestIpcChannel = (contractChannel: string): string => `berth:req:${contractChannel}`;

/** The one-off message that hands main a MessagePort for this window's streams and events. */
export const PORT_IPC_CHANNEL = 'berth:port';

/** A request's reply: errors travel as data, because Electron reduces a thrown error to its message. */
export type IpcReply = { ok: true; out: unknown } | { ok: false; err: WireError };
