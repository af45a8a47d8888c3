#!/usr/bin/env bash
# Instructions per request, and per create + shutdown, of the engine alone, counted by callgrind:
# the same on a busy machine as on a quiet one, so optimisations can be measured while others
# build. Each figure is the difference between two runs of different counts, divided by the
# difference of the counts, so start-up is left out.
#
#   bench/instructions.sh            # get, post and create
#   bench/instructions.sh get        # one of them
#   KEEP=/tmp/profiles bench/instructions.sh   # keep the callgrind files for callgrind_annotate
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --profile profiling --example bench-profile-requests
binary="${CARGO_TARGET_DIR:-target}/profiling/examples/bench-profile-requests"
dir="${KEEP:-$(mktemp -d)}"
mkdir -p "$dir"
node bench/fixtures.mjs "$dir" >/dev/null

collected() {
  valgrind --tool=callgrind --callgrind-out-file="$dir/callgrind.$1.$2" "$binary" "$dir" "$1" "$2" 2>&1 |
    sed -n 's/.*Collected : //p'
}

declare -A counts=([get]="1000 2000" [post]="5 10" [create]="10 20")
for kind in "${@:-get post create}"; do
  for each in $kind; do
    read -r small large <<<"${counts[$each]}"
    a=$(collected "$each" "$small")
    b=$(collected "$each" "$large")
    echo "$each: $(((b - a) / (large - small))) instructions each"
  done
done
