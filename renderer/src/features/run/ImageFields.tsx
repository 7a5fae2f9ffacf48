// The run form's top: image and name, the "Pull and run" offer, the platform, the command and the run switches (-ti, --rm, -P).
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store/index.js';
import { Field } from '../../ui/Field.js';
import type { PlatformAdvice } from './platform.js';
import { PlatformField } from './PlatformField.js';
import type { SectionProps } from './useRunDialog.js';

export interface ImageFieldsProps extends SectionProps {
  platform: PlatformAdvice;
  /** The image the engine does not have, while the field still names it and nothing runs: offer to pull it. */
  offerPull: string | undefined;
  onPullAndRun(): void;
}

export function ImageFields({ form, set, errors, platform, offerPull, onPullAndRun }: ImageFieldsProps) {
  const images = useStore(useShallow((s) => Object.values(s.images.byId).flatMap((i) => i.repoTags).sort()));
  return (
    <>
      <div className="grid2">
        <Field label="Image" error={errors.image} hint="repository:tag — if this engine does not have it, Berth offers to pull it">
          <input type="text" className="mono" list="run-images" value={form.image} onChange={(e) => set('image', e.target.value)} spellCheck={false} data-autofocus />
        </Field>
        <Field label="Name" error={errors.name} hint="Leave blank and the engine picks a random name (like quirky_hopper).">
          <input type="text" className="mono" value={form.name} onChange={(e) => set('name', e.target.value)} spellCheck={false} />
        </Field>
      </div>
      {offerPull !== undefined ? (
        <div className="note" role="group" aria-label="Image not here">
          <span style={{ flex: 1 }}>
            <code>{offerPull}</code> is not on this engine. Pull it (progress shows in the activity panel), then run it with these settings?
          </span>
          <button type="button" className="btn primary" onClick={onPullAndRun}>
            Pull and run
          </button>
        </div>
      ) : null}
      <PlatformField advice={platform} value={form.platform} error={errors.platform} onChange={(v) => set('platform', v)} />
      <datalist id="run-images">
        {images.map((i) => (
          <option key={i} value={i} />
        ))}
      </datalist>
      <Field label="Command" error={errors.command} hint="Replaces the image's CMD; shell-style quoting.">
        <input type="text" className="mono" placeholder="(the image's default)" value={form.command} onChange={(e) => set('command', e.target.value)} spellCheck={false} />
      </Field>
      <div className="rowline" style={{ gap: 18 }}>
        <label className="check">
          <input type="checkbox" checked={form.terminal} onChange={(e) => set('terminal', e.target.checked)} />
          Interactive terminal (-ti)
        </label>
        <label className="check">
          <input type="checkbox" checked={form.autoRemove} onChange={(e) => set('autoRemove', e.target.checked)} />
          Remove when stopped (--rm)
        </label>
        <label className="check">
          <input type="checkbox" checked={form.publishAll} onChange={(e) => set('publishAll', e.target.checked)} />
          Publish all exposed ports (-P)
        </label>
      </div>
    </>
  );
}
