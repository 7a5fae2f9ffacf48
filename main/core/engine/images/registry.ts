// Browses a v2 registry (catalog and tags, paginated) with basic credentials or a bearer token from its challenge.
import type { Api } from '../../../../app/api.js';
import { BerthError, isBerthError } from '../../../../app/errors.js';
import type { RegistryAuth } from '../../../../app/model.js';
import type { CoreContext } from '../../context.js';
import { withSignIn } from '../../credentials/sign-in.js';
import type { Handlers } from '../../handlers.js';
import { createLogger } from '../../log.js';
import { isLoopback } from '../../loopback.js';
import { mayCarryCredentials, offOrigin, registryGet, sameOrigin, TIMEOUT_MS, type Reply } from './registry-http.js';

const log = createLogger('registry');

const MAX_PAGES = 200;
const PAGE_SIZE = 100;
const REPO_NAME = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

export interface RegistryTarget {
  /** `http://127.0.0.1:5000` or `https://ghcr.io`, no trailing slash. */
  base: string;
  host: string;
  hub: boolean;
}

/** Where a registry lives: https unless it is on loopback or marked insecure (or the address names its scheme). */
export function registryTarget(registry: string, insecure?: boolean): RegistryTarget {
  const raw = registry.trim().replace(/\/+$/, '');
  const explicit = /^(https?):\/\//i.exec(raw)?.[1]?.toLowerCase();
  let url: URL;
  try {
    url = new URL(explicit ? raw : `http://${raw}`);
  } catch {
    throw new BerthError('INVALID_INPUT', `"${registry}" is not a registry address (like registry.example.com or 127.0.0.1:5000).`, { field: 'registry' });
  }
  if (url.pathname !== '/' && url.pathname !== '' && url.pathname !== '/v2') {
    throw new BerthError('INVALID_INPUT', `"${registry}" should name only the registry host (and port), not a path.`, { field: 'registry' });
  }
  const hub = ['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com'].includes(url.hostname);
  const host = hub ? 'registry-1.docker.io' : url.host;
  const scheme = explicit ?? (insecure || isLoopback(url.hostname) ? 'http' : 'https');
  return { base: `${scheme}://${host}`, host, hub };
}

/** Parses `Bearer realm="…",service="…",scope="…"` (or `Basic realm="…"`). */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const m = /^\s*(\w+)\s*(.*)$/s.exec(header);
  const params: Record<string, string> = {};
  const re = /(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (let p = re.exec(m?.[2] ?? ''); p; p = re.exec(m?.[2] ?? '')) params[(p[1] ?? '').toLowerCase()] = (p[2] ?? p[3] ?? '').replace(/\\(.)/g, '$1');
  return { scheme: (m?.[1] ?? '').toLowerCase(), params };
}

/** The `rel="next"` target of a Link header, if any. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const m = /<([^>]+)>\s*;.*\brel="?next"?/i.exec(part);
    if (m?.[1]) return m[1];
  }
  return undefined;
}

function networkError(target: RegistryTarget, err: unknown): BerthError {
  const e = err as { code?: string; message?: string };
  const code = e.code ?? '';
  const detail = e.message ?? String(err);
  if (code === 'ETIMEDOUT' || code === 'TIMEOUT') return new BerthError('TIMEOUT', `The registry ${target.host} did not answer within ${TIMEOUT_MS / 1000} s.`, { field: 'registry', detail });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new BerthError('NOT_FOUND', `There is no registry host ${target.host} (the name does not resolve).`, { field: 'registry', detail });
  if (code === 'ECONNREFUSED') return new BerthError('NOT_FOUND', `Nothing answers at ${target.base}: is the registry running, and on that port?`, { field: 'registry', detail });
  if (/ssl|tls|certificate|cert_|wrong version number|EPROTO/i.test(`${code} ${detail}`)) {
    return new BerthError('INTERNAL', `A secure connection to ${target.host} failed; if the registry serves plain http, mark it insecure.`, { field: 'registry', detail });
  }
  return new BerthError('INTERNAL', `The registry ${target.host} could not be reached: ${detail}`, { field: 'registry', detail });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const basic = (auth: RegistryAuth) => `Basic ${Buffer.from(`${auth.username ?? ''}:${auth.password ?? ''}`).toString('base64')}`;
const hasCreds = (auth?: RegistryAuth): auth is RegistryAuth => Boolean(auth?.username);

/** How a browse signs in: the credentials, whether the registry was marked insecure, and whether they were remembered. */
export interface BrowseOptions {
  auth?: RegistryAuth | undefined;
  insecure?: boolean | undefined;
  /** Remembered credentials never travel over plain http (except to loopback), even to a registry marked insecure. */
  remembered?: boolean | undefined;
}

/**
 * One browsing session against a registry: remembers the Authorization that worked. Pages and redirects are
 * followed only within the registry's origin; credentials go only where `mayCarryCredentials` allows.
 */
export class RegistryBrowser {
  private authorization: string | undefined;
  private readonly origin: URL;

  constructor(
    readonly target: RegistryTarget,
    private readonly auth?: RegistryAuth,
    private readonly remembered = false,
  ) {
    this.origin = new URL(target.base);
  }

  private async send(url: string, authorization?: string): Promise<Reply> {
    try {
      return await registryGet(url, authorization, this.target.host);
    } catch (e) {
      throw isBerthError(e) ? e : networkError(this.target, e);
    }
  }

  /** The Basic header for `url`, or a refusal when the credentials may not travel there (plain http). */
  private basicFor(url: URL): string {
    if (!hasCreds(this.auth)) throw new BerthError('UNAUTHORIZED', `${this.target.host} needs a user name and password.`, { field: 'auth' });
    if (!mayCarryCredentials(url, { registry: this.origin, remembered: this.remembered })) {
      const why = this.remembered
        ? `Berth does not send a remembered sign-in over plain http (${url.origin}); type the credentials to use them once, or use the registry over https.`
        : `${this.target.host} asked for the password to go over plain http to ${url.origin}; Berth sends typed credentials in clear only to the registry marked insecure itself.`;
      throw new BerthError('UNAUTHORIZED', why, { field: 'auth' });
    }
    return basic(this.auth);
  }

  /** Answers a 401 challenge: basic credentials, or a token from the realm (with credentials when given). */
  private async answer(challenge: string): Promise<string> {
    const { scheme, params } = parseChallenge(challenge);
    if (scheme === 'basic') return this.basicFor(this.origin);
    if (scheme !== 'bearer' || !params.realm) throw new BerthError('UNAUTHORIZED', `${this.target.host} asks for an unsupported sign-in (${scheme || 'none'}).`, { field: 'auth', detail: challenge });
    let realm: URL;
    try {
      realm = new URL(params.realm);
    } catch {
      throw new BerthError('INTERNAL', `${this.target.host} named a token service that is not a URL.`, { detail: params.realm });
    }
    if (realm.protocol !== 'https:' && realm.protocol !== 'http:') throw new BerthError('INTERNAL', `${this.target.host} named a token service that is not http(s).`, { detail: params.realm });
    if (params.service) realm.searchParams.set('service', params.service);
    if (params.scope) for (const s of params.scope.split(' ')) realm.searchParams.append('scope', s);
    const res = await this.send(realm.toString(), hasCreds(this.auth) ? this.basicFor(realm) : undefined);
    if (res.status === 401 || res.status === 403) throw new BerthError('UNAUTHORIZED', `The token service of ${this.target.host} refused the credentials.`, { field: 'auth', detail: `HTTP ${res.status}` });
    if (res.status < 200 || res.status > 299) throw new BerthError('INTERNAL', `The token service of ${this.target.host} failed (HTTP ${res.status}).`);
    const body = parseJson(res.text) as { token?: string; access_token?: string } | undefined;
    const token = body?.token ?? body?.access_token;
    if (!token) throw new BerthError('INTERNAL', `The token service of ${this.target.host} gave no token.`);
    return `Bearer ${token}`;
  }

  /**
   * GETs a registry path (with query) or a URL of the registry's own origin, signing in when challenged; returns
   * the JSON body and the next page's URL, which is refused when it leaves the registry's origin.
   */
  async get<T>(path: string, what: string): Promise<{ body: T; next?: string }> {
    const target = new URL(path, this.target.base);
    if (!sameOrigin(target, this.origin)) throw offOrigin(this.target.host, 'a link', target);
    const url = target.toString();
    let res = await this.send(url, this.authorization);
    if (res.status === 401) {
      const challenge = String(res.headers['www-authenticate'] ?? '');
      this.authorization = await this.answer(challenge);
      res = await this.send(url, this.authorization);
      if (res.status === 401) {
        throw new BerthError('UNAUTHORIZED', hasCreds(this.auth) ? `${this.target.host} refused the credentials for ${what}.` : `${this.target.host} needs credentials for ${what}.`, { field: 'auth', detail: 'HTTP 401' });
      }
    }
    log.debug(`GET ${this.target.base}${target.pathname} -> ${res.status}`);
    if (res.status === 404) throw new BerthError('NOT_FOUND', `${what} was not found on ${this.target.host}.`, { detail: res.text.slice(0, 500) });
    if (res.status === 403) throw new BerthError('UNAUTHORIZED', `${this.target.host} does not let this account see ${what}.`, { field: 'auth', detail: 'HTTP 403' });
    if (res.status < 200 || res.status > 299) throw new BerthError('INTERNAL', `${this.target.host} failed on ${what} (HTTP ${res.status}).`, { detail: res.text.slice(0, 500) });
    const body = parseJson(res.text) as T | undefined;
    if (body === undefined) throw new BerthError('INTERNAL', `${this.target.host} did not answer with JSON; is it a v2 registry?`, { field: 'registry', detail: res.text.slice(0, 200) });
    const link = res.headers.link;
    const rel = nextLink(Array.isArray(link) ? link.join(', ') : (link ?? null));
    if (rel === undefined) return { body };
    const next = new URL(rel, res.url);
    if (!sameOrigin(next, this.origin)) throw offOrigin(this.target.host, 'the next page', next);
    return { body, next: next.toString() };
  }

  /** Follows `Link: <…>; rel="next"` until the last page, collecting what `pick` takes from each. */
  async paged(first: string, what: string, pick: (body: unknown) => string[]): Promise<string[]> {
    const out: string[] = [];
    let path: string | undefined = first;
    for (let page = 0; path !== undefined && page < MAX_PAGES; page++) {
      const r: { body: unknown; next?: string } = await this.get<unknown>(path, what);
      out.push(...pick(r.body));
      path = r.next;
    }
    if (path !== undefined) log.warn(`${what} on ${this.target.host}: stopped after ${MAX_PAGES} pages`);
    return out;
  }
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export async function listRepositories(registry: string, opts: BrowseOptions = {}): Promise<string[]> {
  const target = registryTarget(registry, opts.insecure);
  if (target.hub) throw new BerthError('UNSUPPORTED', 'Docker Hub does not list its repositories; open a repository by name to see its tags.', { field: 'registry' });
  const b = new RegistryBrowser(target, opts.auth, opts.remembered);
  const repos = await b.paged(`/v2/_catalog?n=${PAGE_SIZE}`, 'the repository list', (body) => strings((body as { repositories?: unknown }).repositories));
  return [...new Set(repos)].sort();
}

export async function listTags(registry: string, repository: string, opts: BrowseOptions = {}): Promise<string[]> {
  const target = registryTarget(registry, opts.insecure);
  let repo = repository.trim().replace(/^\/+|\/+$/g, '');
  if (target.hub && !repo.includes('/')) repo = `library/${repo}`;
  if (!REPO_NAME.test(repo)) throw new BerthError('INVALID_INPUT', `"${repository}" is not a repository name (lowercase parts separated by "/").`, { field: 'repository' });
  const b = new RegistryBrowser(target, opts.auth, opts.remembered);
  const tags = await b.paged(`/v2/${repo}/tags/list?n=${PAGE_SIZE}`, `repository ${repo}`, (body) => strings((body as { tags?: unknown }).tags));
  return [...new Set(tags)].sort();
}

/**
 * Browsing happens from the core's host, not through the engine (the engine has no catalog API). Without typed
 * credentials the sign-in remembered for the registry is used; `remember` keeps typed ones once they worked.
 */
export function createRegistryHandlers(ctx: CoreContext): Pick<Handlers<Api>['registry'], 'repositories' | 'tags'> {
  const host = (registry: string, insecure?: boolean) => registryTarget(registry, insecure).host;
  return {
    repositories: (i) =>
      withSignIn(ctx.credentials, host(i.registry, i.insecure), i, 'Listing the repositories', (auth, s) => listRepositories(i.registry, { auth, insecure: i.insecure, remembered: Boolean(s.remembered) })),
    tags: (i) =>
      withSignIn(ctx.credentials, host(i.registry, i.insecure), i, 'Listing the tags', (auth, s) => listTags(i.registry, i.repository, { auth, insecure: i.insecure, remembered: Boolean(s.remembered) })),
  };
}
