// The run dialog: the everyday fields first, the rest under Advanced; errors on their field; a live `docker run` line; paste to fill.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RunResult } from '../../../../app/api.js';
import { useShallow } from 'zustand/react/shallow';
import { parseDockerRun } from '../../../../app/parse/dockerRun.js';
import { info } from '../../lib/attempt.js';
import { copyText } from '../../lib/clipboard.js';
import { shownError } from '../../lib/errors.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';
import { Dialog } from '../../ui/Dialog.js';
import { Field } from '../../ui/Field.js';
import { fieldForError } from './engineErrors.js';
import { formFromSpec, hasAdvanced, type RestartName, type RunForm } from './form.js';
import { MountsEditor } from './MountsEditor.js';
import { platformAdvice } from './platform.js';
import { PlatformField } from './PlatformField.js';
import { PortsEditor } from './PortsEditor.js';
import { isMissingImage, pullThenRun, type PullRunPhase } from './pullAndRun.js';
import { RowsEditor } from './RowsEditor.js';
import { commandLine, toRunSpec, type FormErrors } from './toRequest.js';
import { useEnginePlatform, useImageFacts } from './useImageFacts.js';

const LOG_DRIVERS = ['json-file', 'local', 'none', 'syslog', 'journald', 'fluentd', 'gelf', 'awslogs', 'splunk'];

export function RunDialog() {
  const prefill = useStore((s) => s.runDialog?.prefill);
  const close = useStore((s) => s.closeRun);
  const images = useStore(useShallow((s) => Object.values(s.images.byId).flatMap((i) => i.repoTags).sort()));
  const networks = useStore(useShallow((s) => Object.values(s.networks.byId).map((n) => n.name).sort()));
  const volumes = useStore(useShallow((s) => Object.keys(s.volumes.byId).sort()));
  const [form, setForm] = useState<RunForm>(() => formFromSpec(prefill ?? {}));
  const [shownErrors, setShownErrors] = useState<FormErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState<number | undefined>();
  const [phase, setPhase] = useState<PullRunPhase | undefined>();
  /** The image the engine said it does not have: "Pull and run" is offered while the field still names it. */
  const [missingImage, setMissingImage] = useState<string | undefined>();
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const [advanced, setAdvanced] = useState(() => hasAdvanced(form));
  const [paste, setPaste] = useState('');
  const [pasteError, setPasteError] = useState<string | undefined>();
  const [copied, setCopied] = useState(false);
  const imageFacts = useImageFacts(form.image);
  const exposed = imageFacts.exposed;
  const platform = platformAdvice(imageFacts.platform, useEnginePlatform(), form.platform);
  const built = useMemo(() => toRunSpec(form), [form]);
  const line = commandLine(built);
  const bodyRef = useRef<HTMLFormElement>(null);
  // Errors show once the person has tried to run, then follow every edit.
  const errors: FormErrors = submitted ? { ...built.errors, ...shownErrors } : shownErrors;
  const set = <K extends keyof RunForm>(k: K, v: RunForm[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    if (shownErrors[k as string] || Object.keys(shownErrors).some((e) => e.startsWith(`${String(k)}.`)) || shownErrors.form) setShownErrors({});
  };

  const fill = (text: string) => {
    try {
      const spec = parseDockerRun(text);
      const f = formFromSpec(spec);
      setForm(f);
      setAdvanced(hasAdvanced(f));
      setPasteError(undefined);
      setPaste('');
      setShownErrors({});
    } catch (e) {
      setPasteError(shownError(e).message);
    }
  };

  const focusFirstError = () =>
    requestAnimationFrame(() => bodyRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());

  const started = (r: RunResult, spec: NonNullable<typeof built.spec>) => {
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
    if (field !== 'form' && !field.startsWith('ports') && !['image', 'name', 'command', 'memory', 'cpus', 'cpuShares', 'network', 'restart', 'platform'].includes(field) && !field.startsWith('env') && !field.startsWith('mounts')) setAdvanced(true);
    focusFirstError();
  };

  const submit = async () => {
    setSubmitted(true);
    if (!built.spec) {
      if (Object.keys(built.errors).some((k) => ['logDriver', 'pidMode', 'ipcMode', 'utsMode', 'usernsMode', 'hostname', 'user', 'workdir', 'capAdd', 'capDrop', 'entrypoint', 'memorySwap'].includes(k) || k.startsWith('labels') || k.startsWith('logOpts'))) setAdvanced(true);
      focusFirstError();
      return;
    }
    const spec = built.spec;
    setBusy(Date.now());
    setPhase('running');
    try {
      started(await client().containers.run(spec), spec);
    } catch (e) {
      failed(e);
    } finally {
      if (mounted.current) {
        setBusy(undefined);
        setPhase(undefined);
      }
    }
  };

  const pullAndRun = async () => {
    const spec = built.spec;
    if (!spec) return;
    setMissingImage(undefined);
    setShownErrors({});
    setBusy(Date.now());
    try {
      started(await pullThenRun(spec, (p) => mounted.current && setPhase(p)), spec);
    } catch (e) {
      failed(e);
    } finally {
      if (mounted.current) {
        setBusy(undefined);
        setPhase(undefined);
      }
    }
  };

  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (busy === undefined) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [busy]);

  return (
    <Dialog
      title="Run a container"
      onClose={close}
      wide
      footer={
        <>
          {errors.form ? (
            <span className="error-text" role="alert" style={{ flex: 1 }}>
              {errors.form}
            </span>
          ) : (
            <span className="muted" style={{ flex: 1 }}>
              {busy !== undefined
                ? phase === 'pulling'
                  ? `Pulling ${form.image.trim()} — ${Math.max(0, Math.round((now - busy) / 1000))} s (progress in the activity panel); it runs when the pull is done…`
                  : `Creating and starting the container — ${Math.max(0, Math.round((now - busy) / 1000))} s…`
                : ''}
            </span>
          )}
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
          <button type="submit" form="run-form" className="btn primary" disabled={busy !== undefined}>
            Run
          </button>
        </>
      }
    >
      <form
        id="run-form"
        ref={bodyRef}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        style={{ display: 'flex', flexDirection: 'column', gap: 12 }}
      >
        <Field label="Paste a docker run command" error={pasteError} hint="Fills the form; the form below shows the same command as you edit.">
          <input
            type="text"
            className="mono"
            placeholder="docker run -d -p 8080:80 --name web nginx"
            value={paste}
            onChange={(e) => setPaste(e.target.value)}
            onPaste={(e) => {
              const text = e.clipboardData.getData('text');
              if (text.trim()) {
                e.preventDefault();
                setPaste(text);
                fill(text);
              }
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                fill(paste);
              }
            }}
          />
        </Field>
        <div className="grid2">
          <Field label="Image" error={errors.image} hint="repository:tag — if this engine does not have it, Berth offers to pull it">
            <input type="text" className="mono" list="run-images" value={form.image} onChange={(e) => set('image', e.target.value)} spellCheck={false} data-autofocus />
          </Field>
          <Field label="Name" error={errors.name} hint="Leave blank and the engine picks a random name (like quirky_hopper).">
            <input type="text" className="mono" value={form.name} onChange={(e) => set('name', e.target.value)} spellCheck={false} />
          </Field>
        </div>
        {missingImage !== undefined && missingImage === form.image.trim() && busy === undefined ? (
          <div className="note" role="group" aria-label="Image not here">
            <span style={{ flex: 1 }}>
              <code>{missingImage}</code> is not on this engine. Pull it (progress shows in the activity panel), then run it with these settings?
            </span>
            <button type="button" className="btn primary" onClick={() => void pullAndRun()}>
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
        <PortsEditor rows={form.ports} exposed={exposed} onChange={(r) => set('ports', r)} errors={errors} />
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
        <div className="grid3">
          <Field label="Network" error={errors.network}>
            <select value={form.network} onChange={(e) => set('network', e.target.value)}>
              <option value="">default (bridge)</option>
              {['bridge', 'host', 'none', ...networks.filter((n) => !['bridge', 'host', 'none'].includes(n))].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
              {form.network && !['bridge', 'host', 'none', ...networks].includes(form.network) ? <option value={form.network}>{form.network}</option> : null}
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
        <details open={advanced} onToggle={(e) => setAdvanced((e.target as HTMLDetailsElement).open)}>
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
              <Field label="Memory + swap" error={errors.memorySwap} hint="-1 for unlimited swap">
                <input type="text" className="mono" value={form.memorySwap} onChange={(e) => set('memorySwap', e.target.value)} />
              </Field>
            </div>
            <RowsEditor legend="Log options" rows={form.logOpts} onChange={(r) => set('logOpts', r)} errorKey="logOpts" errors={errors} keyLabel="Log option" valueLabel="Log option value" keyPlaceholder="max-size" valuePlaceholder="10m" addLabel="Add log option" />
            <div className="grid2">
              <Field label="Entrypoint" error={errors.entrypoint} hint="replaces the image's ENTRYPOINT">
                <input type="text" className="mono" value={form.entrypoint} onChange={(e) => set('entrypoint', e.target.value)} />
              </Field>
              <Field label="Working directory" error={errors.workdir}>
                <input type="text" className="mono" placeholder="/app" value={form.workdir} onChange={(e) => set('workdir', e.target.value)} />
              </Field>
              <Field label="Hostname" error={errors.hostname}>
                <input type="text" className="mono" value={form.hostname} onChange={(e) => set('hostname', e.target.value)} />
              </Field>
              <Field label="User" error={errors.user} hint="name, uid or uid:gid">
                <input type="text" className="mono" value={form.user} onChange={(e) => set('user', e.target.value)} />
              </Field>
            </div>
            <div className="grid2">
              <Field label="PID namespace" error={errors.pidMode} hint="blank (own), host, or container:<name>">
                <input type="text" className="mono" list="ns-pid" value={form.pidMode} onChange={(e) => set('pidMode', e.target.value)} />
              </Field>
              <Field label="IPC namespace" error={errors.ipcMode} hint="private, shareable, host, none, container:<name>">
                <input type="text" className="mono" list="ns-ipc" value={form.ipcMode} onChange={(e) => set('ipcMode', e.target.value)} />
              </Field>
              <Field label="UTS namespace" error={errors.utsMode} hint="blank (own) or host">
                <input type="text" className="mono" list="ns-host" value={form.utsMode} onChange={(e) => set('utsMode', e.target.value)} />
              </Field>
              <Field label="User namespace" error={errors.usernsMode} hint="blank (engine default) or host">
                <input type="text" className="mono" list="ns-host" value={form.usernsMode} onChange={(e) => set('usernsMode', e.target.value)} />
              </Field>
              <datalist id="ns-pid">
                <option value="host" />
              </datalist>
              <datalist id="ns-ipc">
                {['private', 'shareable', 'host', 'none'].map((v) => (
                  <option key={v} value={v} />
                ))}
              </datalist>
              <datalist id="ns-host">
                <option value="host" />
              </datalist>
              <Field label="Add capabilities" error={errors.capAdd} hint="e.g. NET_ADMIN, SYS_TIME">
                <input type="text" className="mono" value={form.capAdd} onChange={(e) => set('capAdd', e.target.value)} />
              </Field>
              <Field label="Drop capabilities" error={errors.capDrop} hint="e.g. ALL, or MKNOD">
                <input type="text" className="mono" value={form.capDrop} onChange={(e) => set('capDrop', e.target.value)} />
              </Field>
            </div>
            <label className="check">
              <input type="checkbox" checked={form.privileged} onChange={(e) => set('privileged', e.target.checked)} />
              Privileged (all capabilities and devices — only for containers you trust)
            </label>
          </div>
        </details>
        <div className="field">
          <div className="rowline">
            <span className="label" style={{ flex: 1, fontWeight: 600, fontSize: 12 }}>
              Equivalent command
            </span>
            <button
              type="button"
              className="btn small"
              disabled={!line}
              onClick={() => {
                if (!line) return;
                void copyText(line).then((ok) => {
                  if (!ok) return;
                  setCopied(true);
                  setTimeout(() => setCopied(false), 1500);
                });
              }}
            >
              {copied ? 'Copied' : 'Copy command'}
            </button>
          </div>
          <output className="cmdline" aria-label="Equivalent docker run command">
            {line ?? 'Complete the form to see the command (fields marked in red need a fix).'}
          </output>
        </div>
      </form>
    </Dialog>
  );
}
