// Image archives on the host: import a root filesystem tar, load and save `docker save` archives (saved 0600).
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import type { Api } from '../../../../app/api.js';
import { BerthError } from '../../../../app/errors.js';
import type { CoreContext } from '../../context.js';
import type { Handlers } from '../../handlers.js';
import { createLogger } from '../../log.js';
import { engineCall, mapEngineError } from '../link/errors.js';
import { splitImageRef } from './images-progress.js';
import { collect } from './images-stream.js';

const log = createLogger('images-archive');

/** `GET /images/get?names=…` (dockerode has it; its typings do not). */
type SaveApi = { getImages(opts: { names: string[]; abortSignal?: AbortSignal }): Promise<NodeJS.ReadableStream> };

/** `docker save` of images, as the engine streams it (a failure to start names `field`). */
export async function saveArchive(docker: Docker, refs: string[], o: { field?: string; signal?: AbortSignal } = {}): Promise<Readable> {
  const opts = { names: refs, ...(o.signal ? { abortSignal: o.signal } : {}) };
  return (await engineCall(() => (docker as unknown as SaveApi).getImages(opts), { field: o.field ?? 'refs' })) as Readable;
}

/** `docker load` of an archive stream: the references the engine says it loaded; an error line becomes `toError(line)`. */
export async function loadArchive(docker: Docker, archive: NodeJS.ReadableStream, toError: (message: string) => unknown, signal?: AbortSignal): Promise<string[]> {
  const source = (await engineCall(() => docker.loadImage(archive, { quiet: true, ...(signal ? { abortSignal: signal } : {}) }))) as Readable;
  const messages = await collect(source, toError);
  return loadedRefs(messages.flatMap((m) => (m.stream ?? m.status ?? '').split('\n')));
}

async function readableFile(path: string): Promise<string> {
  const abs = resolve(path);
  const st = await stat(abs).catch(() => undefined);
  if (!st) throw new BerthError('INVALID_INPUT', `There is no file at ${abs}.`, { field: 'path' });
  if (!st.isFile()) throw new BerthError('INVALID_INPUT', `${abs} is not a file.`, { field: 'path' });
  return abs;
}

function archiveError(what: string, path: string) {
  return (message: string): BerthError => {
    const l = message.toLowerCase();
    if (/archive\/tar|invalid tar|unexpected eof|not a valid|no such file or directory|invalid argument|json: cannot unmarshal|manifest\.json|gzip|invalid header/.test(l)) {
      return new BerthError('INVALID_INPUT', `${path} is not ${what}: ${message}`, { field: 'path', detail: message });
    }
    return new BerthError('INTERNAL', `The engine failed to read ${path}: ${message}`, { detail: message });
  };
}

/** `Loaded image: x:y` / `Loaded image ID: sha256:…` lines of a load, as the references they name. */
export function loadedRefs(lines: string[]): string[] {
  const out: string[] = [];
  for (const l of lines) {
    const m = /^Loaded image(?: ID)?: (\S+)/.exec(l.trim());
    if (m?.[1]) out.push(m[1]);
  }
  return out;
}

export function createArchiveHandlers(ctx: CoreContext): Pick<Handlers<Api>['images'], 'import' | 'load' | 'save'> {
  return {
    async import(input) {
      const abs = await readableFile(input.path);
      const opts: Record<string, unknown> = {};
      if (input.ref) {
        const { name, tag, digest } = splitImageRef(input.ref);
        if (digest) throw new BerthError('INVALID_INPUT', `"${input.ref}" is not a name for an image (like app or app:1.0).`, { field: 'ref' });
        opts.repo = name;
        opts.tag = tag ?? 'latest';
      }
      if (input.changes.length > 0) opts.changes = input.changes;
      log.info(`import ${abs}${input.ref ? ` as ${input.ref}` : ''}`);
      const source = (await engineCall(() => ctx.docker.importImage(createReadStream(abs), opts), { field: 'changes' })) as Readable;
      const messages = await collect(source, archiveError('a tar archive of a root filesystem', abs));
      const id = [...messages].reverse().find((m) => typeof m.status === 'string' && /^sha256:[0-9a-f]{64}$/.test(m.status.trim()))?.status?.trim();
      if (!id) throw new BerthError('INTERNAL', `The engine did not say which image it imported from ${abs}.`);
      return { id };
    },

    async load(input) {
      const abs = await readableFile(input.path);
      log.info(`load ${abs}`);
      return { loaded: await loadArchive(ctx.docker, createReadStream(abs), archiveError('an image archive (from docker save)', abs)) };
    },

    async save(input) {
      const target = resolve(input.path);
      const dir = dirname(target);
      const dirStat = await stat(dir).catch(() => undefined);
      if (!dirStat?.isDirectory()) throw new BerthError('INVALID_INPUT', `The folder ${dir} does not exist.`, { field: 'path' });
      if ((await stat(target).catch(() => undefined))?.isDirectory()) throw new BerthError('INVALID_INPUT', `${target} is a folder; give a file name.`, { field: 'path' });
      // Every image must exist first: the engine's own error for a missing one is vague.
      for (const ref of input.refs) {
        await engineCall(() => ctx.docker.getImage(ref).inspect(), { what: ref, field: 'refs' }).catch((e: unknown) => {
          if (e instanceof BerthError && e.code === 'NOT_FOUND') throw new BerthError('IMAGE_NOT_FOUND', `There is no image ${ref} to save.`, { field: 'refs', detail: e.detail ?? '' });
          throw e;
        });
      }
      log.info(`save ${input.refs.join(' ')} -> ${target}`);
      const part = join(dir, `.${basename(target)}.${randomBytes(4).toString('hex')}.part`);
      try {
        await pipeline(await saveArchive(ctx.docker, input.refs), createWriteStream(part, { mode: 0o600, flags: 'wx' }));
        await chmod(part, 0o600);
        await rename(part, target);
      } catch (e) {
        await unlink(part).catch(() => undefined);
        if (e instanceof BerthError) throw e;
        const code = (e as { code?: string }).code;
        if (code === 'EACCES' || code === 'EPERM') throw new BerthError('PERMISSION_DENIED', `Berth may not write ${target}.`, { field: 'path', detail: String(e) });
        throw mapEngineError(e);
      }
      return { path: target, bytes: (await stat(target)).size };
    },
  };
}
