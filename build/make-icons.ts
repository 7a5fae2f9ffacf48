// Writes build/icon.png (512 px, macOS/Windows), build/icons/<N>x<N>.png (Linux) and renderer/public/favicon.ico (berth serve) from the icon drawn in code.
// Run: npx tsx build/make-icons.ts (the PNGs are committed; rerun after changing main/electron/icon.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appIconPng } from '../main/electron/icon.js';
import { icoFromPngs } from './ico.js';

const here = dirname(fileURLToPath(import.meta.url));
writeFileSync(join(here, 'icon.png'), appIconPng(512));
mkdirSync(join(here, 'icons'), { recursive: true });
for (const n of [16, 32, 48, 64, 128, 256, 512]) writeFileSync(join(here, 'icons', `${n}x${n}.png`), appIconPng(n));
mkdirSync(join(here, '..', 'renderer', 'public'), { recursive: true });
writeFileSync(join(here, '..', 'renderer', 'public', 'favicon.ico'), icoFromPngs([16, 32, 48].map((n) => ({ size: n, png: appIconPng(n) }))));
console.log('icons written to build/ and renderer/public/favicon.ico');
