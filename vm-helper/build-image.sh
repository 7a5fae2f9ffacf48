#!/usr/bin/env bash
# Builds the Berth guest (kernel, root disk, rootfs.tar, manifest) from Debian packages, cached by a hash of the recipe.
#
# Usage: vm-helper/build-image.sh [--arch x86_64|aarch64] [--print-dir] [--force]
#   --arch: the guest's architecture (also amd64/arm64); default the host's. A foreign one is built under
#   qemu-user-static through binfmt_misc (mounted and registered here when it is not).
#   Prints the directory holding the image on its last line. A second run with an unchanged recipe is a no-op.
# Env:   BERTH_VM_CACHE (default ~/.cache/berth/vm), BERTH_VM_CACHE_KEEP (images kept, default 3),
#        BERTH_DEBIAN_SUITE (default bookworm),
#        BERTH_DEBIAN_MIRROR (default http://deb.debian.org/debian)
# Needs: root (debootstrap), debootstrap, debian-archive-keyring, e2fsprogs (mkfs.ext4 -d), tar, sha256sum, cpio, gzip.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SUITE="${BERTH_DEBIAN_SUITE:-bookworm}"
MIRROR="${BERTH_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
CACHE="${BERTH_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/berth/vm}"
FORCE=0
PRINT_ONLY=0
ARCH="$(uname -m)"
while [ $# -gt 0 ]; do
  a="$1"; shift
  case "$a" in
    --force) FORCE=1 ;;
    --print-dir) PRINT_ONLY=1 ;;
    --arch) ARCH="${1:-}"; shift || true ;;
    --arch=*) ARCH="${a#--arch=}" ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "build-image: unknown argument $a" >&2; exit 2 ;;
  esac
done
# The guest's architecture as `uname -m` names it, Debian's name for it, its kernel, console and extra packages.
case "$ARCH" in
  x86_64|amd64) ARCH=x86_64; DEB_ARCH=amd64; CONSOLE=ttyS0; EXTRA="" ;;
  aarch64|arm64) ARCH=aarch64; DEB_ARCH=arm64; CONSOLE=ttyAMA0
    # amd64 images on an arm64 guest (docker run --platform linux/amd64), as Docker Desktop does: qemu-user-static.
    EXTRA=",qemu-user-static" ;;
  *) echo "build-image: unknown architecture '$ARCH' (x86_64/amd64 or aarch64/arm64)" >&2; exit 2 ;;
esac
PACKAGES="docker.io,openssh-server,iproute2,kmod,procps,busybox-static,tini,e2fsprogs,util-linux,ca-certificates,iptables,sshfs,apparmor,linux-image-cloud-$DEB_ARCH$EXTRA"

log() { echo "build-image: $*" >&2; }

# The recipe: this script, every guest file, the suite and the package list. Anything else does not change the image.
recipe_hash() {
  (
    cd "$HERE"
    printf 'suite=%s\narch=%s\npackages=%s\n' "$SUITE" "$ARCH" "$PACKAGES"
    find build-image.sh guest -type f | LC_ALL=C sort | while read -r f; do
      printf '%s %s\n' "$(sha256sum < "$f" | cut -d' ' -f1)" "$f"
      # The executable bit is part of the recipe too.
      if [ -x "$f" ]; then printf 'x %s\n' "$f"; fi
    done
  ) | sha256sum | cut -c1-16
}

HASH="$(recipe_hash)"
OUT="$CACHE/$HASH"
if [ "$PRINT_ONLY" = 1 ]; then echo "$OUT"; exit 0; fi

if [ "$FORCE" = 0 ] && [ -f "$OUT/manifest.json" ]; then
  log "up to date (recipe $HASH), nothing to do"
  echo "$OUT"
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  log "debootstrap needs root: run 'sudo $0' (the image is cached in $CACHE for later runs)"
  exit 1
fi
for tool in debootstrap mkfs.ext4 tar sha256sum cpio gzip; do
  command -v "$tool" >/dev/null || { log "missing $tool: install it with 'sudo apt-get install -y debootstrap e2fsprogs cpio'"; exit 1; }
done

# Every package is verified against Debian's archive keys, never only the transport: an explicit keyring, not a default.
KEYRING="${BERTH_DEBIAN_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}"
[ -r "$KEYRING" ] || { log "missing $KEYRING: install it with 'sudo apt-get install -y debian-archive-keyring'"; exit 1; }

# A foreign guest: its packages' scripts run in the chroot under qemu-user-static, found through binfmt_misc.
if [ "$ARCH" != "$(uname -m)" ]; then
  BINFMT=/proc/sys/fs/binfmt_misc
  [ -e "$BINFMT/register" ] || mount -t binfmt_misc binfmt_misc "$BINFMT" ||
    { log "cannot mount $BINFMT: a $ARCH guest cannot be built on this $(uname -m) host"; exit 1; }
  QEMU_NAME="qemu-$ARCH"
  if [ ! -e "$BINFMT/$QEMU_NAME" ]; then
    command -v update-binfmts >/dev/null && [ -e "/usr/share/binfmts/$QEMU_NAME" ] ||
      { log "missing qemu-user-static: install it with 'sudo apt-get install -y qemu-user-static binfmt-support'"; exit 1; }
    update-binfmts --enable "$QEMU_NAME" >/dev/null
  fi
  # The F (fix-binary) flag: the emulator is opened now, so the chroot needs no copy of it.
  grep -q '^flags:.*F' "$BINFMT/$QEMU_NAME" || { log "$BINFMT/$QEMU_NAME lacks the F flag; the chroot could not run $ARCH programs"; exit 1; }
fi

mkdir -p "$CACHE"
WORK="$(mktemp -d "$CACHE/.build-$HASH-XXXXXX")"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
ROOT="$WORK/rootfs"
T0=$(date +%s)

log "debootstrap $SUITE minbase $DEB_ARCH from $MIRROR (recipe $HASH)"
debootstrap --arch="$DEB_ARCH" --keyring="$KEYRING" --variant=minbase --include="$PACKAGES" "$SUITE" "$ROOT" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 || {
  tail -n 30 "$WORK/debootstrap.log" >&2; log "debootstrap failed (full log above)"; exit 1; }
T1=$(date +%s)
log "debootstrap done in $((T1 - T0)) s"

# Guest files.
for script in "$HERE"/guest/berth-*; do
  install -m 0755 "$script" "$ROOT/usr/local/sbin/$(basename "$script")"
done
install -D -m 0644 "$HERE/guest/daemon.json" "$ROOT/etc/docker/daemon.json"
install -m 0644 "$HERE/guest/sshd_config" "$ROOT/etc/ssh/sshd_config"
install -m 0644 "$HERE/guest/wsl.conf" "$ROOT/etc/wsl.conf"
for needed in berth-init berth-services berth-engine berth-shutdown; do
  [ -x "$ROOT/usr/local/sbin/$needed" ] || { log "guest/$needed missing from the image"; exit 1; }
done
echo berth > "$ROOT/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 berth\n::1 localhost ip6-localhost ip6-loopback\n' > "$ROOT/etc/hosts"
: > "$ROOT/etc/fstab"
# Host keys are injected at boot (pinned by the host); never ship the ones debootstrap generated.
rm -f "$ROOT"/etc/ssh/ssh_host_*
mkdir -p "$ROOT/root/.ssh" && chmod 700 "$ROOT/root/.ssh"
# Root's home is not /root: a host whose home is /root shares that folder at the same path, and sshd reading the
# home of the user it logs in (over the very link that serves the mount) would wait on itself.
mkdir -p "$ROOT/var/lib/berth-home" && chmod 700 "$ROOT/var/lib/berth-home"
sed -i 's#^root:\([^:]*\):0:0:\([^:]*\):/root:#root:\1:0:0:\2:/var/lib/berth-home:#' "$ROOT/etc/passwd"
grep -q '^root:[^:]*:0:0:[^:]*:/var/lib/berth-home:' "$ROOT/etc/passwd" || { log "could not move root's home"; exit 1; }

# Kernel out of the rootfs, and a tiny initramfs of our own: the disks are virtio-blk (QEMU can save a VM with them,
# not with NVMe), whose driver is a module in the cloud kernel. It loads the modules, mounts the root disk found by its
# serial, and hands over to berth-init. NVMe (built in) still boots images' old command line without it.
KVER="$(ls "$ROOT/lib/modules" | sort -V | tail -n1)"
for opt in CONFIG_BLK_DEV_NVME CONFIG_EXT4_FS CONFIG_DEVTMPFS; do
  grep -q "^$opt=y" "$ROOT/boot/config-$KVER" || { log "the $DEB_ARCH cloud kernel does not build in $opt"; exit 1; }
done
cp "$ROOT/boot/vmlinuz-$KVER" "$WORK/vmlinuz"
INITRD="$WORK/initrd"
mkdir -p "$INITRD/bin" "$INITRD/dev" "$INITRD/proc" "$INITRD/sys" "$INITRD/newroot" "$INITRD/modules"
install -m 0755 "$ROOT/bin/busybox" "$INITRD/bin/busybox"
install -m 0755 "$HERE/guest/initrd-init" "$INITRD/init"
: > "$INITRD/modules/order"
for m in virtio virtio_ring virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_blk; do
  f="$(find "$ROOT/lib/modules/$KVER/kernel" -name "$m.ko" | head -n1)"
  if [ -n "$f" ]; then cp "$f" "$INITRD/modules/"; echo "$m" >> "$INITRD/modules/order"
  elif ! grep -q "/$m.ko\$" "$ROOT/lib/modules/$KVER/modules.builtin"; then log "the $DEB_ARCH kernel has no $m module"; exit 1; fi
done
(cd "$INITRD" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -9 -n) > "$WORK/initrd.img"
rm -rf "$INITRD"
rm -rf "$ROOT"/boot/* "$ROOT"/initrd.img* "$ROOT"/vmlinuz*
# The arm64 guest keeps one emulator (amd64 images) of qemu-user-static's many; berth-init registers it at boot.
if [ -n "$EXTRA" ]; then
  find "$ROOT/usr/bin" -name 'qemu-*-static' ! -name qemu-x86_64-static -delete
  find "$ROOT/usr/libexec/qemu-binfmt" -mindepth 1 ! -name 'x86_64-binfmt-P' -delete 2>/dev/null || true
  [ -x "$ROOT/usr/bin/qemu-x86_64-static" ] || { log "qemu-x86_64-static missing from the $DEB_ARCH guest"; exit 1; }
fi
# Trim what a headless engine host never reads.
rm -rf "$ROOT"/var/cache/apt/archives/*.deb "$ROOT"/var/lib/apt/lists/* "$ROOT"/usr/share/doc/* \
  "$ROOT"/usr/share/man/* "$ROOT"/usr/share/info/* "$ROOT"/var/log/*.log "$ROOT"/var/cache/debconf/*-old
# Package versions for the manifest.
DOCKER_VER="$(chroot "$ROOT" dpkg-query -W -f '${Version}' docker.io)"
DEBIAN_VER="$(cat "$ROOT/etc/debian_version")"

log "packing rootfs.tar"
tar --numeric-owner --xattrs --acls -C "$ROOT" -cf "$WORK/rootfs.tar" .
USED_MB=$(du -sm "$ROOT" | cut -f1)
SIZE_MB=$(( (USED_MB * 3 / 2 + 512 + 63) / 64 * 64 ))
log "making root.img (${SIZE_MB} MiB ext4, ${USED_MB} MiB used)"
mkfs.ext4 -q -F -L berth-root -d "$ROOT" -E root_owner=0:0 "$WORK/root.img" "${SIZE_MB}M"
rm -rf "$ROOT"

file_fields() { # name -> "sha256":"..","size":N
  printf '"sha256": "%s", "size": %s' "$(sha256sum "$WORK/$1" | cut -d' ' -f1)" "$(stat -c %s "$WORK/$1")"
}
cat > "$WORK/manifest.json" <<JSON
{
  "name": "berth-vm",
  "version": "$SUITE-$DEBIAN_VER-$HASH",
  "recipeHash": "$HASH",
  "suite": "$SUITE",
  "debianVersion": "$DEBIAN_VER",
  "kernelVersion": "$KVER",
  "dockerVersion": "$DOCKER_VER",
  "arch": "$ARCH",
  "builtAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "cmdline": "console=$CONSOLE root=berthroot rw rootfstype=ext4 init=/usr/local/sbin/berth-init panic=-1 loglevel=4",
  "files": {
    "kernel": {"path": "vmlinuz", $(file_fields vmlinuz)},
    "initrd": {"path": "initrd.img", $(file_fields initrd.img)},
    "rootDisk": {"path": "root.img", "format": "raw", $(file_fields root.img)},
    "rootfsTar": {"path": "rootfs.tar", $(file_fields rootfs.tar)}
  }
}
JSON
rm -f "$WORK/debootstrap.log"
rm -rf "$OUT"
mv "$WORK" "$OUT"
trap - EXIT
chmod 755 "$OUT"
# Keep the newest few images of this architecture (VMs made from a pruned one move to the newest at their next start).
KEEP="${BERTH_VM_CACHE_KEEP:-3}"
ls -1dt "$CACHE"/*/ 2>/dev/null | while read -r dir; do
  # An if, not `grep && echo`: a last image of the other architecture would end the loop, and with pipefail the
  # script, with status 1 after the image was already in place (seen on a cache holding both architectures).
  if grep -q "\"arch\": \"$ARCH\"" "$dir/manifest.json" 2>/dev/null; then echo "$dir"; fi
done | tail -n +"$((KEEP + 1))" | while read -r old; do
  log "pruning old image $old"; rm -rf "$old"
done
log "built $OUT in $(( $(date +%s) - T0 )) s"
echo "$OUT"
