// `containers.commit` (docker commit): checks the target and --change lines, takes Berth's lent busybox out first, commits.
import type { Api } from '../../../app/api.js';
import { BerthError } from '../../../app/errors.js';
import { parseChangeLine, parseCommitTarget } from '../../../app/parse/commit.js';
import type { InputOf, OutputOf } from '../../../app/contract.js';
import type { CoreContext } from '../context.js';
import { createLogger } from '../log.js';
import { lentDirs, lentFor } from '../terminals/lent.js';
import { dial } from '../streams/dial.js';
import { engineCall } from './link/errors.js';

const log = createLogger('commit');

type CommitInput = InputOf<Api['containers']['commit']>;
type CommitOutput = OutputOf<Api['containers']['commit']>;

/** The engine's query for `POST /commit`, after checking what the person typed (INVALID_INPUT naming the field). */
export function commitQuery(input: CommitInput, containerId: string): Record<string, unknown> {
  const target = parseCommitTarget(input.tag ? `${input.repo}:${input.tag}` : input.repo, 'repo');
  const changes = input.changes.map((l, i) => parseChangeLine(l, i + 1));
  const query: Record<string, unknown> = { container: containerId, repo: target.repo, pause: input.pause };
  if (target.tag) query.tag = target.tag;
  if (input.comment) query.comment = input.comment;
  if (input.author) query.author = input.author;
  if (changes.length > 0) query.changes = changes;
  return query;
}

export async function commitContainer(ctx: CoreContext, input: CommitInput): Promise<CommitOutput> {
  const c = ctx.docker.getContainer(input.id);
  const what = { what: `Container ${input.id}` };
  const info = await engineCall(() => c.inspect(), what);
  const query = commitQuery(input, info.Id);
  const name = info.Name.replace(/^\//, '');
  const rows: unknown = await engineCall(() => c.changes(), what);
  const changes = Array.isArray(rows) ? (rows as { Path: string; Kind: number }[]).map((r) => ({ path: r.Path, kind: r.Kind === 1 ? ('added' as const) : ('modified' as const) })) : [];
  const dirs = lentDirs(changes);
  let removedLent: string[] | undefined;
  if (dirs.length > 0 && !input.includeBerthBusybox) {
    const lent = lentFor(ctx);
    if (lent.openShells(info.Id) > 0) {
      throw new BerthError('CONFLICT', `A busybox shell Berth opened in ${name} is still open, and its busybox would go into the image. Close that shell first (Berth then takes the busybox out), or commit with Berth's busybox included.`, { field: 'includeBerthBusybox' });
    }
    if (!info.State.Running) {
      throw new BerthError('CONFLICT', `${name} still holds the busybox Berth lent it for a shell (${dirs.join(', ')}), and it is stopped, so Berth cannot take it out. Start it and commit again (Berth takes the busybox out first), or commit with Berth's busybox included.`, { field: 'includeBerthBusybox' });
    }
    await lent.takeOut(info.Id, dirs);
    removedLent = dirs;
  }
  const r = await engineCall(
    () => dial<{ Id: string }>(ctx.docker, { path: '/commit', method: 'POST', query, statusCodes: { 200: true, 201: true, 400: 'bad parameter', 404: 'no such container', 500: 'server error' } }),
    { what: `Container ${input.id}`, field: 'repo' },
  );
  log.info(`committed ${name} as ${String(query.repo)}${query.tag ? `:${String(query.tag)}` : ''}${removedLent ? ` (took Berth's busybox out first: ${removedLent.join(', ')})` : ''}`);
  return removedLent ? { imageId: r.Id, removedLent } : { imageId: r.Id };
}
