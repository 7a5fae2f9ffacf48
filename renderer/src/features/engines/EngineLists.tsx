// All engines' lists of one engine: its containers, images and volumes, each action sent to that engine (a client bound to it).
import { useState } from 'react';
import type { EngineEntry } from '../../../../app/engines.js';
import type { ContainerSummary, ImageSummary, VolumeSummary } from '../../../../app/model.js';
import { bytes } from '../../lib/format.js';
import { clientOn } from '../../transport/index.js';
import { RowMenu } from '../../ui/RowMenu.js';
import { canRecreate, CopyImageDialog, CopyVolumeDialog, RecreateDialog, RECREATE_WORDS } from '../moves/dialogs.js';
import { EngineAction, EngineRow, EngineSection, RowButton } from './EngineRows.js';
import { engineLine } from './slice.js';
import { switchEngine } from './switch.js';

export function ContainerRows({ engine, rows, current }: { engine: EngineEntry; rows: ContainerSummary[]; current: boolean }) {
  const on = clientOn(engine.id);
  const [recreating, setRecreating] = useState<ContainerSummary | undefined>();
  const where = (verb: string, c: ContainerSummary) => `${verb} ${c.name} on ${engine.name}`;
  return (
    <EngineSection
      kind="Containers"
      engine={engine}
      count={rows.length}
      extra={
        <>
          {' '}
          <span className="muted">{engineLine(engine)}</span>{' '}
          {current ? (
            <span className="engine-tag">shown in the window</span>
          ) : (
            <RowButton label={`Show ${engine.name} in the window`} onClick={() => void switchEngine(engine.id)}>
              Switch to {engine.name}
            </RowButton>
          )}
        </>
      }
      dialog={recreating ? <RecreateDialog from={engine.id} container={recreating.name} running={recreating.state === 'running'} onClose={() => setRecreating(undefined)} /> : null}
    >
      {rows.map((c) => (
        <EngineRow
          key={c.id}
          engine={engine}
          name={c.name}
          actions={
            <>
              {c.state === 'running' ? (
                <EngineAction label={where('Stop', c)} run={() => on.containers.stop({ id: c.id })}>
                  Stop
                </EngineAction>
              ) : (
                <EngineAction label={where('Start', c)} run={() => on.containers.start({ id: c.id })}>
                  Start
                </EngineAction>
              )}
              <EngineAction label={where('Restart', c)} run={() => on.containers.restart({ id: c.id })}>
                Restart
              </EngineAction>
              <EngineAction label={where('Remove', c)} danger run={() => on.containers.remove({ id: c.id, force: c.state === 'running' })} done={`Removed ${c.name} on ${engine.name}`}>
                Remove
              </EngineAction>
              {canRecreate(c.state) ? <RowMenu label={`More actions for ${c.name} on ${engine.name}`} items={[{ label: RECREATE_WORDS, onSelect: () => setRecreating(c) }]} /> : null}
            </>
          }
        >
          <td>
            <span className={`dot ${c.state}`} aria-hidden="true" /> <span className="mono">{c.name}</span>
          </td>
          <td className="mono muted">{c.image}</td>
          <td className="muted">{c.status}</td>
        </EngineRow>
      ))}
    </EngineSection>
  );
}

export function ImageRows({ engine, rows }: { engine: EngineEntry; rows: ImageSummary[] }) {
  const on = clientOn(engine.id);
  const [copying, setCopying] = useState<string | undefined>();
  return (
    <EngineSection kind="Images" engine={engine} count={rows.length} dialog={copying ? <CopyImageDialog from={engine.id} image={copying} onClose={() => setCopying(undefined)} /> : null}>
      {rows.map((i) => {
        const name = i.repoTags[0] ?? i.id.replace(/^sha256:/, '').slice(0, 12);
        return (
          <EngineRow
            key={i.id}
            engine={engine}
            name={name}
            actions={
              <>
                <RowButton label={`Copy image ${name} on ${engine.name} to another engine`} onClick={() => setCopying(i.repoTags[0] ?? i.id)}>
                  Copy to engine…
                </RowButton>
                <EngineAction label={`Remove image ${name} on ${engine.name}`} danger run={() => on.images.remove({ id: i.id, force: false, noPrune: false })} done={`Removed ${name} on ${engine.name}`}>
                  Remove
                </EngineAction>
              </>
            }
          >
            <td className="mono">{name}</td>
            <td className="muted">{bytes(i.size)}</td>
          </EngineRow>
        );
      })}
    </EngineSection>
  );
}

export function VolumeRows({ engine, rows }: { engine: EngineEntry; rows: VolumeSummary[] }) {
  const on = clientOn(engine.id);
  const [copying, setCopying] = useState<string | undefined>();
  return (
    <EngineSection kind="Volumes" engine={engine} count={rows.length} dialog={copying ? <CopyVolumeDialog from={engine.id} volume={copying} onClose={() => setCopying(undefined)} /> : null}>
      {rows.map((v) => (
        <EngineRow
          key={v.name}
          engine={engine}
          name={v.name}
          actions={
            <>
              <RowButton label={`Copy volume ${v.name} on ${engine.name} to another engine`} onClick={() => setCopying(v.name)}>
                Copy to engine…
              </RowButton>
              <EngineAction label={`Remove volume ${v.name} on ${engine.name}`} danger run={() => on.volumes.remove({ name: v.name, force: false })} done={`Removed volume ${v.name} on ${engine.name}`}>
                Remove
              </EngineAction>
            </>
          }
        >
          <td className="mono" title={v.name}>
            {v.name}
          </td>
          <td className="muted">{v.driver}</td>
        </EngineRow>
      ))}
    </EngineSection>
  );
}
