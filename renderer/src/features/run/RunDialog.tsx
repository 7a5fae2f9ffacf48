// The run dialog: the everyday fields first, the rest under Advanced; errors on their field; a live `docker run` line; paste to fill.
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store/index.js';
import { Dialog } from '../../ui/Dialog.js';
import { Field } from '../../ui/Field.js';
import { RowsEditor } from '../../ui/RowsEditor.js';
import { AdvancedSection } from './AdvancedSection.js';
import { CommandLine } from './CommandLine.js';
import { ImageFields } from './ImageFields.js';
import { MountsEditor } from './MountsEditor.js';
import { NetworkFields } from './NetworkFields.js';
import { PasteField } from './PasteField.js';
import { platformAdvice } from './platform.js';
import { PortsEditor } from './PortsEditor.js';
import { RunFooter } from './RunFooter.js';
import { commandLine } from './toRequest.js';
import { useEnginePlatform, useImageFacts } from './useImageFacts.js';
import { useRunDialog } from './useRunDialog.js';

export function RunDialog() {
  const d = useRunDialog();
  const { form, set, errors } = d;
  const volumes = useStore(useShallow((s) => Object.keys(s.volumes.byId).sort()));
  const imageFacts = useImageFacts(form.image);
  const platform = platformAdvice(imageFacts.platform, useEnginePlatform(), form.platform);
  const offerPull = d.missingImage !== undefined && d.missingImage === form.image.trim() && d.busy === undefined ? d.missingImage : undefined;
  const section = { form, set, errors };
  return (
    <Dialog title="Run a container" onClose={d.close} wide footer={<RunFooter error={errors.form} busy={d.busy} phase={d.phase} image={form.image.trim()} onCancel={d.close} />}>
      <form
        id="run-form"
        ref={d.bodyRef}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void d.submit();
        }}
        style={{ display: 'flex', flexDirection: 'column', gap: 12 }}
      >
        <PasteField error={d.pasteError} onFill={d.fill} />
        <ImageFields {...section} platform={platform} offerPull={offerPull} onPullAndRun={() => void d.pullAndRun()} />
        <PortsEditor rows={form.ports} exposed={imageFacts.exposed} onChange={(r) => set('ports', r)} errors={errors} />
        <div className="grid3">
          <Field label="Memory limit" error={errors.memory} hint="e.g. 64m, 512m, 1g">
            <input type="text" className="mono" placeholder="no limit" value={form.memory} onChange={(e) => set('memory', e.target.value)} />
          </Field>
          <Field label="CPUs" error={errors.cpus} hint="e.g. 0.5 or 2">
            <input type="text" className="mono" placeholder="no limit" value={form.cpus} onChange={(e) => set('cpus', e.target.value)} />
          </Field>
          <Field label="CPU shares" error={errors.cpuShares} hint="relative weight; default 1024">
            <input type="text" className="mono" placeholder="1024" value={form.cpuShares} onChange={(e) => set('cpuShares', e.target.value)} />
          </Field>
        </div>
        <RowsEditor legend="Environment" rows={form.env} onChange={(r) => set('env', r)} errorKey="env" errors={errors} keyLabel="Variable name" valueLabel="Value" keyPlaceholder="NAME" valuePlaceholder="value" addLabel="Add variable" />
        <MountsEditor rows={form.mounts} onChange={(r) => set('mounts', r)} errors={errors} volumes={volumes} />
        <NetworkFields {...section} />
        <AdvancedSection {...section} open={d.advanced} onToggle={d.setAdvanced} />
        <CommandLine line={commandLine(d.built)} />
      </form>
    </Dialog>
  );
}
