#!/usr/bin/env bash
# Full-build benchmark: generates 1,000- and 10,000-briefing synthetic sites and times
# cold builds into empty folders beside the floor (read + pulldown-cmark + write, no
# templates), then prints build/floor and the growth from 1,000 to 10,000.
#   benches/build.sh [RUNS]        (default 5; run from the project root)
set -euo pipefail
runs=${1:-5}
timecmd=../shared/bench/timecmd.py
cargo build --release -q --example gen_corpus --example floor
cargo build --release -q
bin=$PWD/target/release/briefing
floor=$PWD/target/release/examples/floor
work=/tmp/briefing-bench
mkdir -p "$work"
for n in 1000 10000; do
  a=$((n / 10))
  site=$work/site-$n
  [ -d "$site/content" ] || target/release/examples/gen_corpus --briefings "$n" --actors "$a" --out "$site" >/dev/null 2>&1
  echo "== $n briefings, $a actors"
  "$bin" build --root "$site" --out "$work/out-$n" --quiet
  pages=$(find "$work/out-$n" -name '*.html' | wc -l)
  bytes=$(du -sb "$work/out-$n" | cut -f1)
  echo "pages written: $pages html, $(find "$work/out-$n" -type f | wc -l) files, $bytes bytes"
  rm -rf "$work/out-$n"
  python3 "$timecmd" -n "$runs" --label "build-$n" --json "$work/build-$n.json" \
    --vs "sh -c 'exec $floor --root $site --out \$(mktemp -d $work/floor.XXXXXX)'" --vs-label "floor-$n" \
    -- sh -c "exec $bin build --root $site --out \$(mktemp -d $work/out.XXXXXX) --quiet"
  rm -rf "$work"/out.* "$work"/floor.*
done
python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
a, b = (json.load(open(f"{w}/build-{n}.json")) for n in (1000, 10000))
wa, wb = a["build-1000"]["wall"]["median"], b["build-10000"]["wall"]["median"]
print(f"growth 1,000 -> 10,000: {wb / wa:.1f}x wall (target at most 11x)")
for n, d in ((1000, a), (10000, b)):
    print(f"build/floor at {n}: {d['ratio_wall']['median']:.2f} (target at most 1.5)")
PY
