#!/usr/bin/env bash
# Usage: scripts/with-wine.sh <windows program.exe> [args...]
# Runs a Windows x64 program (node.exe) under Debian's wine 8 (apt-get install wine wine64
# mingw-w64), with what wine 8 lacks for Node 20 and Rust's std:
#   - a prefix of its own (in a cache directory) set to Windows 10 (`winecfg -v win10`);
#   - bcryptprimitives.dll with ProcessPrng (Rust's std gets random bytes from it; wine 8 has
#     no such DLL): a stub built with mingw that calls RtlGenRandom;
#   - stdout and stderr to files, printed afterwards (wine 8 gives node.exe EBADF on pipes).
# The program's exit status is this script's.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 <program.exe> [args...]" >&2
  exit 2
fi
command -v wine >/dev/null || {
  echo "with-wine: wine not found: apt-get install wine wine64" >&2
  exit 1
}
export WINEPREFIX=${PACT_MOCK_SERVER_WINEPREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/pact-mock-server/wine}
export WINEDEBUG=${WINEDEBUG:--all}
export WINEDLLOVERRIDES="mscoree,mshtml=;bcryptprimitives=n"
system32=$WINEPREFIX/drive_c/windows/system32

if [[ ! -f "$WINEPREFIX/.pact-mock-server-ready" ]]; then
  echo "with-wine: preparing $WINEPREFIX" >&2
  mkdir -p "$WINEPREFIX"
  wineboot --init >/dev/null 2>&1 || true
  wine winecfg -v win10 >/dev/null 2>&1
  stub=$(mktemp -d)
  cat >"$stub/bcryptprimitives.c" <<'C'
#include <windows.h>
/* RtlGenRandom, exported by advapi32 as SystemFunction036. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
  while (length > 0) {
    ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
    if (!SystemFunction036(data, chunk)) return FALSE;
    data += chunk;
    length -= chunk;
  }
  return TRUE;
}
C
  printf 'LIBRARY bcryptprimitives\nEXPORTS\n  ProcessPrng\n' >"$stub/bcryptprimitives.def"
  x86_64-w64-mingw32-gcc -O2 -shared -o "$system32/bcryptprimitives.dll" \
    "$stub/bcryptprimitives.c" "$stub/bcryptprimitives.def" -ladvapi32
  rm -rf "$stub"
  wineserver -w
  touch "$WINEPREFIX/.pact-mock-server-ready"
fi

output=$(mktemp -d)
status=0
wine "$@" >"$output/stdout" 2>"$output/stderr" </dev/null || status=$?
cat "$output/stdout"
cat "$output/stderr" >&2
rm -rf "$output"
exit $status
