// The run form's Advanced section: labels, logging, swap, entrypoint, working directory, hostname, user, namespaces, capabilities.
import { namespaceModes } from '../../../../app/parse/runOptions.js';
import { Field } from '../../ui/Field.js';
import { RowsEditor } from '../../ui/RowsEditor.js';
import type { RunForm } from './form.js';
import type { SectionProps } from './useRunDialog.js';

const LOG_DRIVERS = ['json-file', 'local', 'none', 'syslog', 'journald', 'fluentd', 'gelf', 'awslogs', 'splunk'];

export interface AdvancedSectionProps extends SectionProps {
  open: boolean;
  onToggle(open: boolean): void;
}

type TextKey = { [K in keyof RunForm]: string extends RunForm[K] ? K : never }[keyof RunForm];

export function AdvancedSection({ form, set, errors, open, onToggle }: AdvancedSectionProps) {
  const text = (label: string, key: TextKey, extra: { hint?: string; placeholder?: string; list?: string } = {}) => (
    <Field label={label} error={errors[key]} hint={extra.hint}>
      <input type="text" className="mono" list={extra.list} placeholder={extra.placeholder} value={form[key]} onChange={(e) => set(key, e.target.value)} />
    </Field>
  );
  return (
    <details open={open} onToggle={(e) => onToggle((e.target as HTMLDetailsElement).open)}>
      <summary style={{ cursor: 'pointer', fontWeight: 600 }}>Advanced</summary>
      <div style={{ display: 'flex', flexDirection: 'column', gap: 12, marginTop: 10 }}>
        <RowsEditor legend="Labels" rows={form.labels} onChange={(r) => set('labels', r)} errorKey="labels" errors={errors} keyLabel="Label name" valueLabel="Label value" keyPlaceholder="com.example.role" addLabel="Add label" />
        <div className="grid2">
          <Field label="Log driver" error={errors.logDriver} hint="Default: json-file, rotated at 10m × 3 files">
            <select value={form.logDriver} onChange={(e) => set('logDriver', e.target.value)}>
              <option value="">default (json-file, rotated)</option>
              {LOG_DRIVERS.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </Field>
          {text('Memory + swap', 'memorySwap', { hint: '-1 for unlimited swap' })}
        </div>
        <RowsEditor legend="Log options" rows={form.logOpts} onChange={(r) => set('logOpts', r)} errorKey="logOpts" errors={errors} keyLabel="Log option" valueLabel="Log option value" keyPlaceholder="max-size" valuePlaceholder="10m" addLabel="Add log option" />
        <div className="grid2">
          {text('Entrypoint', 'entrypoint', { hint: "replaces the image's ENTRYPOINT" })}
          {text('Working directory', 'workdir', { placeholder: '/app' })}
          {text('Hostname', 'hostname')}
          {text('User', 'user', { hint: 'name, uid or uid:gid' })}
        </div>
        <div className="grid2">
          {text('PID namespace', 'pidMode', { hint: 'blank (own), host, or container:<name>', list: 'ns-pid' })}
          {text('IPC namespace', 'ipcMode', { hint: 'private, shareable, host, none, container:<name>', list: 'ns-ipc' })}
          {text('UTS namespace', 'utsMode', { hint: 'blank (own) or host', list: 'ns-host' })}
          {text('User namespace', 'usernsMode', { hint: 'blank (engine default) or host', list: 'ns-host' })}
          <datalist id="ns-pid">
            {namespaceModes('pid').map((v) => (
              <option key={v} value={v} />
            ))}
          </datalist>
          <datalist id="ns-ipc">
            {namespaceModes('ipc').map((v) => (
              <option key={v} value={v} />
            ))}
          </datalist>
          <datalist id="ns-host">
            {namespaceModes('uts').map((v) => (
              <option key={v} value={v} />
            ))}
          </datalist>
          {text('Add capabilities', 'capAdd', { hint: 'e.g. NET_ADMIN, SYS_TIME' })}
          {text('Drop capabilities', 'capDrop', { hint: 'e.g. ALL, or MKNOD' })}
        </div>
        <label className="check">
          <input type="checkbox" checked={form.privileged} onChange={(e) => set('privileged', e.target.checked)} />
          Privileged (all capabilities and devices — only for containers you trust)
        </label>
      </div>
    </details>
  );
}
