#!/usr/bin/env bash
# Picture benchmark: the sample site and a generated site with 1,000 synthetic pictures
# (examples/gen_images.rs on a 500-briefing gen_corpus site), each built cold (no
# .briefing-cache/) and then with the cache that build left.
#   benches/images.sh [RUNS]        (default 3; run from the project root)
set -euo pipefail
runs=${1:-3}
images=${IMAGES:-1000}
timecmd=../shared/bench/timecmd.py
cargo build --release -q --example gen_corpus --example gen_images
cargo build --release -q
bin=$PWD/target/release/briefing
work=/tmp/briefing-bench-images
mkdir -p "$work"
site=$work/site-$images
if [ ! -d "$site/content" ]; then
  target/release/examples/gen_corpus --briefings 500 --actors 50 --out "$site" >/dev/null
  target/release/examples/gen_images --site "$site" --images "$images"
fi
sample=$work/sample
rm -rf "$sample" && mkdir -p "$sample" && cp -r content site.yaml "$sample"/
[ -d templates ] && cp -r templates "$sample"/
for s in "$sample" "$site"; do
  name=$(basename "$s")
  echo "== $name, cold (no cache)"
  python3 "$timecmd" -n "$runs" --label "$name-cold" -- \
    sh -c "rm -rf $s/.briefing-cache && exec $bin build --root $s --out \$(mktemp -d $work/out.XXXXXX) --quiet"
  echo "== $name, cached"
  python3 "$timecmd" -n "$runs" --label "$name-cached" -- \
    sh -c "exec $bin build --root $s --out \$(mktemp -d $work/out.XXXXXX) --quiet"
  echo "cache: $(find "$s/.briefing-cache/images" -type f | wc -l) files, $(du -sh "$s/.briefing-cache/images" | cut -f1)"
  rm -rf "$work"/out.*
done
