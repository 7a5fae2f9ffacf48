// Runs one user action against the core and turns a failure into a notification (never a silent null).
import { useStore } from '../store/index.js';
import { shownError } from './errors.js';

export async function attempt<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    const err = shownError(e);
    useStore.getState().notify({ level: 'error', title: `${what}: ${err.message}`, detail: err.detail });
    return undefined;
  }
}

export function info(title: string, detail?: string): void {
  const id = useStore.getState().notify({ level: 'info', title, detail });
  setTimeout(() => useStore.getState().dismiss(id), 5000);
}
