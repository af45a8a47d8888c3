#!/usr/bin/env bash
# Usage: scripts/build-target.sh <napi target, e.g. linux-arm64-gnu> <out-dir>
# Builds the release addon for one platform package, from source on this Linux x64 machine, and
# leaves it in out-dir as pact-mock-server.<target>.node (the name the generated loader requires).
#
#   linux-*-gnu     zig (cargo-zigbuild) against glibc 2.17, so it loads on old distributions
#   linux-*-musl    zig (musl is linked statically into the addon; Alpine's libc provides the rest)
#   darwin-*        zig, with a generated SDK root holding text stubs (.tbd) of the two frameworks
#                   the dependencies link (Security, CoreFoundation): no Apple SDK is downloaded;
#                   the lib built as a cdylib alone (see below: what zig's link exports)
#   win32-x64-msvc  Debian's mingw-w64 with napi's `dyn-symbols` (Node-API looked up in node.exe at
#                   run time, as an MSVC build does), so it loads in the official node.exe
#   win32-arm64-msvc  zig's aarch64 mingw (aarch64-pc-windows-gnullvm), `dyn-symbols` as above
#
# Cargo artifacts go under ${CARGO_TARGET_DIR:-target}/cross (linux-x64-gnu: .../glibc-2.17, as
# scripts/pack.mjs always used), apart from the native build's so neither undoes the other.
# Nothing is downloaded but crates, rustup targets (added when missing) and PyPI's zig.
set -euo pipefail

# Everything in a function: bash has parsed all of it before it runs (an edit made meanwhile
# cannot corrupt a long build).
main() {
if [[ $# -ne 2 ]]; then
  echo "usage: $0 <target: linux-x64-gnu, linux-arm64-gnu, linux-x64-musl, linux-arm64-musl, darwin-x64, darwin-arm64, win32-x64-msvc, win32-arm64-msvc> <out-dir>" >&2
  exit 2
fi
target=$1
mkdir -p "$2"
out=$(cd "$2" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
binary=pact-mock-server
base_target_dir=${CARGO_TARGET_DIR:-$root/target}

case $target in
  linux-x64-gnu) triple=x86_64-unknown-linux-gnu ;;
  linux-arm64-gnu) triple=aarch64-unknown-linux-gnu ;;
  linux-x64-musl) triple=x86_64-unknown-linux-musl ;;
  linux-arm64-musl) triple=aarch64-unknown-linux-musl ;;
  darwin-x64) triple=x86_64-apple-darwin ;;
  darwin-arm64) triple=aarch64-apple-darwin ;;
  win32-x64-msvc) triple=x86_64-pc-windows-gnu ;;
  win32-arm64-msvc) triple=aarch64-pc-windows-gnullvm ;;
  *)
    echo "build-target: unknown target $target" >&2
    exit 2
    ;;
esac

if ! rustup target list --installed | grep -qx "$triple"; then
  rustup target add "$triple" >&2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log() { echo "build-target: $*" >&2; }
started=$(date +%s)

napi_build() {
  npx napi build --platform --release --features "$1" --output-dir "$work/out" "${@:2}"
}

case $target in
  linux-*-gnu)
    target_dir=$base_target_dir/cross
    [[ $target == linux-x64-gnu ]] && target_dir=$base_target_dir/glibc-2.17
    scripts/with-zig.sh npx napi build --platform --release --features "node plugins" --output-dir "$work/out" \
      --cross-compile --target "$triple.2.17" --target-dir "$target_dir"
    ;;
  linux-*-musl)
    # A cdylib for musl needs the C runtime linked dynamically (with crt-static rustc drops it).
    # Only for the target: host build scripts and proc-macros stay shared with the other targets.
    export "CARGO_TARGET_$(echo "$triple" | tr 'a-z-' 'A-Z_')_RUSTFLAGS=-C target-feature=-crt-static"
    scripts/with-zig.sh npx napi build --platform --release --features "node plugins" --output-dir "$work/out" \
      --cross-compile --target "$triple" --target-dir "$base_target_dir/cross"
    ;;
  darwin-*)
    if [[ $target == darwin-arm64 ]]; then
      export MACOSX_DEPLOYMENT_TARGET=11.0
    else
      export MACOSX_DEPLOYMENT_TARGET=10.15
    fi
    # zig ignores rustc's default minimum macOS version; the variable above sets it.
    # The lib is built as a cdylib alone (`cargo-zigbuild rustc --crate-type cdylib`), not with
    # `napi build`, which builds Cargo.toml's cdylib and rlib in one rustc run. With an rlib among
    # the crate types rustc keeps every Rust-level public symbol global, so LTO internalizes none
    # of them and only the linker's exported-symbols list hides them; with zig that list has no
    # effect (cargo-zigbuild filters it out; zig's Mach-O linker ignores it), so about 10,800 Rust
    # symbols were exported and -dead_strip had to keep all they reach: arm64 14812 KiB, 6.38 MiB
    # packed, over the 6 MiB limit. As a cdylib alone, LTO internalizes them: about 600 exports
    # left (napi_register_module_v1, mimalloc's and Oniguruma's C functions), 8570 KiB, 3.99 MiB
    # packed. The ELF and PE linkers honour the list: the other targets keep `napi build`.
    # Fat LTO and one codegen unit, as before (less code again).
    export CARGO_PROFILE_RELEASE_LTO=fat CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
    export SDKROOT=$work/MacOSX.sdk
    node scripts/macos-sdk-stubs.mjs "$SDKROOT"
    scripts/with-zig.sh cargo-zigbuild rustc --release --lib --features "node plugins" --crate-type cdylib \
      --target "$triple" --target-dir "$base_target_dir/cross"
    mkdir -p "$work/out"
    cp "$base_target_dir/cross/$triple/release/libpact_mock_server_node.dylib" "$work/out/$binary.$target.node"
    ;;
  win32-x64-msvc)
    # napi-build 2.6 wants a libnode.dll/libnode.a to link windows-gnu builds against; with
    # dyn-symbols nothing is taken from them, so empty files are enough.
    # A directory that stays: cargo keeps the build script's link-search path between builds.
    export LIBNODE_PATH=$base_target_dir/libnode-stub/x64
    mkdir -p "$LIBNODE_PATH"
    : >"$LIBNODE_PATH/libnode.dll"
    : >"$LIBNODE_PATH/libnode.a"
    command -v x86_64-w64-mingw32-gcc >/dev/null || {
      log "x86_64-w64-mingw32-gcc not found: apt-get install mingw-w64"
      exit 1
    }
    # Statically link libgcc and winpthreads: no mingw runtime DLL beside node.exe.
    export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
    export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS="-C link-arg=-static-libgcc -C link-arg=-Wl,-Bstatic -C link-arg=-lpthread -C link-arg=-Wl,-Bdynamic"
    # Fat LTO and one codegen unit: with the profile's thin LTO the binary packs to 6.4 MiB, over
    # the 6 MiB limit (mingw's x64 code is larger than the ELF builds').
    export CARGO_PROFILE_RELEASE_LTO=fat CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
    napi_build "node plugins napi/dyn-symbols" --target "$triple" --target-dir "$base_target_dir/cross"
    mv "$work/out/$binary.win32-x64-gnu.node" "$work/out/$binary.win32-x64-msvc.node"
    ;;
  win32-arm64-msvc)
    export LIBNODE_PATH=$base_target_dir/libnode-stub/arm64
    mkdir -p "$LIBNODE_PATH"
    : >"$LIBNODE_PATH/libnode.dll"
    # lld (zig's linker) refuses an empty file; an archive with no members is fine.
    printf '!<arch>\n' >"$LIBNODE_PATH/libnode.a"
    # napi build -x refuses windows-gnu(llvm) targets (it would hand them to cargo-xwin), and
    # Debian has no aarch64 mingw: cargo-zigbuild directly, zig's mingw-w64 and clang as linker.
    export CARGO_PROFILE_RELEASE_LTO=fat CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
    # zig's clang makes __DATE__ an error (-Werror=date-time); mimalloc's Windows code uses it.
    export CFLAGS_aarch64_pc_windows_gnullvm=-Wno-error=date-time
    scripts/with-zig.sh cargo zigbuild --release --lib --features "node plugins napi/dyn-symbols" \
      --target "$triple" --target-dir "$base_target_dir/cross"
    mkdir -p "$work/out"
    cp "$base_target_dir/cross/$triple/release/pact_mock_server_node.dll" "$work/out/$binary.win32-arm64-msvc.node"
    ;;
esac

file=$work/out/$binary.$target.node
if [[ ! -f $file ]]; then
  log "napi build left no $binary.$target.node; it left: $(ls "$work/out")"
  exit 1
fi
cp "$file" "$out/"
# The build also generated the loader and the types; scripts/pack.mjs compares the committed ones
# with those of this machine's own target (the same sources give the same files for every target).
if [[ $target == linux-x64-gnu ]]; then
  cp "$work/out/index.js" "$work/out/index.d.ts" "$out/"
fi
log "$target: $out/$binary.$target.node, $(($(stat -c %s "$file") / 1024)) KiB, $(($(date +%s) - started)) s"
}
main "$@"; exit $?
