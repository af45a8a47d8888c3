#!/usr/bin/env bash
# Usage: scripts/with-zig.sh <command> [args...]
# Runs the command with zig and cargo-zigbuild on PATH, which `napi build -x` uses to link the
# Linux binary against glibc 2.17 (so it loads on older distributions than the build machine's).
# Both come from PyPI (ziglang, cargo-zigbuild), installed once into a virtualenv in a cache
# directory and reused.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 2
fi

venv=${PACT_MOCK_SERVER_ZIG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pact-mock-server/zig}
requirements=(ziglang==0.17.1 cargo-zigbuild==0.24.0)
stamp="$venv/installed"

if [[ ! -f "$stamp" || "$(cat "$stamp")" != "${requirements[*]}" ]]; then
  echo "with-zig: installing ${requirements[*]} from PyPI into $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${requirements[@]}" >&2
  echo "${requirements[*]}" >"$stamp"
fi

# cargo-zigbuild runs `python3 -m ziglang` when no `zig` is on PATH: the virtualenv's python3.
export PATH="$venv/bin:$PATH"
exec "$@"
