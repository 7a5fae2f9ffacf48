#!/usr/bin/env bash
# Runs the VM integration suite: installs QEMU/debootstrap if missing, builds (or reuses) the guest image, boots it for real.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# QEMU, debootstrap, mkfs.ext4 and docker-compose (which proves compose through the exported socket).
bash scripts/need.sh --no-recommends vm

# Build the image if the recipe changed (a no-op otherwise); the last line is its directory.
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -E"
if [ -z "${BERTH_VM_IMAGE:-}" ]; then
  BERTH_VM_IMAGE="$($SUDO vm-helper/build-image.sh | tail -n1)"
fi
export BERTH_VM_IMAGE
# The arm64 guest (what an Apple Silicon Mac runs), built under qemu-user-static and booted under TCG; BERTH_VM_ARM64=0 skips it.
if [ "${BERTH_VM_ARM64:-1}" = 1 ] && [ -z "${BERTH_VM_IMAGE_ARM64:-}" ]; then
  BERTH_VM_IMAGE_ARM64="$($SUDO vm-helper/build-image.sh --arch arm64 | tail -n1)"
fi
if [ "${BERTH_VM_ARM64:-1}" = 1 ]; then export BERTH_VM_IMAGE_ARM64; fi
export BERTH_VM_TESTS=1
export BERTH_VM_TIMINGS="${BERTH_VM_TIMINGS:-$(mktemp -t berth-vm-timings.XXXXXX)}"
: > "$BERTH_VM_TIMINGS"
echo "test-vm: image $BERTH_VM_IMAGE"
status=0
npx vitest run --project integration main/core/vm "$@" || status=$?
# The window against the real VM (berth serve --vm in Chromium): the whole suite only, not a filtered run.
if [ $# -eq 0 ] && [ -f e2e/playwright.config.ts ]; then
  echo "test-vm: e2e against the real VM"
  BERTH_E2E_VM=1 npx playwright test -c e2e/playwright.config.ts e2e/specs/vm-real.spec.ts e2e/specs/first-run.spec.ts || status=$?
fi
echo "test-vm: start-up timings"
sed 's/^/  /' "$BERTH_VM_TIMINGS"
exit $status
