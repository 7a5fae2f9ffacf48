// Serves the built renderer's files with strict security headers; never serves outside its folder.
import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy':
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

/** Resolves a URL path inside `root`, or undefined for anything outside or missing; unknown paths fall back to index.html. */
export function resolveStatic(root: string, urlPath: string): string | undefined {
  const base = resolve(root);
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
  if (rel.includes('\0')) return undefined;
  const target = normalize(join(base, rel));
  if (target !== base && !target.startsWith(base + sep)) return undefined;
  try {
    if (statSync(target).isFile()) return target;
  } catch {
    // Not a file: single-page app routes fall back to index.html below.
  }
  if (extname(rel)) return undefined;
  const index = join(base, 'index.html');
  try {
    return statSync(index).isFile() ? index : undefined;
  } catch {
    return undefined;
  }
}

export function sendFile(res: ServerResponse, file: string): void {
  res.writeHead(200, { ...securityHeaders(), 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
  // A file that vanished or cannot be read after the check: end this response, never the server.
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
