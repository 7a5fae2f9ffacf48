// `node --import` hook: resolves `electron` to electron-stub.mjs, so the compiled ESM entry can run under plain Node.
import { register } from 'node:module';

register('data:text/javascript,' + encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: ${JSON.stringify(new URL('./electron-stub.mjs', import.meta.url).href)}, shortCircuit: true };
  return next(specifier, context);
}`));
