#!/usr/bin/env bash
# Electronegativity on the Electron host's shipped sources; fails on any finding above LOW not explained in docs/electron.md.
# Usage: scripts/electronegativity.sh [input-dir] — exit 0 clean, 1 unexplained findings, 2 the scan itself failed.
set -euo pipefail
cd "$(dirname "$0")/.."
INPUT=${1:-main/electron}
DOC=${BERTH_ELECTRONEGATIVITY_DOC:-docs/electron.md}
VERSION=$(node -p "require('electron/package.json').version")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Scan what ships: no tests, no test doubles. Offline the tool needs the Electron version (-e) or assumes v0.1.0.
mkdir -p "$tmp/src"
(cd "$INPUT" && find . -type f \( -name '*.ts' -o -name '*.js' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.html' \) \
  ! -name '*.test.ts' ! -name '*.itest.ts' ! -path './testing/*' -print0) | while IFS= read -r -d '' f; do
  mkdir -p "$tmp/src/$(dirname "$f")"
  cp "$INPUT/$f" "$tmp/src/$f"
done

if ! npx --no-install electronegativity -i "$tmp/src" -e "$VERSION" -o "$tmp/out.csv" -r -v false >"$tmp/log" 2>&1 || [ ! -s "$tmp/out.csv" ]; then
  cat "$tmp/log" >&2
  echo "electronegativity: the scan did not complete" >&2
  exit 2
fi

node --input-type=module - "$tmp/out.csv" "$DOC" <<'NODE'
import { readFileSync, existsSync } from 'node:fs';
const [csvFile, docFile] = process.argv.slice(2);

// RFC 4180-ish CSV: quoted fields may hold commas, quotes ("") and newlines.
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field.trim()); field = ''; }
    else if (c === '\n') { row.push(field.trim()); rows.push(row); row = []; field = ''; }
    else if (c !== '\r') field += c;
  }
  if (field || row.length) { row.push(field.trim()); rows.push(row); }
  return rows;
}

const [header, ...rows] = parseCsv(readFileSync(csvFile, 'utf8')).filter((r) => r.length > 1);
const col = (name) => header.findIndex((h) => h.trim().toLowerCase() === name);
const [iIssue, iSev, iConf, iFile, iLoc, iSample] = ['issue', 'severity', 'confidence', 'filename', 'location', 'sample'].map(col);
const findings = rows.map((r) => ({ issue: r[iIssue], severity: r[iSev].toUpperCase(), confidence: r[iConf], file: r[iFile].replace(/^\.\//, ''), loc: r[iLoc], sample: (r[iSample] ?? '').slice(0, 100) }));

// Explained findings: rows "| CHECK_ID | file | reason |" of the doc's electronegativity table.
const explained = new Map();
if (existsSync(docFile)) {
  for (const line of readFileSync(docFile, 'utf8').split('\n')) {
    const m = /^\|\s*`?([A-Z_]+_CHECK)`?\s*\|\s*`?([^|`]+?)`?\s*\|\s*(.+?)\s*\|\s*$/.exec(line);
    if (m && m[3].length >= 10) explained.set(`${m[1]} ${m[2].trim()}`, m[3]);
  }
}

let failed = 0;
for (const f of findings) {
  const key = `${f.issue} ${f.file}`;
  const above = f.severity !== 'LOW' && f.severity !== 'INFORMATIONAL';
  const why = explained.get(key);
  const tag = !above ? 'low    ' : why ? 'explained' : 'FAIL   ';
  console.log(`${tag} ${f.severity.padEnd(8)} ${f.issue} ${f.file}:${f.loc} ${f.sample}`);
  if (above && !why) failed++;
}
console.log(`electronegativity: ${findings.length} finding(s), ${failed} above LOW without a reason in ${docFile}`);
process.exit(failed > 0 ? 1 : 0);
NODE
