#!/usr/bin/env bash
# Installs, with apt-get, the Debian packages of every program in scripts/programs.txt of the given groups that is missing.
#
#   scripts/need.sh GROUP...        e.g. `scripts/need.sh test` or `scripts/need.sh vm`
#   scripts/need.sh --list GROUP... prints the missing programs' packages and installs nothing
#   scripts/need.sh --no-recommends GROUP...  installs without Debian's recommended packages (QEMU's pull in a GUI)
# Fast when everything is there (one `command -v` per program); idempotent.
set -euo pipefail
list="$(dirname "${BASH_SOURCE[0]}")/programs.txt"
dry=0
recommends=()
while [ $# -gt 0 ]; do
  case "$1" in
    --list) dry=1; shift ;;
    --no-recommends) recommends=(--no-install-recommends); shift ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { echo "need.sh: name at least one group (test, vm)" >&2; exit 2; }

present() { # PROGRAM (a name, or an absolute path: a program or a data file such as a keyring) -> exit 0 when it is there
  case "$1" in /*) [ -e "$1" ]; return ;; esac
  command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]
}

pkgs=()
while read -r program package group _; do
  case "$program" in '' | '#'*) continue ;; esac
  for want in "$@"; do
    [ "$group" = "$want" ] || continue
    present "$program" && continue
    case " ${pkgs[*]:-} " in *" $package "*) ;; *) pkgs+=("$package") ;; esac
  done
done <"$list"

[ ${#pkgs[@]} -gt 0 ] || exit 0
if [ "$dry" = 1 ]; then printf '%s\n' "${pkgs[@]}"; exit 0; fi
echo "need: installing ${pkgs[*]}"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${recommends[@]}" "${pkgs[@]}" >/dev/null
