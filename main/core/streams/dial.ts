// One raw engine call through dockerode's modem: the helper the engine's resources use where dockerode's wrappers fall short.
import type Docker from 'dockerode';

interface Modem {
  dial(options: Record<string, unknown>, cb: (err: unknown, data: unknown) => void): void;
}

export interface DialOptions {
  path: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  query?: Record<string, unknown>;
  body?: unknown;
  /** Status codes that mean success map to true; the others to the engine's wording. */
  statusCodes: Record<number, true | string>;
  isStream?: boolean;
  signal?: AbortSignal;
}

/**
 * One engine call through dockerode's modem, for what dockerode's wrappers do not expose well
 * (create with warnings and a clean query, logs as a stream even without follow).
 */
export function dial<T>(docker: Docker, o: DialOptions): Promise<T> {
  const modem = (docker as unknown as { modem: Modem }).modem;
  const hasQuery = o.query !== undefined && Object.keys(o.query).length > 0;
  // `_body: {}` makes the modem send no body at all (it drops an empty JSON object).
  const options: Record<string, unknown> = { _query: o.query ?? {}, _body: o.body ?? {} };
  return new Promise<T>((resolve, reject) => {
    modem.dial(
      {
        path: hasQuery ? `${o.path}?` : o.path,
        method: o.method,
        options: hasQuery || o.body !== undefined ? options : undefined,
        statusCodes: o.statusCodes,
        isStream: o.isStream ?? false,
        abortSignal: o.signal,
      },
      (err, data) => (err ? reject(err) : resolve(data as T)),
    );
  });
}
