#!/usr/bin/env bash
# Instructions per request, and per create + shutdown, of the engine alone, counted by callgrind:
# the same on a busy machine as on a quiet one, so optimisations can be measured while others
# build. Each figure is the difference between two runs of different counts, divided by the
# difference of the counts, so start-up is left out (the GET counts start above the request log's
# 1,000 entries, so that every request also evicts one, as in a long run). "request path" counts
# only what runs inside service::handle (conversion, matching, recording, the response);
# "in all" adds hyper, tokio and the client. One malloc arena and valgrind's fair scheduling keep
# repeated runs within about 1% of each other.
#
#   bench/instructions.sh            # get, post and create
#   bench/instructions.sh get        # one of them
#   KEEP=/tmp/profiles bench/instructions.sh   # keep the callgrind files for callgrind_annotate
set -euo pipefail
cd "$(dirname "$0")/.."
# With the allocator the addon has (the node feature turns it on).
# FEATURES=plugins: the same with plugin support built in (a pact without plugins must cost the same).
cargo build --quiet --profile profiling --example bench-profile-requests --features "mimalloc ${FEATURES:-}"
binary="${CARGO_TARGET_DIR:-target}/profiling/examples/bench-profile-requests"
dir="${KEEP:-$(mktemp -d)}"
mkdir -p "$dir"
node bench/fixtures.mjs "$dir" >/dev/null

# collected KIND COUNT [callgrind options]: the instructions of one run
collected() {
  local kind=$1 count=$2
  shift 2
  MALLOC_ARENA_MAX=1 valgrind --tool=callgrind --fair-sched=yes "$@" --callgrind-out-file="$dir/callgrind.$kind.$count${1:+.handle}" \
    "$binary" "$dir" "$kind" "$count" 2>&1 | sed -n 's/.*Collected : //p'
}

declare -A counts=([get]="2000 4000" [post]="5 10" [create]="10 20")
for kind in ${@:-get post create}; do
  read -r small large <<<"${counts[$kind]}"
  all=$((($(collected "$kind" "$large") - $(collected "$kind" "$small")) / (large - small)))
  if [ "$kind" = create ]; then
    echo "create + shutdown: $all instructions each"
  else
    toggle=--toggle-collect='*service::handle*'
    path=$((($(collected "$kind" "$large" "$toggle") - $(collected "$kind" "$small" "$toggle")) / (large - small)))
    echo "$kind: $path instructions each in the request path, $all in all"
  fi
done
