// What a person types to commit a container: the target `repository[:tag]` and `--change` lines (CMD, ENV, …).
import { invalidInput } from '../errors.js';
import { parseImageRef } from './imageRef.js';

/** The instructions the engine applies on commit (moby's validCommitCommands). */
export const COMMIT_INSTRUCTIONS = ['CMD', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'ONBUILD', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR'] as const;
export type CommitInstruction = (typeof COMMIT_INSTRUCTIONS)[number];
/** The most change lines one commit takes (the contract's limit too). */
export const MAX_CHANGES = 64;

export interface CommitTarget {
  /** `[registry/]repository`, as the engine's commit wants it. */
  repo: string;
  tag?: string;
}

/** `app`, `app:1.0`, `localhost:5000/team/app:snap`; a digest or an image ID is refused with a reason. */
export function parseCommitTarget(s: string, field = 'ref'): CommitTarget {
  const text = s.trim();
  if (text === '') throw invalidInput(field, 'Name the image to commit to, e.g. my-app:snapshot.');
  const r = parseImageRef(text, field);
  if (r.digest !== undefined) throw invalidInput(field, `"${text}" has a digest; a commit makes a new image, so name it with a tag instead (e.g. ${r.repository}:snapshot).`);
  const repo = r.registry !== undefined ? `${r.registry}/${r.repository}` : r.repository;
  return r.tag !== undefined ? { repo, tag: r.tag } : { repo };
}

const JSON_FORM: ReadonlySet<string> = new Set(['CMD', 'ENTRYPOINT', 'VOLUME']);
const PORT = /^(\d{1,5})(?:-(\d{1,5}))?(?:\/(tcp|udp|sctp))?$/i;

function checkJsonList(instr: string, arg: string, where: string, field: string): void {
  let v: unknown;
  try {
    v = JSON.parse(arg);
  } catch {
    throw invalidInput(field, `${where}: ${instr} starts with "[" but is not valid JSON; write e.g. ${instr} ["app", "--serve"], or the plain form without brackets.`);
  }
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw invalidInput(field, `${where}: ${instr}'s JSON form must be a list of strings, e.g. ${instr} ["app", "--serve"].`);
}

function checkArgs(instr: CommitInstruction, arg: string, where: string, field: string): void {
  if (JSON_FORM.has(instr) && arg.startsWith('[')) return checkJsonList(instr, arg, where, field);
  const first = arg.split(/\s+/)[0] ?? '';
  switch (instr) {
    case 'ENV':
    case 'LABEL': {
      const key = first.includes('=') ? first.slice(0, first.indexOf('=')) : instr === 'ENV' && arg.includes(' ') ? first : '';
      if (key === '') throw invalidInput(field, `${where}: ${instr} needs NAME=value, e.g. ${instr} ${instr === 'ENV' ? 'MODE=production' : 'team=web'}.`);
      return;
    }
    case 'EXPOSE':
      for (const p of arg.split(/\s+/)) {
        const m = PORT.exec(p);
        if (!m || Number(m[1]) < 1 || Number(m[1]) > 65535 || (m[2] !== undefined && (Number(m[2]) > 65535 || Number(m[2]) < Number(m[1])))) {
          throw invalidInput(field, `${where}: "${p}" is not a port to expose; write e.g. EXPOSE 80 or EXPOSE 53/udp.`);
        }
      }
      return;
    case 'STOPSIGNAL':
      if (!/^(?:SIG)?[A-Z][A-Z0-9+-]*$|^\d{1,2}$/.test(arg)) throw invalidInput(field, `${where}: "${arg}" is not a signal; write e.g. STOPSIGNAL SIGTERM.`);
      return;
    case 'ONBUILD': {
      const inner = first.toUpperCase();
      if (inner === 'ONBUILD' || inner === 'FROM' || inner === 'MAINTAINER') throw invalidInput(field, `${where}: ONBUILD cannot trigger ${inner}.`);
      return;
    }
    default:
      return;
  }
}

/** One `--change` line, checked: returns it with the instruction in capitals; `line` (1-based) goes into the message. */
export function parseChangeLine(text: string, line = 1, field = 'changes'): string {
  const where = `Change line ${line}`;
  const s = text.trim();
  if (s.endsWith('\\')) throw invalidInput(field, `${where}: one instruction per line; a line cannot continue with "\\".`);
  const m = /^(\S+)(?:\s+([\s\S]*))?$/.exec(s);
  const word = (m?.[1] ?? '').toUpperCase();
  const instr = COMMIT_INSTRUCTIONS.find((i) => i === word);
  if (!instr) {
    throw invalidInput(field, `${where}: "${m?.[1] ?? s}" cannot be changed by a commit; use one of ${COMMIT_INSTRUCTIONS.join(', ')} (e.g. CMD ["app"] or ENV MODE=production).`);
  }
  const arg = (m?.[2] ?? '').trim();
  if (arg === '') throw invalidInput(field, `${where}: ${instr} needs a value, e.g. ${instr === 'CMD' || instr === 'ENTRYPOINT' ? `${instr} ["app", "--serve"]` : instr === 'ENV' ? 'ENV MODE=production' : `${instr} …`}.`);
  checkArgs(instr, arg, where, field);
  return `${instr} ${arg}`;
}

/** The change box's text: one instruction a line; blank lines and `#` comments are skipped. */
export function parseChanges(text: string, field = 'changes'): string[] {
  const out: string[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    if (l.trim() === '' || l.trim().startsWith('#')) return;
    out.push(parseChangeLine(l, i + 1, field));
  });
  if (out.length > MAX_CHANGES) throw invalidInput(field, `At most ${MAX_CHANGES} change lines, not ${out.length}.`);
  return out;
}
