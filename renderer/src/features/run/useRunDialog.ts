// The run dialog's state and actions: the form, its errors (shown once Run was pressed), paste to fill, run, pull and run.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RunResult } from '../../../../app/api.js';
import type { RunSpec } from '../../../../app/runspec.js';
import { parseDockerRun } from '../../../../app/parse/dockerRun.js';
import { info } from '../../lib/attempt.js';
import { shownError } from '../../lib/errors.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';
import { fieldForError } from './engineErrors.js';
import { hasAdvanced, isAdvancedKey } from './fields.js';
import { formFromSpec, type RunForm } from './form.js';
import { isMissingImage, pullThenRun, type PullRunPhase } from './pullAndRun.js';
import { toRunSpec, type FormErrors } from './toRequest.js';

export type SetField = <K extends keyof RunForm>(k: K, v: RunForm[K]) => void;

export function useRunDialog() {
  const prefill = useStore((s) => s.runDialog?.prefill);
  const close = useStore((s) => s.closeRun);
  const [form, setForm] = useState<RunForm>(() => formFromSpec(prefill ?? {}));
  const [shownErrors, setShownErrors] = useState<FormErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState<number | undefined>();
  const [phase, setPhase] = useState<PullRunPhase | undefined>();
  /** The image the engine said it does not have: "Pull and run" is offered while the field still names it. */
  const [missingImage, setMissingImage] = useState<string | undefined>();
  const [advanced, setAdvanced] = useState(() => hasAdvanced(form));
  const [pasteError, setPasteError] = useState<string | undefined>();
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const bodyRef = useRef<HTMLFormElement>(null);
  const built = useMemo(() => toRunSpec(form), [form]);
  // Errors show once the person has tried to run, then follow every edit.
  const errors: FormErrors = submitted ? { ...built.errors, ...shownErrors } : shownErrors;

  const set: SetField = (k, v) => {
    setForm((f) => ({ ...f, [k]: v }));
    if (shownErrors[k] || Object.keys(shownErrors).some((e) => e.startsWith(`${k}.`)) || shownErrors.form) setShownErrors({});
  };

  /** Fills the form from a pasted `docker run` line; false (and the reason shown) when it does not read. */
  const fill = (text: string): boolean => {
    try {
      const f = formFromSpec(parseDockerRun(text));
      setForm(f);
      setAdvanced(hasAdvanced(f));
      setPasteError(undefined);
      setShownErrors({});
      return true;
    } catch (e) {
      setPasteError(shownError(e).message);
      return false;
    }
  };

  const focusFirstError = () => requestAnimationFrame(() => bodyRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());

  const started = (r: RunResult, spec: RunSpec) => {
    const ports = r.ports.map((p) => `${p.hostPort}→${p.containerPort}/${p.protocol}`).join(', ');
    info(`Started ${r.name}${ports ? ` (${ports})` : ''}`, r.warnings.join(' '));
    if (!mounted.current) return;
    close();
    if (spec.tty && spec.interactive) useStore.getState().navigate({ page: 'container', id: r.id, tab: 'terminal' });
  };

  const failed = (e: unknown) => {
    const err = shownError(e);
    if (!mounted.current) {
      // The dialog was closed while pulling: the failure still gets said.
      useStore.getState().notify({ level: 'error', title: `Run ${form.image.trim()}: ${err.message}`, detail: err.detail });
      return;
    }
    setMissingImage(isMissingImage(e) ? form.image.trim() : undefined);
    const field = fieldForError(err, form);
    setShownErrors({ [field]: err.detail && err.detail !== err.message && field === 'form' ? `${err.message} (${err.detail})` : err.message });
    if (isAdvancedKey(field)) setAdvanced(true);
    focusFirstError();
  };

  /** Runs `spec` through `go` with the footer's clock running, then closes or shows the failure on its field. */
  const attempt = async (spec: RunSpec, go: () => Promise<RunResult>) => {
    setBusy(Date.now());
    try {
      started(await go(), spec);
    } catch (e) {
      failed(e);
    } finally {
      if (mounted.current) {
        setBusy(undefined);
        setPhase(undefined);
      }
    }
  };

  const submit = async () => {
    setSubmitted(true);
    const spec = built.spec;
    if (!spec) {
      if (Object.keys(built.errors).some(isAdvancedKey)) setAdvanced(true);
      focusFirstError();
      return;
    }
    setPhase('running');
    await attempt(spec, () => client().containers.run(spec));
  };

  const pullAndRun = async () => {
    const spec = built.spec;
    if (!spec) return;
    setMissingImage(undefined);
    setShownErrors({});
    await attempt(spec, () => pullThenRun(spec, (p) => mounted.current && setPhase(p)));
  };

  return { form, set, errors, built, busy, phase, missingImage, advanced, setAdvanced, pasteError, fill, submit, pullAndRun, close, bodyRef };
}

/** What every section of the form gets: the form, how to change one field, the errors to show. */
export interface SectionProps {
  form: RunForm;
  set: SetField;
  errors: FormErrors;
}
