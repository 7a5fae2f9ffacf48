// Bundles the preload into one CommonJS file: a sandboxed preload can require only 'electron' (and a few polyfills), not ESM or node_modules.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outfile = process.argv[2] ?? join(root, 'dist', 'main', 'electron', 'preload.cjs');

/**
 * The preload needs each member's kind, not its zod schemas (main validates): the contract is evaluated here and
 * reduced to {group: {member: {kind, duplex}}}, so the bundle carries no zod and cannot drift from app/api.ts.
 */
async function contractShape() {
  const out = await build({ entryPoints: [join(root, 'app', 'api.ts')], bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'warning' });
  const dir = mkdtempSync(join(tmpdir(), 'berth-preload-'));
  try {
    const file = join(dir, 'api.mjs');
    writeFileSync(file, out.outputFiles[0].text);
    const { api } = await import(pathToFileURL(file).href);
    const shape = {};
    for (const [group, members] of Object.entries(api)) {
      shape[group] = {};
      for (const [member, def] of Object.entries(members)) shape[group][member] = def.kind === 'stream' ? { kind: def.kind, duplex: def.duplex } : { kind: def.kind };
    }
    return shape;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const shape = await contractShape();

const result = await build({
  entryPoints: [join(root, 'main', 'electron', 'preload.ts')],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'browser',
  target: 'chrome130',
  external: ['electron'],
  sourcemap: 'linked',
  minify: process.env.NODE_ENV === 'production',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  // `require` in the bundle may name only the sandbox's allowlist; anything else is a build error, not a runtime one.
  plugins: [
    {
      name: 'sandbox-allowlist',
      setup(b) {
        b.onResolve({ filter: /app\/api\.js$/ }, (args) => (args.importer.endsWith(join('electron', 'preload.ts')) ? { path: 'contract-shape', namespace: 'berth' } : undefined));
        b.onLoad({ filter: /.*/, namespace: 'berth' }, () => ({ contents: `export const api = ${JSON.stringify(shape)};`, loader: 'js' }));
        const allowed = new Set(['electron']);
        b.onResolve({ filter: /^[^./]/ }, (args) => {
          if (allowed.has(args.path) || args.kind === 'entry-point') return undefined;
          if (args.path.startsWith('node:') || ['fs', 'path', 'os', 'child_process', 'net', 'crypto'].includes(args.path)) {
            return { errors: [{ text: `the sandboxed preload cannot use Node module "${args.path}" (imported by ${args.importer})` }] };
          }
          return undefined;
        });
      },
    },
  ],
});

const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`preload bundled: ${outfile} (${Math.round(bytes / 1024)} KiB with its source map)`);
