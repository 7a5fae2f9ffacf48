#!/usr/bin/env bash
# Installs and starts what Berth's tests need, idempotently: Debian packages, dockerd, test images.
set -euo pipefail

# Every program the tests run, from the one list (scripts/programs.txt); the VM suite's own group when asked.
bash "$(dirname "${BASH_SOURCE[0]}")/need.sh" test
if [ "${BERTH_VM_TESTS:-0}" = "1" ]; then bash "$(dirname "${BASH_SOURCE[0]}")/need.sh" --no-recommends vm; fi
# The test images copy /bin/busybox into themselves, so it must be Debian's static build (`busybox` is dynamic).
if ! dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed'; then
  echo "setup: installing busybox-static"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq busybox-static >/dev/null
fi

# Start dockerd when nothing answers on the default socket.
if ! docker version >/dev/null 2>&1; then
  echo "setup: starting dockerd"
  mkdir -p /var/log
  nohup dockerd --storage-driver=overlay2 >/var/log/berth-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do docker version >/dev/null 2>&1 && break; sleep 0.5; done
  if ! docker version >/dev/null 2>&1; then
    # overlay2 can be unavailable on some filesystems; fall back to vfs rather than fail.
    echo "setup: dockerd did not answer with overlay2; retrying with vfs" >&2
    pkill -x dockerd || true; sleep 1
    nohup dockerd --storage-driver=vfs >/var/log/berth-dockerd.log 2>&1 &
    for _ in $(seq 1 60); do docker version >/dev/null 2>&1 && break; sleep 0.5; done
  fi
  docker version >/dev/null || { tail -20 /var/log/berth-dockerd.log >&2; exit 1; }
fi

# Test image: a static busybox (sh, httpd, nc, ...) imported as berth-test/busybox.
if ! docker image inspect berth-test/busybox:latest >/dev/null 2>&1; then
  echo "setup: building berth-test/busybox"
  dir=$(mktemp -d)
  mkdir -p "$dir/bin" "$dir/tmp" "$dir/etc" "$dir/www" "$dir/root"
  cp /bin/busybox "$dir/bin/busybox"
  for app in $(/bin/busybox --list); do [ "$app" = busybox ] || ln -sf busybox "$dir/bin/$app"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$dir/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$dir/etc/group"
  echo '<h1>hello from berth</h1>' >"$dir/www/index.html"
  tar -C "$dir" -c . | docker import \
    -c 'ENV PATH=/bin' -c 'CMD ["sh"]' - berth-test/busybox:latest >/dev/null
  rm -rf "$dir"
fi
# A shell-less image (distroless-like): one static binary, no /bin/sh.
if ! docker image inspect berth-test/noshell:latest >/dev/null 2>&1; then
  echo "setup: building berth-test/noshell"
  dir=$(mktemp -d)
  mkdir -p "$dir/app"
  cp /bin/busybox "$dir/app/busybox-sleeper"
  tar -C "$dir" -c . | docker import -c 'ENTRYPOINT ["/app/busybox-sleeper","sleep"]' -c 'CMD ["3600"]' - berth-test/noshell:latest >/dev/null
  rm -rf "$dir"
fi
echo "setup: ready ($(docker version --format '{{.Server.Version}}') on $(docker info --format '{{.Driver}}'))"
