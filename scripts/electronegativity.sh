#!/usr/bin/env bash
# Electronegativity on the Electron host's shipped sources; fails on any finding above LOW not explained in docs/electron.md.
# Usage: scripts/electronegativity.sh [input-dir] — exit 0 clean, 1 unexplained findings, 2 the scan itself failed.
# Runs the tool through its API: its CSV writer races (header and rows written concurrently) and can garble the file.
set -euo pipefail
cd "$(dirname "$0")/.."
INPUT=${1:-main/electron}
DOC=${BERTH_ELECTRONEGATIVITY_DOC:-docs/electron.md}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Scan what ships: no tests, no test doubles.
mkdir -p "$tmp/src"
(cd "$INPUT" && find . -type f \( -name '*.ts' -o -name '*.js' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.html' \) \
  ! -name '*.test.ts' ! -name '*.itest.ts' ! -path './testing/*' -print0) | while IFS= read -r -d '' f; do
  mkdir -p "$tmp/src/$(dirname "$f")"
  cp "$INPUT/$f" "$tmp/src/$f"
done

node --input-type=module - "$tmp/src" "$DOC" <<'NODE'
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
const [src, docFile] = process.argv.slice(2);
const require = createRequire(join(process.cwd(), 'package.json'));
const run = require('@doyensec/electronegativity');
// Offline the tool needs the Electron version given, or it assumes v0.1.0.
const electronVersion = require('electron/package.json').version;

let result;
try {
  result = await run({ input: src, isRelative: true, isVerbose: false, electronVersionOverride: electronVersion, customScan: [], excludeFromScan: [], parserPlugins: [] }, false);
} catch (e) {
  console.error(`electronegativity: the scan did not complete: ${e?.stack ?? e}`);
  process.exit(2);
}
if (result.errors.length > 0) {
  for (const e of result.errors) console.error(`electronegativity: could not parse ${e.file ?? JSON.stringify(e)}${e.message ? `: ${e.message}` : ''}`);
  process.exit(2);
}

// Explained findings: rows "| CHECK_ID | file | reason |" of the doc's electronegativity table.
const explained = new Map();
if (existsSync(docFile)) {
  for (const line of readFileSync(docFile, 'utf8').split('\n')) {
    const m = /^\|\s*`?([A-Z_]+_CHECK)`?\s*\|\s*`?([^|`]+?)`?\s*\|\s*(.+?)\s*\|\s*$/.exec(line);
    if (m && m[3].length >= 10) explained.set(`${m[1]} ${m[2].trim()}`, m[3]);
  }
}

let failed = 0;
for (const i of result.issues) {
  const severity = i.severity.name.toUpperCase();
  const file = String(i.file).replace(/^\.\//, '');
  const above = severity !== 'LOW' && severity !== 'INFORMATIONAL';
  const why = explained.get(`${i.id} ${file}`);
  const tag = !above ? 'low      ' : why ? 'explained' : 'FAIL     ';
  console.log(`${tag} ${severity.padEnd(8)} ${i.id} ${file}:${i.location.line}:${i.location.column} ${String(i.sample ?? '').replace(/\s+/g, ' ').slice(0, 100)}`);
  if (above && !why) failed++;
}
console.log(`electronegativity ${electronVersion}: ${result.globalChecks + result.atomicChecks} checks, ${result.issues.length} finding(s), ${failed} above LOW without a reason in ${docFile}`);
process.exit(failed > 0 ? 1 : 0);
NODE
