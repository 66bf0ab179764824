#!/usr/bin/env bash
# What languages cost a build: a 10,000-briefing synthetic site as it is, then the same
# site with `languages: {uk: …}` and a (fake) Ukrainian translation of every briefing,
# each timed in cold builds into empty folders. With OLD_BIN set (a build of an earlier
# commit), the site without languages is also timed against it, pair by pair.
#   benches/languages.sh [RUNS]            (default 5; run from the project root)
#   OLD_BIN=/path/to/old/briefing benches/languages.sh
set -euo pipefail
runs=${1:-5}
timecmd=../shared/bench/timecmd.py
cargo build --release -q --example gen_corpus
cargo build --release -q
bin=$PWD/target/release/briefing
work=${WORK:-/tmp/briefing-bench-languages}
mkdir -p "$work"
one=$work/site-10k
two=$work/site-10k-uk
[ -d "$one/content" ] || target/release/examples/gen_corpus --briefings 10000 --actors 1000 --out "$one" >/dev/null 2>&1
if [ ! -d "$two/content" ]; then
  cp -r "$one" "$two"
  printf '\nlanguages:\n  uk: {title: Синтетичні брифінги}\n' >> "$two/site.yaml"
  # A translation of every briefing: a title, a summary and a short body, all fake.
  python3 - "$two/content/briefings" <<'PY'
import pathlib, sys
root = pathlib.Path(sys.argv[1])
for i, md in enumerate(sorted(root.rglob("*.md"))):
    if md.name.count(".") > 1:
        continue
    name = "index.uk.md" if md.name == "index.md" else md.stem + ".uk.md"
    (md.parent / name).write_text(
        f"---\ntitle: Синтетичний брифінг {i:05}\nsummary: Синтетичний підсумок {i:05}.\n---\n\n"
        f"Синтетичний текст брифінгу {i:05}, перекладений для вимірювання.\n"
    )
PY
fi
for site in "$one" "$two"; do
  "$bin" build --root "$site" --out "$work/out" --quiet
  echo "== $(basename "$site"): $(find "$work/out" -name '*.html' | wc -l) pages, $(du -sb "$work/out" | cut -f1) bytes"
  rm -rf "$work/out"
done
if [ -n "${OLD_BIN:-}" ]; then
  python3 "$timecmd" -n "$runs" --warmup 1 --label now-10k \
    --vs "sh -c 'exec $OLD_BIN build --root $one --out \$(mktemp -d $work/old.XXXXXX) --quiet'" --vs-label old-10k \
    -- sh -c "exec $bin build --root $one --out \$(mktemp -d $work/o.XXXXXX) --quiet"
  rm -rf "$work"/old.* "$work"/o.*
fi
python3 "$timecmd" -n "$runs" --warmup 1 --label with-uk \
  --vs "sh -c 'exec $bin build --root $one --out \$(mktemp -d $work/o.XXXXXX) --quiet'" --vs-label without \
  -- sh -c "exec $bin build --root $two --out \$(mktemp -d $work/o.XXXXXX) --quiet"
rm -rf "$work"/o.*
