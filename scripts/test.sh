#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what the tests need, then lint, typecheck, unit, integration, e2e.
set -euo pipefail
cd "$(dirname "$0")/.."
export ELECTRON_SKIP_BINARY_DOWNLOAD=1

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund
fi
echo "== environment (dockerd, chromium, test images)"
bash scripts/setup-env.sh

echo "== lint"
npx eslint .
echo "== typecheck"
npm run typecheck --silent
echo "== build"
npm run build --silent

echo "== unit tests"
npx vitest run --project unit --project renderer
echo "== integration tests (real dockerd; the fault tests restart it)"
BERTH_FAULT_TESTS=1 BERTH_VM_TESTS=0 npx vitest run --project integration
if [ -f e2e/playwright.config.ts ] && [ "${BERTH_SKIP_E2E:-0}" != "1" ]; then
  echo "== e2e (Playwright, Debian Chromium, berth serve)"
  # This run owns dockerd (the integration fault tests restart it too): the outage specs stop the real one as well.
  BERTH_E2E_STOP_DOCKERD="${BERTH_E2E_STOP_DOCKERD:-1}" npx playwright test -c e2e/playwright.config.ts
fi
if [ -f e2e/electron/playwright.config.ts ]; then
  echo "== e2e in Electron (skipped, with the reason, where no Electron binary exists)"
  npx playwright test -c e2e/electron/playwright.config.ts
fi
# The VM suite boots the real guest under QEMU (builds its image once, cached outside the repo).
# It runs by default on x86_64 Linux as root; BERTH_VM_TESTS=0 skips it.
if [ "$(uname -s)/$(uname -m)" = "Linux/x86_64" ] && [ "$(id -u)" = 0 ] && [ "${BERTH_VM_TESTS:-1}" = "1" ]; then
  echo "== VM suite (QEMU: guest image, boot stages, socket, ports, SIGKILL, SSH drop)"
  bash scripts/test-vm.sh
else
  echo "== VM suite skipped (needs x86_64 Linux as root; BERTH_VM_TESTS=${BERTH_VM_TESTS:-1})"
fi
if [ -f bench/run.ts ]; then
  echo "== bench harness (quick)"
  npm run bench --silent -- --quick
fi
