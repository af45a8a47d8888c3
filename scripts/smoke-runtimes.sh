#!/usr/bin/env bash
# Usage: scripts/smoke-runtimes.sh <tarballs-dir>
# The smoke test (scripts/smoke.mjs) of the installed linux-x64-gnu package under the other
# runtimes that load Node-API addons: Bun and Deno, from the npm registry (@oven/bun-linux-x64,
# @deno/linux-x64-glibc; versions pinned below), installed once into a cache directory.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 <tarballs-dir>" >&2
  exit 2
fi
tarballs=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
version=$(node -p "require('$root/package.json').version")
bun=@oven/bun-linux-x64@1.4.5
deno=@deno/linux-x64-glibc@2.9.6

project=$(mktemp -d)
trap 'rm -rf "$project"' EXIT
echo '{ "name": "smoke-runtimes", "private": true, "type": "module" }' >"$project/package.json"
(cd "$project" && npm install --no-audit --no-fund --no-save --loglevel=error \
  "$tarballs/pact-mock-server-$version.tgz" "$tarballs/pact-mock-server-linux-x64-gnu-$version.tgz" >&2)
cp "$root/scripts/smoke.mjs" "$project/"
cd "$project"

started=$(date +%s%N)
"$root/scripts/with-npm-tool.sh" "$bun" bash -c 'chmod +x "$TOOL_DIR/bin/bun" && exec "$TOOL_DIR/bin/bun" smoke.mjs .'
bun_done=$(date +%s%N)
# -A: the smoke test reads and writes files, listens and connects, and loads a native addon.
"$root/scripts/with-npm-tool.sh" "$deno" bash -c 'chmod +x "$TOOL_DIR/deno" && exec "$TOOL_DIR/deno" run -A smoke.mjs .'
deno_done=$(date +%s%N)
echo "smoke-runtimes: bun $(((bun_done - started) / 1000000)) ms, deno $(((deno_done - bun_done) / 1000000)) ms" >&2
