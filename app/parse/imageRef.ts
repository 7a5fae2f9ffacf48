// Image references ("nginx:1.25", "localhost:5000/team/app@sha256:…") per the distribution/reference grammar.
import { invalidInput } from '../errors.js';

/** A parsed image reference, as typed: `registry` only when the first path part names one. */
export interface ImageRef {
  registry?: string;
  repository: string;
  tag?: string;
  digest?: string;
}

/** After normalizeImageRef: the registry is always named. */
export type NormalizedImageRef = ImageRef & { registry: string };

export const DEFAULT_REGISTRY = 'docker.io';
const LEGACY_DEFAULT_REGISTRY = 'index.docker.io';
const OFFICIAL_PREFIX = 'library/';
export const DEFAULT_TAG = 'latest';
const NAME_MAX = 255;

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const TAG = /^[\w][\w.-]{0,127}$/;
/** Hex lengths of the algorithms go-digest knows; anything else is "unsupported" there too. */
const DIGEST_HEX: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
const DIGEST_SHAPE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/** Docker's rule for whether the first `/`-separated part is a registry: it has `.` or `:`, is `localhost`, or has uppercase. */
function looksLikeRegistry(first: string): boolean {
  return first.includes('.') || first.includes(':') || first === 'localhost' || first.toLowerCase() !== first;
}

function checkDigest(digest: string, whole: string, field: string): void {
  const colon = digest.indexOf(':');
  const algorithm = colon === -1 ? '' : digest.slice(0, colon);
  const hex = colon === -1 ? '' : digest.slice(colon + 1);
  const want = DIGEST_HEX[algorithm];
  if (want === undefined) {
    if (DIGEST_SHAPE.test(digest)) {
      throw invalidInput(field, `Digest algorithm "${algorithm}" in "${whole}" is not supported; use sha256, sha384 or sha512`);
    }
    throw invalidInput(field, `Digest "${digest}" in "${whole}" is not a digest; expected sha256: followed by 64 hex digits`);
  }
  if (hex.length !== want || !/^[0-9a-f]*$/.test(hex)) {
    throw invalidInput(field, `Digest "${digest}" in "${whole}" is not valid; ${algorithm}: must be followed by ${want} lowercase hex digits`);
  }
}

/**
 * Parses `busybox`, `busybox:1.36`, `library/busybox`, `localhost:5000/team/app:v1`, `[::1]:5000/x`,
 * `repo@sha256:<64 hex>` and `repo:tag@sha256:…`. Nothing is filled in: see normalizeImageRef.
 */
export function parseImageRef(s: string, field = 'image'): ImageRef {
  if (s === '') throw invalidInput(field, 'An image reference is empty; write e.g. nginx or nginx:1.25');
  if (/^[a-f0-9]{64}$/.test(s)) {
    throw invalidInput(field, `"${s}" is an image ID, not a reference; a repository name cannot be 64 hexadecimal digits`);
  }
  if (/\s/.test(s)) throw invalidInput(field, `Image reference "${s}" contains whitespace`);
  const at = s.indexOf('@');
  const nameTag = at === -1 ? s : s.slice(0, at);
  const digest = at === -1 ? undefined : s.slice(at + 1);
  if (digest !== undefined) checkDigest(digest, s, field);

  const lastColon = nameTag.lastIndexOf(':');
  const hasTag = lastColon > nameTag.lastIndexOf('/');
  const name = hasTag ? nameTag.slice(0, lastColon) : nameTag;
  const tag = hasTag ? nameTag.slice(lastColon + 1) : undefined;
  if (tag !== undefined) {
    if (tag === '') throw invalidInput(field, `Tag in "${s}" is empty; write e.g. ${name}:latest or leave out the ":"`);
    if (tag.length > 128) throw invalidInput(field, `Tag "${tag.slice(0, 20)}…" in "${s}" is longer than 128 characters`);
    if (!TAG.test(tag)) {
      throw invalidInput(field, `Tag "${tag}" in "${s}" may only contain letters, digits, "_", "." and "-", and must not start with "." or "-"`);
    }
  }

  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  const registry = slash !== -1 && looksLikeRegistry(first) ? first : undefined;
  const repository = registry === undefined ? name : name.slice(slash + 1);
  if (registry !== undefined && !DOMAIN.test(registry)) {
    throw invalidInput(field, `Registry "${registry}" in "${s}" is not a valid host[:port]`);
  }
  if (repository === '') {
    throw invalidInput(field, registry === undefined ? `Image reference "${s}" has no repository name` : `Image reference "${s}" has no repository after the registry "${registry}"`);
  }
  if (repository.toLowerCase() !== repository) {
    throw invalidInput(field, `Repository "${repository}" in "${s}" must be lowercase`);
  }
  for (const component of repository.split('/')) {
    if (component === '') throw invalidInput(field, `Repository "${repository}" in "${s}" has an empty part between slashes`);
    if (!PATH_COMPONENT.test(component)) {
      throw invalidInput(
        field,
        `"${component}" in "${s}" is not a valid repository part; use lowercase letters and digits, separated by ".", "_", "__" or "-"`,
      );
    }
  }
  const full = normalizedName(registry, repository);
  if (full.length > NAME_MAX) {
    throw invalidInput(field, `Repository name "${full.slice(0, 40)}…" in "${s}" is longer than ${NAME_MAX} characters`);
  }

  const ref: ImageRef = { repository };
  if (registry !== undefined) ref.registry = registry;
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

function normalizedName(registry: string | undefined, repository: string): string {
  const reg = registry === undefined || registry === LEGACY_DEFAULT_REGISTRY ? DEFAULT_REGISTRY : registry;
  const repo = reg === DEFAULT_REGISTRY && !repository.includes('/') ? OFFICIAL_PREFIX + repository : repository;
  return `${reg}/${repo}`;
}

/**
 * Fills in docker's defaults: registry `docker.io` (`index.docker.io` becomes `docker.io`), `library/` for
 * official images, and tag `latest` when there is neither a tag nor a digest (reference.TagNameOnly).
 */
export function normalizeImageRef(ref: ImageRef | string, field = 'image'): NormalizedImageRef {
  const r = typeof ref === 'string' ? parseImageRef(ref, field) : parseImageRef(formatImageRef(ref, field), field);
  const full = normalizedName(r.registry, r.repository);
  const slash = full.indexOf('/');
  const out: NormalizedImageRef = { registry: full.slice(0, slash), repository: full.slice(slash + 1) };
  if (r.tag !== undefined) out.tag = r.tag;
  else if (r.digest === undefined) out.tag = DEFAULT_TAG;
  if (r.digest !== undefined) out.digest = r.digest;
  return out;
}

/** `[registry/]repository[:tag][@digest]`; throws when the parts would not parse back to the same reference. */
export function formatImageRef(ref: ImageRef, field = 'image'): string {
  const s =
    (ref.registry !== undefined ? `${ref.registry}/` : '') +
    ref.repository +
    (ref.tag !== undefined ? `:${ref.tag}` : '') +
    (ref.digest !== undefined ? `@${ref.digest}` : '');
  const back = parseImageRef(s, field);
  if (back.registry !== ref.registry || back.repository !== ref.repository || back.tag !== ref.tag || back.digest !== ref.digest) {
    throw invalidInput(
      field,
      ref.registry === undefined
        ? `Repository "${ref.repository}" starts with a registry name; give the registry separately`
        : `Registry "${ref.registry}" must contain "." or ":", or be "localhost"`,
    );
  }
  return s;
}

/** The short form docker shows (`nginx:latest`, `user/app`, `ghcr.io/o/app:v1`): docker.io and library/ dropped. */
export function familiarImageRef(ref: ImageRef | string, field = 'image'): string {
  const n = normalizeImageRef(ref, field);
  const short: ImageRef = { repository: n.repository };
  const first = n.repository.split('/')[0] ?? '';
  if (n.registry !== DEFAULT_REGISTRY || (n.repository.includes('/') && looksLikeRegistry(first))) short.registry = n.registry;
  else if (n.repository.startsWith(OFFICIAL_PREFIX) && n.repository.split('/').length === 2) short.repository = n.repository.slice(OFFICIAL_PREFIX.length);
  if (n.tag !== undefined) short.tag = n.tag;
  if (n.digest !== undefined) short.digest = n.digest;
  return formatImageRef(short, field);
}
