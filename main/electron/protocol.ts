// Serves the built renderer on berth://app/ from its folder, with the security headers; nothing outside that folder.
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { createLogger } from '../core/log.js';
import { APP_HOST, APP_SCHEME, SECURITY_HEADERS } from './security.js';

const log = createLogger('protocol');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]): void;
  handle(scheme: string, handler: (req: Request) => Response | Promise<Response>): void;
}

/** Must run before `app` is ready: makes berth:// a standard, secure origin (so 'self', modules and storage work). */
export function registerAppScheme(protocol: Pick<ProtocolLike, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true, corsEnabled: false, allowServiceWorkers: false, bypassCSP: false, stream: false } },
  ]);
}

/** The file for a URL path inside `root`, or undefined; routes without an extension fall back to index.html. */
export async function resolveAppFile(root: string, pathname: string): Promise<string | undefined> {
  const base = resolve(root);
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (rel.includes('\0')) return undefined;
  const target = normalize(join(base, rel));
  if (target !== base && !target.startsWith(base + sep)) return undefined;
  // A link inside the folder must not lead outside it: compare real paths, not just the lexical one.
  const realBase = await realpath(base).catch(() => base);
  const isFile = async (p: string) => {
    try {
      const real = await realpath(p);
      if (real !== realBase && !real.startsWith(realBase + sep)) return false;
      return (await stat(real)).isFile();
    } catch {
      return false;
    }
  };
  if (await isFile(target)) return target;
  if (extname(rel)) return undefined;
  const index = join(base, 'index.html');
  return (await isFile(index)) ? index : undefined;
}

function respond(status: number, body: string | Uint8Array, type: string): Response {
  return new Response(body as ConstructorParameters<typeof Response>[0], { status, headers: { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-cache' } });
}

/** The berth:// handler: GET and HEAD on host "app" only. */
export function createAppHandler(root: string): (req: Request) => Promise<Response> {
  return async (req) => {
    const url = new URL(req.url);
    if (url.host !== APP_HOST) return respond(404, 'Not found', 'text/plain; charset=utf-8');
    if (req.method !== 'GET' && req.method !== 'HEAD') return respond(405, 'Method not allowed', 'text/plain; charset=utf-8');
    const file = await resolveAppFile(root, url.pathname);
    if (!file) {
      log.warn(`no file for ${url.pathname.slice(0, 200)}`);
      return respond(404, 'Not found (is the renderer built? npm run build)', 'text/plain; charset=utf-8');
    }
    const body = req.method === 'HEAD' ? '' : await readFile(file);
    return respond(200, body, TYPES[extname(file)] ?? 'application/octet-stream');
  };
}

export function serveApp(protocol: Pick<ProtocolLike, 'handle'>, root: string): void {
  protocol.handle(APP_SCHEME, createAppHandler(root));
}
