#!/usr/bin/env bash
# Installs the Debian packages parley needs to build, and only those that are
# missing; with --test also what the test suite drives (Chromium for the
# dashboard's browser test, curl for the HTTP API tests). Without root (or
# passwordless sudo) it names them and stops.
set -euo pipefail

packages=(gcc make cmake pkg-config libjansson-dev libcmocka-dev libsqlite3-dev
          libmicrohttpd-dev libcurl4-openssl-dev)
if [ "${1:-}" = "--test" ]; then
  packages+=(chromium curl)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "parley: installing missing Debian packages: ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  sudo_cmd=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo_cmd=(sudo -n)
else
  echo "parley: cannot install them (not root and no passwordless sudo)." >&2
  echo "parley: run as root: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; then
  "${sudo_cmd[@]}" apt-get update >/dev/null
  "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
fi
