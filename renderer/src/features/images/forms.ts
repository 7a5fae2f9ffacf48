// Validation and request building for the image dialogs (pull, push, tag, build, import), errors keyed to their field (pure).
import { parseImageRef } from '../../../../app/parse/imageRef.js';
import type { BuildRequest } from './tasks.js';

export type Errors = Record<string, string>;

export function checkRef(ref: string, field: string, what = 'image reference'): string | undefined {
  const r = ref.trim();
  if (!r) return `Enter an ${what}, e.g. busybox:latest or localhost:5000/team/app:1.0`;
  try {
    parseImageRef(r, field);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export interface BuildForm {
  context: string;
  dockerfile: string;
  tags: string;
  buildArgs: { key: string; value: string }[];
  noCache: boolean;
  pull: boolean;
}

export function toBuildRequest(f: BuildForm): { req?: BuildRequest; errors: Errors } {
  const errors: Errors = {};
  const context = f.context.trim();
  if (!context) errors.context = 'Enter the folder that holds the Dockerfile (on the machine running Berth), e.g. /home/me/app';
  else if (!/^(\/|~|[A-Za-z]:[\\/]|\\\\)/.test(context)) errors.context = 'Use an absolute path, e.g. /home/me/app';
  const dockerfile = f.dockerfile.trim() || 'Dockerfile';
  if (dockerfile.startsWith('/') || dockerfile.split(/[\\/]/).includes('..')) errors.dockerfile = 'The Dockerfile is a path inside the folder, e.g. Dockerfile or docker/Dockerfile.dev';
  const tags = f.tags.split(/[\s,]+/).filter(Boolean);
  for (const t of tags) {
    const e = checkRef(t, 'tags');
    if (e) {
      errors.tags = e;
      break;
    }
    if (t.includes('@')) {
      errors.tags = `Tag a build with a name, not a digest: "${t}"`;
      break;
    }
  }
  const buildArgs: Record<string, string> = {};
  f.buildArgs.forEach((a, i) => {
    if (!a.key.trim() && !a.value) return;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(a.key.trim())) errors[`buildArgs.${i}`] = `"${a.key}" is not a build argument name (letters, digits, _)`;
    else buildArgs[a.key.trim()] = a.value;
  });
  if (Object.keys(errors).length) return { errors };
  return { req: { context, dockerfile, tags, buildArgs, noCache: f.noCache, pull: f.pull }, errors };
}

export function checkHostPath(p: string, what: string): string | undefined {
  const v = p.trim();
  if (!v) return `Enter the path of the ${what} on the machine running Berth`;
  if (!/^(\/|~|[A-Za-z]:[\\/]|\\\\)/.test(v)) return 'Use an absolute path, e.g. /home/me/image.tar';
  return undefined;
}

/** The registry host part of an address typed as `http://localhost:5000/` or `localhost:5000`. */
export function registryHost(s: string): string {
  return s.trim().replace(/^https?:\/\//, '').replace(/\/+$/, '');
}
