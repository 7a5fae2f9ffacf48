// The run form's network row: which network (the standard ones, then the engine's), aliases on it, and the restart policy.
import { useShallow } from 'zustand/react/shallow';
import { STANDARD_NETWORKS } from '../../../../app/run-rules.js';
import { useStore } from '../../store/index.js';
import { Field } from '../../ui/Field.js';
import type { RestartName } from './form.js';
import type { SectionProps } from './useRunDialog.js';

export function NetworkFields({ form, set, errors }: SectionProps) {
  const networks = useStore(useShallow((s) => Object.values(s.networks.byId).map((n) => n.name).sort()));
  const choices = [...STANDARD_NETWORKS, ...networks.filter((n) => !STANDARD_NETWORKS.includes(n))];
  return (
    <div className="grid3">
      <Field label="Network" error={errors.network}>
        <select value={form.network} onChange={(e) => set('network', e.target.value)}>
          <option value="">default (bridge)</option>
          {choices.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
          {form.network && !choices.includes(form.network) ? <option value={form.network}>{form.network}</option> : null}
        </select>
      </Field>
      <Field label="Network aliases" error={errors.networkAliases} hint="other names on that network">
        <input type="text" className="mono" value={form.networkAliases} onChange={(e) => set('networkAliases', e.target.value)} />
      </Field>
      <div className="rowline" style={{ alignItems: 'flex-start' }}>
        <Field label="Restart" error={errors.restart}>
          <select value={form.restart} onChange={(e) => set('restart', e.target.value as RestartName)}>
            <option value="no">no</option>
            <option value="always">always</option>
            <option value="unless-stopped">unless stopped</option>
            <option value="on-failure">on failure</option>
          </select>
        </Field>
        {form.restart === 'on-failure' ? (
          <Field label="Max retries" error={errors.restartRetries}>
            <input type="text" className="mono" value={form.restartRetries} onChange={(e) => set('restartRetries', e.target.value)} style={{ width: 70 }} />
          </Field>
        ) : null}
      </div>
    </div>
  );
}
