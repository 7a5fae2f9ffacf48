// Sends an error a boundary caught to the core's log (and so the diagnostics bundle); never throws itself.
import { client } from '../../transport/index.js';

const cut = (s: string | undefined, n: number) => (s === undefined ? undefined : s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(typeof e === 'string' ? e : 'Something that is not an Error was thrown.');
}

/** `where` names the boundary ("page Images", "dock", "root"). */
export function reportError(where: string, error: unknown, componentStack?: string | null): void {
  const e = toError(error);
  console.error(`berth: ${where} failed`, e);
  try {
    const route = typeof window === 'undefined' ? undefined : cut(window.location.hash, 512);
    client()
      .app.reportError({
        where: cut(where, 200) ?? '',
        message: cut(e.message || e.name, 2000) ?? '',
        ...(e.stack ? { stack: cut(e.stack, 8000) } : {}),
        ...(componentStack ? { componentStack: cut(componentStack, 8000) } : {}),
        ...(route ? { route } : {}),
      })
      .catch((err: unknown) => console.warn('berth: the error could not be reported to the core', err));
  } catch (err) {
    console.warn('berth: the error could not be reported to the core', err);
  }
}

/** A lazily loaded part of the window that could not be fetched (the server restarted with a new build): only a window reload helps. */
export function isChunkLoadError(e: Error): boolean {
  return /dynamically imported module|Importing a module script failed|error loading dynamically imported module|Failed to fetch/i.test(e.message);
}
