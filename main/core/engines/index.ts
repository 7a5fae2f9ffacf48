// Entry point for hosts (the CLI): the engine catalog, choosing one engine by name, the added engines a settings file keeps.
import path from 'node:path';
import { SETTINGS_FILE, sanitize } from '../settings/store.js';
import { readJson } from '../settings/private-file.js';
import { vmPaths } from '../vm/paths.js';
import type { AddedEngineStore } from './catalog.js';

export { EngineCatalog, memoryEngineStore, pickEngine, type AddedEngineStore, type CatalogOptions } from './catalog.js';
export { HOST_ENGINE_NAME, VM_ENGINE_NAME, type EngineSpec } from './discover.js';

/** The default Berth VM's engine socket under Berth's home. */
export function defaultVmSocket(home: string): string {
  return vmPaths('default', home).dockerSocket;
}

/**
 * The engines a settings folder keeps (the desktop app's), read once and never written: a process that does not own
 * the file only lists them. A missing file keeps none; what is wrong in it comes back as warnings.
 */
export async function readStoredEngines(dir: string): Promise<{ store: AddedEngineStore; warnings: string[] }> {
  const file = path.join(dir, SETTINGS_FILE);
  const read = await readJson(file);
  if (read.state === 'missing') return { store: { get: () => [] }, warnings: [] };
  if (read.state === 'corrupt') return { store: { get: () => [] }, warnings: [`${file} is not valid JSON (${read.reason}); its added engines are not listed.`] };
  const s = sanitize(read.value);
  const engines = s.settings.engines;
  return { store: { get: () => engines }, warnings: s.warnings.filter((w) => /engine/i.test(w)) };
}
