// The Commit dialog's form (repository:tag, message, author, pause, --change lines) checked and turned into containers.commit's input (pure).
import { parseChanges, parseCommitTarget } from '../../../../app/parse/commit.js';
import { shownError } from '../../lib/errors.js';
import { commitRepoFor } from '../containers/removePolicy.js';

export interface CommitForm {
  ref: string;
  message: string;
  author: string;
  pause: boolean;
  /** One Dockerfile instruction a line (CMD, ENV, …). */
  changes: string;
  /** Keep Berth's lent busybox in the image (only offered when the container holds one). */
  includeBusybox: boolean;
}

export type CommitErrors = Partial<Record<'ref' | 'changes' | 'form', string>>;

export interface CommitRequest {
  id: string;
  repo: string;
  tag?: string;
  comment?: string;
  author?: string;
  pause: boolean;
  changes: string[];
  includeBerthBusybox: boolean;
}

export function defaultCommitForm(name: string): CommitForm {
  return { ref: `${commitRepoFor(name)}:latest`, message: '', author: '', pause: true, changes: '', includeBusybox: false };
}

/** Each bad field gets its own message; a request only when all are good. */
export function checkCommitForm(id: string, f: CommitForm): { errors: CommitErrors; req?: CommitRequest } {
  const errors: CommitErrors = {};
  let target: ReturnType<typeof parseCommitTarget> | undefined;
  let changes: string[] = [];
  try {
    target = parseCommitTarget(f.ref);
  } catch (e) {
    errors.ref = shownError(e).message;
  }
  try {
    changes = parseChanges(f.changes);
  } catch (e) {
    errors.changes = shownError(e).message;
  }
  if (!target || Object.keys(errors).length > 0) return { errors };
  const req: CommitRequest = { id, repo: target.repo, pause: f.pause, changes, includeBerthBusybox: f.includeBusybox };
  if (target.tag) req.tag = target.tag;
  if (f.message.trim()) req.comment = f.message.trim();
  if (f.author.trim()) req.author = f.author.trim();
  return { errors, req };
}

/** The core's refusal put under the field it names (repo, changes), else above the buttons. */
export function errorsFromCore(e: unknown): CommitErrors {
  const err = shownError(e);
  const text = err.detail && err.code === 'INVALID_INPUT' && !err.message.includes(err.detail) ? `${err.message} (${err.detail})` : err.message;
  if (err.field === 'repo' || err.field === 'ref') return { ref: text };
  if (err.field === 'changes') return { changes: text };
  return { form: text };
}

/** `repo[:tag]` as the person will see it in the images list. */
export function committedRef(req: Pick<CommitRequest, 'repo' | 'tag'>): string {
  return `${req.repo}:${req.tag ?? 'latest'}`;
}
