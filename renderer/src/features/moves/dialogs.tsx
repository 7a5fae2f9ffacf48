// "Copy to engine…" for an image and a volume, and "Recreate on engine…" for a container: each one's stream and words over MoveDialog.
import { useState } from 'react';
import type { MoveImageResult, MoveVolumeResult, RecreateResult } from '../../../../app/engines.js';
import { client } from '../../transport/index.js';
import { MoveDialog } from './MoveDialog.js';
import { startMove } from './tasks.js';
import { imageResultLine, recreateResultLines, volumeResultLine } from './viewModel.js';

// Where other features offer Recreate (a container's page, a row's menu): its words and when it applies.
export { canRecreate, RECREATE_WORDS } from './viewModel.js';

/** `image`: a name:tag (that tag moves) or an ID (every tag it has). */
export function CopyImageDialog({ from, image, onClose }: { from: string; image: string; onClose(): void }) {
  return (
    <MoveDialog<MoveImageResult>
      title={`Copy ${image} to another engine`}
      from={from}
      verb="Copy"
      start={({ to, toName }, watch) =>
        startMove(`Copy ${image} to ${toName}`, (cb) => client().engines.moveImage({ from, to, image }, cb), (r) => imageResultLine(r, toName), watch)
      }
      describe={(r, target) => ({ lines: [imageResultLine(r, target)] })}
      onClose={onClose}
    />
  );
}

export function CopyVolumeDialog({ from, volume, onClose }: { from: string; volume: string; onClose(): void }) {
  return (
    <MoveDialog<MoveVolumeResult>
      title={`Copy volume ${volume} to another engine`}
      from={from}
      verb="Copy"
      nameField={{ label: 'Name on the target', hint: `Blank: ${volume}, as here. The target must not have a volume of that name.` }}
      start={({ to, toName, name }, watch) =>
        startMove(`Copy volume ${volume} to ${toName}`, (cb) => client().engines.moveVolume({ from, to, volume, ...(name ? { name } : {}) }, cb), (r) => volumeResultLine(r, toName), watch)
      }
      describe={(r, target) => ({ lines: [volumeResultLine(r, target)] })}
      onClose={onClose}
    />
  );
}

export function RecreateDialog({ from, container, running, onClose }: { from: string; container: string; running: boolean; onClose(): void }) {
  const [copyVolumes, setCopyVolumes] = useState(false);
  return (
    <MoveDialog<RecreateResult>
      title={`Recreate ${container} on another engine`}
      from={from}
      verb="Recreate"
      note={
        <span>
          The same settings run on the target (its image copied first when missing).{' '}
          {running ? `${container} is stopped here once the new one is made, and kept` : `${container} stays here, stopped`}: it is not removed. If the new one fails to start, the
          original is started again.
        </span>
      }
      start={({ to, toName }, watch) =>
        startMove(`Recreate ${container} on ${toName}`, (cb) => client().engines.recreateContainer({ from, to, container, copyVolumes }, cb), (r) => recreateResultLines(r, toName, container).lines[0] ?? '', watch)
      }
      describe={(r, target) => recreateResultLines(r, target, container)}
      onClose={onClose}
    >
      <label className="check">
        <input type="checkbox" checked={copyVolumes} onChange={(e) => setCopyVolumes(e.target.checked)} /> Copy its named volumes too (none of them may exist on the target)
      </label>
    </MoveDialog>
  );
}
