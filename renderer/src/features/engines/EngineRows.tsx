// The pieces every All engines list shares: one engine's section, a row that names its engine, and buttons whose action goes to that engine.
import type { ReactNode } from 'react';
import type { EngineEntry } from '../../../../app/engines.js';
import { attempt, info } from '../../lib/attempt.js';

export type EngineKind = 'Containers' | 'Images' | 'Volumes';

/** One engine's objects of one kind: a region "<Kind> on <engine>", its heading (`extra` after the name), its rows or "No <kind>.", and its dialog. */
export function EngineSection(props: { kind: EngineKind; engine: EngineEntry; count: number; extra?: ReactNode; dialog?: ReactNode; children: ReactNode }) {
  const { kind, engine, count, extra, dialog, children } = props;
  return (
    <section aria-label={`${kind} on ${engine.name}`} className="all-engines-group">
      <h3>
        {engine.name}
        {extra}
      </h3>
      {count === 0 ? <p className="muted">No {kind.toLowerCase()}.</p> : null}
      <table className="plain">
        <tbody>{children}</tbody>
      </table>
      {dialog}
    </section>
  );
}

/** A row labelled "<name> on <engine>": its own cells, then the engine's tag and the row's actions. */
export function EngineRow({ engine, name, actions, children }: { engine: EngineEntry; name: string; actions: ReactNode; children: ReactNode }) {
  return (
    <tr aria-label={`${name} on ${engine.name}`}>
      {children}
      <td>
        <span className="engine-tag">{engine.name}</span>
      </td>
      <td className="actions">{actions}</td>
    </tr>
  );
}

export function RowButton({ label, danger, onClick, children }: { label: string; danger?: boolean; onClick(): void; children: ReactNode }) {
  return (
    <button type="button" className={`btn small${danger ? ' danger' : ''}`} aria-label={label} onClick={onClick}>
      {children}
    </button>
  );
}

/**
 * An action on the row's engine (`run` calls that engine's client): `label` says what and where ("Stop web on box") on the
 * button and in the notice of a failure; `done` is said once it worked.
 */
export function EngineAction({ label, run, done, danger, children }: { label: string; run(): Promise<unknown>; done?: string; danger?: boolean; children: ReactNode }) {
  const go = async () => {
    const r = await attempt(label, run);
    if (r !== undefined && done) info(done);
  };
  return (
    <RowButton label={label} danger={danger ?? false} onClick={() => void go()}>
      {children}
    </RowButton>
  );
}
