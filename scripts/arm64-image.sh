#!/usr/bin/env bash
# Makes berth-test/busybox-arm64:latest, an image whose platform is linux/arm64 (listed and inspected by tests, never run
# on an x86_64 engine). Its busybox comes from Debian's busybox-static arm64 package when one is at hand
# ($BERTH_ARM64_BUSYBOX_DEB, or apt's cache), extracted with dpkg-deb -x, or from a built arm64 Berth guest's rootfs.tar
# (which ships busybox-static); otherwise the host's static busybox stands in (the image then says arm64 but holds
# x86_64 code). Nothing is downloaded. docker import cannot set a platform on this engine (20.10 without
# experimental), so the image is written as a `docker save` archive with an arm64 config and loaded.
set -euo pipefail
ref=${1:-berth-test/busybox-arm64:latest}
if docker image inspect "$ref" >/dev/null 2>&1; then exit 0; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/root"
mkdir -p "$root/bin" "$root/etc" "$root/tmp"

deb=${BERTH_ARM64_BUSYBOX_DEB:-}
if [ -z "$deb" ]; then deb=$(ls /var/cache/apt/archives/busybox-static_*_arm64.deb 2>/dev/null | tail -n 1 || true); fi
source="host busybox (x86_64 code, labelled arm64)"
if [ -n "$deb" ] && [ -f "$deb" ]; then
  dpkg-deb -x "$deb" "$work/deb"
  cp "$work/deb/bin/busybox" "$root/bin/busybox"
  source="Debian busybox-static arm64 ($(basename "$deb"))"
else
  # An arm64 guest image built by vm-helper/build-image.sh carries Debian's arm64 busybox-static.
  cache=${BERTH_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/berth/vm}
  for manifest in "$cache"/*/manifest.json; do
    [ -f "$manifest" ] && grep -Eq '"arch": *"(arm64|aarch64)"' "$manifest" || continue
    mkdir -p "$work/guest"
    tar -xf "$(dirname "$manifest")/rootfs.tar" -C "$work/guest" --wildcards '*bin/busybox' 2>/dev/null || true
    for b in "$work/guest/usr/bin/busybox" "$work/guest/bin/busybox"; do
      # ELF e_machine 0xb7: AArch64.
      if [ -f "$b" ] && [ ! -L "$b" ] && [ "$(od -An -tx1 -j18 -N1 "$b" | tr -d ' ')" = b7 ]; then
        cp "$b" "$root/bin/busybox"
        source="Debian busybox-static arm64 from the guest image $(dirname "$manifest")"
        break 2
      fi
    done
  done
  [ -f "$root/bin/busybox" ] || cp /bin/busybox "$root/bin/busybox"
fi
for app in sh ls cat echo uname sleep; do ln -sf busybox "$root/bin/$app"; done
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"

mkdir -p "$work/img/layer"
tar -C "$root" --numeric-owner --owner=0 --group=0 -cf "$work/img/layer/layer.tar" .
diff_id=$(sha256sum "$work/img/layer/layer.tar" | cut -d' ' -f1)
created=2026-01-01T00:00:00Z
config=$(printf '{"architecture":"arm64","variant":"v8","os":"linux","created":"%s","config":{"Env":["PATH=/bin"],"Cmd":["sh"],"Labels":{"berth.test.source":"%s"}},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created":"%s","created_by":"scripts/arm64-image.sh"}]}' \
  "$created" "$source" "$diff_id" "$created")
config_id=$(printf '%s' "$config" | sha256sum | cut -d' ' -f1)
printf '%s' "$config" >"$work/img/$config_id.json"
printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["layer/layer.tar"]}]' "$config_id" "$ref" >"$work/img/manifest.json"
tar -C "$work/img" -cf "$work/image.tar" .
docker load -q -i "$work/image.tar" >/dev/null
echo "arm64-image: $ref from $source"
