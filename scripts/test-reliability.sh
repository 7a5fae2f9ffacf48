#!/usr/bin/env bash
# The reliability suite: faults on the real engine, every parser and contract method fuzzed at scale, limits and bounds.
# CI runs the same tests in a quick form inside `npm test` (fewer fuzz cases).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-env.sh
export FUZZ_RUNS="${FUZZ_RUNS:-2500}"   # ~45 channels x 2,500 + parsers: well over 100,000 cases
export BERTH_FAULT_TESTS=1
echo "== fuzz (FUZZ_RUNS=$FUZZ_RUNS): contract boundary and app/parse"
npx vitest run --project unit main/core/boundary.test.ts main/core/session.test.ts app/parse --testTimeout 600000
echo "== faults, limits and auth on the real engine"
npx vitest run --project integration main/reliability main/server main/core/engine/streams.itest.ts
