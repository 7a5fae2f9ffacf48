// The preload (bundled to one CJS file for the sandbox): exposes berthTransport, the window's one way to the core, nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { api as contract } from '../../app/api.js';
import { buildPreloadTransport, type RendererPortLike } from './preload-api.js';

const transport = buildPreloadTransport(contract, ipcRenderer, () => {
  // The DOM MessageChannel of the renderer (typed here by Node's lib, whose port lacks `onmessage`).
  const ch = new MessageChannel();
  return { local: ch.port1 as unknown as RendererPortLike, remote: ch.port2 };
});

contextBridge.exposeInMainWorld('berthTransport', transport);
