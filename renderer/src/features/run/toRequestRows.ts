// Run form rows (ports, environment, mounts, log options, labels) -> RunSpec entries, each error keyed to its row.
import { formatEnvLine, parseEnvLine } from '../../../../app/parse/env.js';
import { isIP } from '../../../../app/parse/ip.js';
import { parseLabel } from '../../../../app/parse/labels.js';
import { parsePortSpec } from '../../../../app/parse/ports.js';
import { parseWord } from '../../../../app/parse/runOptions.js';
import type { PortMapping, RunSpec } from '../../../../app/runspec.js';
import { isBlankEnvRow, isBlankMountRow, isBlankPortRow, type SpecRows } from './fields.js';
import type { PortRow, RunForm } from './form.js';
import type { FormErrors } from './toRequest.js';

/** Runs `fn`; on a throw, its message goes on `field` and the result is undefined. */
export type Check = <T>(field: string, fn: () => T) => T | undefined;

/** A port row as `-p` text, or the error on the row's field. */
function portText(p: PortRow, key: string, errors: FormErrors): string | undefined {
  const cp = p.containerPort.trim();
  if (cp === '') {
    errors[`${key}.containerPort`] = 'Which port in the container? e.g. 80';
    return undefined;
  }
  if (!/^\d+(-\d+)?$/.test(cp)) {
    errors[`${key}.containerPort`] = `Container port "${cp}" is not a port number (1-65535) or range (8000-8010)`;
    return undefined;
  }
  const hp = p.hostPort.trim();
  if (hp !== '' && !/^\d+(-\d+)?$/.test(hp)) {
    errors[`${key}.hostPort`] = `Host port "${hp}" is not a port number; leave it blank for any free port`;
    return undefined;
  }
  const ip = p.hostIp.trim();
  if (ip !== '' && !isIP(ip.replace(/^\[|\]$/g, ''))) {
    errors[`${key}.hostIp`] = `"${ip}" is not an IP address; leave it blank for all addresses`;
    return undefined;
  }
  const shownIp = ip === '' ? '' : ip.includes(':') && !ip.startsWith('[') ? `[${ip}]:` : `${ip}:`;
  return `${shownIp}${hp === '' && ip !== '' ? ':' : hp === '' ? '' : `${hp}:`}${cp}/${p.protocol}`;
}

/** Port rows to mappings; the same host port twice is caught here, on the later row. */
export function addPorts(f: RunForm, spec: RunSpec, rows: SpecRows, errors: FormErrors, check: Check): void {
  const seenHost = new Map<string, number>();
  f.ports.forEach((p, i) => {
    if (isBlankPortRow(p)) return;
    const key = `ports.${i}`;
    const text = portText(p, key, errors);
    if (text === undefined) return;
    const hp = p.hostPort.trim();
    const m = check(`${key}.${hp ? 'hostPort' : 'containerPort'}`, () => parsePortSpec(text, key));
    if (!m) return;
    if (hp !== '') {
      const dupKey = `${p.hostIp.trim() || '*'}:${hp}/${p.protocol}`;
      const other = seenHost.get(dupKey);
      if (other !== undefined) {
        errors[`${key}.hostPort`] = `Host port ${hp}/${p.protocol} is already used by row ${other + 1}`;
        return;
      }
      seenHost.set(dupKey, i);
    }
    spec.ports.push(m as PortMapping);
    rows.ports.push(i);
  });
}

export function addRows(f: RunForm, spec: RunSpec, rows: SpecRows, errors: FormErrors, check: Check): void {
  f.env.forEach((e, i) => {
    if (isBlankEnvRow(e)) return;
    const line = check(`env.${i}`, () => formatEnvLine(parseEnvLine(`${e.key.trim()}=${e.value}`, `env.${i}`), `env.${i}`));
    if (line === undefined) return;
    spec.env.push(line);
    rows.env.push(i);
  });
  f.mounts.forEach((m, i) => {
    if (isBlankMountRow(m)) return;
    if (!m.target.trim()) {
      errors[`mounts.${i}`] = 'Where in the container? e.g. /data';
      return;
    }
    const source = m.type !== 'tmpfs' && m.source.trim() ? { source: m.source.trim() } : {};
    spec.mounts.push({ type: m.type, target: m.target.trim(), ...source, ...(m.readOnly ? { readOnly: true } : {}) });
    rows.mounts.push(i);
  });
  const opts: Record<string, string> = {};
  f.logOpts.forEach((o, i) => {
    if (!o.key.trim() && !o.value.trim()) return;
    if (!o.key.trim()) errors[`logOpts.${i}`] = 'Option name missing, e.g. max-size';
    else opts[o.key.trim()] = o.value.trim();
  });
  if (f.logDriver.trim() !== '') {
    const d = check('logDriver', () => parseWord(f.logDriver.trim(), 'logDriver', 'Log driver'));
    if (d) spec.log = { driver: d, options: opts };
  } else if (Object.keys(opts).length > 0) spec.log = { driver: 'json-file', options: opts };
  f.labels.forEach((l, i) => {
    if (!l.key.trim() && !l.value) return;
    const parsed = check(`labels.${i}`, () => parseLabel(`${l.key.trim()}=${l.value}`, `labels.${i}`));
    if (parsed) spec.labels[parsed.key] = parsed.value;
  });
}
