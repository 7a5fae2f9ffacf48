#!/usr/bin/env bash
# Starts/stops a local Debian `docker-registry` on 127.0.0.1 for tests, idempotently; prints its address.
#
#   scripts/registry.sh start [--name NAME] [--port PORT] [--auth USER:PASSWORD]   -> prints 127.0.0.1:PORT
#   scripts/registry.sh stop [--name NAME]
#   scripts/registry.sh status [--name NAME]                                       -> exit 0 when it answers
#
# Each NAME gets its own folder under ${BERTH_REGISTRY_DIR:-/tmp/berth-registry}/NAME (config, storage, pid,
# log). `--auth` turns on htpasswd basic auth (bcrypt via `htpasswd` from apache2-utils, else crypt(3) through perl;
# BERTH_REGISTRY_NO_HTPASSWD=1 forces the latter). `hash --auth USER:PASSWORD` prints the line it would write.
# Starting a registry that already answers with the same settings does nothing but print its address.
set -euo pipefail

cmd="${1:-}"
[ $# -gt 0 ] && shift
name=default
port=""
auth=""
while [ $# -gt 0 ]; do
  case "$1" in
    --name) name="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --auth) auth="$2"; shift 2 ;;
    *) echo "registry.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$name" in *[!a-zA-Z0-9_-]* | "") echo "registry.sh: bad --name" >&2; exit 2 ;; esac

base="${BERTH_REGISTRY_DIR:-/tmp/berth-registry}/$name"
pidfile="$base/pid"

running_pid() {
  [ -f "$pidfile" ] || return 1
  local pid
  pid=$(cat "$pidfile")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q docker-registry "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

answers() { # 200 (open) or 401 (auth) on /v2/ means the registry is serving
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$1/v2/" || true)
  [ "$code" = 200 ] || [ "$code" = 401 ]
}

free_port() {
  local p
  for p in $(seq "${1:-5055}" 5999); do
    ss -Htln "sport = :$p" 2>/dev/null | grep -q . || { echo "$p"; return 0; }
  done
  echo "registry.sh: no free port" >&2
  return 1
}

bcrypt_line() { # USER:PASSWORD -> htpasswd line (bcrypt)
  local user="${1%%:*}" pass="${1#*:}"
  if command -v htpasswd >/dev/null 2>&1 && [ "${BERTH_REGISTRY_NO_HTPASSWD:-0}" != 1 ]; then
    htpasswd -Bbn "$user" "$pass" | head -1
    return
  fi
  # Fallback: Debian's crypt(3) (libxcrypt) does bcrypt. Its salt is 22 characters of ./A-Za-z0-9: 48 random
  # bytes give ~64 of them, so there are always 22 to take (cut in bash: a `head` in the pipe could SIGPIPE it).
  local salt hash
  salt=$(head -c 48 /dev/urandom | base64 -w0 | tr -dc 'a-zA-Z0-9./')
  salt=${salt:0:22}
  hash=$(BERTH_PW="$pass" BERTH_SALT="\$2b\$10\$$salt" perl -e 'print crypt($ENV{BERTH_PW}, $ENV{BERTH_SALT}) // "", "\n"')
  case "$hash" in
    '$2'?'$10$'*) echo "$user:$hash" ;;
    *) echo "registry.sh: this system's crypt(3) has no bcrypt; install apache2-utils (htpasswd)" >&2; return 1 ;;
  esac
}

start() {
  command -v docker-registry >/dev/null 2>&1 || { echo "registry.sh: docker-registry is not installed (apt-get install docker-registry)" >&2; exit 1; }
  local want_auth="${auth:+yes}"
  if pid=$(running_pid); then
    local cur_port cur_auth
    cur_port=$(cat "$base/port")
    cur_auth=$(cat "$base/auth" 2>/dev/null || true)
    if [ "$cur_auth" = "$(printf '%s' "$auth" | sha256sum | cut -c1-16)" ] && { [ -z "$port" ] || [ "$port" = "$cur_port" ]; } && answers "$cur_port"; then
      echo "127.0.0.1:$cur_port"
      return 0
    fi
    stop >/dev/null
  fi
  mkdir -p "$base/data"
  chmod 700 "$base"
  [ -n "$port" ] || port=$(free_port "${BERTH_REGISTRY_PORT:-5055}")
  {
    echo "version: 0.1"
    echo "log: {level: warn}"
    echo "storage:"
    echo "  filesystem: {rootdirectory: $base/data}"
    echo "  delete: {enabled: true}"
    echo "http:"
    echo "  addr: 127.0.0.1:$port"
    echo "  secret: berth-test-$name"
    if [ -n "$want_auth" ]; then
      bcrypt_line "$auth" >"$base/htpasswd"
      chmod 600 "$base/htpasswd"
      echo "auth:"
      echo "  htpasswd: {realm: berth-test, path: $base/htpasswd}"
    fi
  } >"$base/config.yml"
  echo "$port" >"$base/port"
  printf '%s' "$auth" | sha256sum | cut -c1-16 >"$base/auth"
  nohup docker-registry serve "$base/config.yml" >"$base/log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  for _ in $(seq 1 50); do
    answers "$port" && { echo "127.0.0.1:$port"; return 0; }
    kill -0 "$(cat "$pidfile")" 2>/dev/null || break
    sleep 0.1
  done
  echo "registry.sh: docker-registry did not start on 127.0.0.1:$port" >&2
  tail -20 "$base/log" >&2 || true
  exit 1
}

stop() {
  if pid=$(running_pid); then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  echo "stopped $name"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  hash) bcrypt_line "$auth" ;; # for tests: the htpasswd line --auth USER:PASSWORD would get
  status)
    if running_pid >/dev/null && answers "$(cat "$base/port")"; then echo "127.0.0.1:$(cat "$base/port")"; else echo "not running" >&2; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status|hash [--name NAME] [--port PORT] [--auth USER:PASSWORD]" >&2; exit 2 ;;
esac
