// Writes build/icon.png (512 px, macOS/Windows) and build/icons/<N>x<N>.png (Linux) from the icon drawn in code.
// Run: npx tsx build/make-icons.ts (the PNGs are committed; rerun after changing main/electron/icon.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appIconPng } from '../main/electron/icon.js';

const here = dirname(fileURLToPath(import.meta.url));
writeFileSync(join(here, 'icon.png'), appIconPng(512));
mkdirSync(join(here, 'icons'), { recursive: true });
for (const n of [16, 32, 48, 64, 128, 256, 512]) writeFileSync(join(here, 'icons', `${n}x${n}.png`), appIconPng(n));
console.log('icons written to build/');
