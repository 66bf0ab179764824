#!/usr/bin/env bash
# Incremental-build benchmark: on a work copy of a 10,000-briefing synthetic site, times
# cold builds (`--clean`, or with the cache and output deleted where the binary has no
# --clean), then one small edit at a time followed by a plain `briefing build` into the
# same output folder: the wall time, the output files rewritten (mtime newer than a stamp
# taken before the edit) and the output files that vanished. Each edit is undone and the
# site built again (untimed) before the next. Edits, all on one briefing from the middle
# of the site unless said otherwise:
#   body      a sentence appended to its body
#   date      its `date:` moved to 1999-01-15 (older than any generated briefing, so
#             listings reorder, as benches/serve_latency.sh's date edit does)
#   quote     a quote added at the head of its `quotes:`, by its first actor
#   topic     an existing topic it did not have added to its `topics:`
#   template  base.html ejected into SITE/templates/ with an HTML comment in the footer
#   new       a new briefing (a copy of it with another title)
#   delete    another briefing removed
# Per edit: median time, median files rewritten and vanished, time / median cold build,
# whether the output shows the edit, and the build's own summary line of the last run.
# Goals: body edit at most 10% of a cold build and at most 20 files rewritten.
#   benches/incremental.sh [RUNS]            (default 3; run from the project root)
#   N=1000 benches/incremental.sh 1          (smaller site; ACTORS defaults to N/10)
#   BIN=/path/to/briefing ...   time another binary
#   SKIP_CARGO=1 ...            use the binaries already built (no cargo build)
#   KINDS="body date" ...       only these edits
#   BENCH_DIR=DIR ...           corpus cache and work copy (default /tmp/briefing-bench)
set -euo pipefail
runs=${1:-3}
n=${N:-10000}
a=${ACTORS:-$((n / 10))}
if [ "${SKIP_CARGO:-0}" != 1 ]; then
  cargo build --release -q --example gen_corpus
  [ -n "${BIN:-}" ] || cargo build --release -q
fi
bin=${BIN:-$PWD/target/release/briefing}
gen=$PWD/target/release/examples/gen_corpus
themes=$PWD/templates
work=${BENCH_DIR:-/tmp/briefing-bench}
read -r -a kinds <<<"${KINDS:-body date quote topic template new delete}"
[ -x "$bin" ] || { echo "incremental.sh: no binary at $bin" >&2; exit 2; }
mkdir -p "$work"

# The corpus, generated once and cached (scale.sh's and build.sh's names), then copied.
if [ "$a" -eq $((n / 10)) ]; then cache=$work/site-$n; else cache=$work/site-$n-a$a; fi
have=0
[ ! -d "$cache/content/briefings" ] || have=$(find "$cache/content/briefings" -maxdepth 1 -name '*.md' | wc -l)
if [ ! -f "$cache/site.yaml" ] || [ "$have" -ne "$n" ]; then
  echo "generating $n briefings, $a actors into $cache"
  "$gen" --briefings "$n" --actors "$a" --out "$cache" --force >/dev/null
fi
inc=$work/incremental-$n
rm -rf "$inc"
mkdir -p "$inc"
trap 'rm -rf "$inc"' EXIT
site=$inc/site out=$inc/out stamp=$inc/stamp keep=$inc/keep log=$inc/build.log
cp -a "$cache" "$site"
rm -rf "$site/.briefing-cache" # in case another bench built the cached corpus in place
mkdir -p "$keep"

briefings=$site/content/briefings
victim=$(find "$briefings" -maxdepth 1 -name '*.md' | sort | sed -n "$(((n + 1) / 2))p")
# The briefing to delete: from a third of the way in, the first no other briefing links to
# (a link to a missing page fails the build).
grep -rhoE '/briefings/[A-Za-z0-9_.-]+/' "$briefings" | sort -u >"$inc/linked"
find "$briefings" -maxdepth 1 -name '*.md' | sort | tail -n +"$(((n + 2) / 3))" >"$inc/candidates"
gone=
while read -r f; do
  s=$(basename "$f" .md)
  if [ "$f" != "$victim" ] && ! grep -qxF "/briefings/$s/" "$inc/linked"; then gone=$f; break; fi
done <"$inc/candidates"
[ -n "$gone" ] || { echo "incremental.sh: every briefing after the first third is linked to" >&2; exit 1; }
slug=$(basename "$victim" .md)
page=$out/briefings/$slug/index.html
newfile=$briefings/bench-new-briefing.md
tmpl=base.html
cp "$victim" "$keep/victim.md"
cp "$gone" "$keep/gone.md"

has_clean=0
help=$("$bin" build --help)
if grep -q -- '--clean' <<<"$help"; then has_clean=1; fi
echo "binary: $bin ($(sha256sum "$bin" | cut -c1-12)); --clean: $([ $has_clean = 1 ] && echo yes || echo 'no (cache and output deleted instead)')"
echo "site: $n briefings, $a actors (work copy $site); edited briefing: $slug; deleted: $(basename "$gone" .md)"

now() { echo "$EPOCHREALTIME"; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
quiet_build() {
  "$bin" build --root "$site" --out "$out" --quiet "$@" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
}
cold() {
  if [ $has_clean = 1 ]; then
    quiet_build --clean
  else
    rm -rf "$site/.briefing-cache" "$out"
    quiet_build
  fi
}

echo "== cold builds"
cold # untimed: reads the corpus into the page cache and makes the base state
base_files=$(find "$out" -type f | wc -l)
cold_times=()
for r in $(seq 1 "$runs"); do
  [ $has_clean = 1 ] || rm -rf "$site/.briefing-cache" "$out"
  t0=$(now)
  if [ $has_clean = 1 ]; then quiet_build --clean; else quiet_build; fi
  t1=$(now)
  cold_times+=("$(secs "$t0" "$t1")")
  echo "  run $r: ${cold_times[-1]} s, $(find "$out" -type f | wc -l) files"
done

# Apply edit $1 to the site; echo a fixed string the output must then contain (or a
# check spelled "absent:PATH" / "present:PATH").
edit() {
  case $1 in
    body)
      printf '\nThe bench appended this sentence.\n' >>"$victim"
      echo "grep:$page:The bench appended this sentence." ;;
    date)
      sed -i '0,/^date: .*/s//date: 1999-01-15/' "$victim"
      echo "grep:$page:1999-01-15" ;;
    quote)
      local by
      by=$(sed -n 's/^actors: \["\([^"]*\)".*/\1/p' "$victim" | head -n 1)
      [ -n "$by" ] || { echo "incremental.sh: no actors: line in $victim" >&2; exit 1; }
      grep -q '^quotes:$' "$victim" || { echo "incremental.sh: no quotes: in $victim" >&2; exit 1; }
      sed -i "0,/^quotes:\$/s//quotes:\\n  - by: \"$by\"\\n    text: \"The bench added this quote.\"\\n    said: 2015-06-01\\n    venue: \"press conference\"\\n    source: \"s1\"/" "$victim"
      echo "grep:$page:The bench added this quote." ;;
    topic)
      local t name=""
      for t in "$site"/content/topics/*.md; do
        t=$(sed -n 's/^name: "\(.*\)"$/\1/p' "$t")
        if ! grep -q "^topics: .*\"$t\"" "$victim"; then name=$t; break; fi
      done
      [ -n "$name" ] || { echo "incremental.sh: $victim already has every topic" >&2; exit 1; }
      sed -i "0,/^topics: \[\(.*\)\]\$/s//topics: [\\1, \"$name\"]/" "$victim"
      echo "grep:$page:$name" ;;
    template)
      mkdir -p "$site/templates"
      if ! "$bin" templates eject --root "$site" "$tmpl" >/dev/null 2>&1; then
        cp "$themes/$tmpl" "$site/templates/$tmpl"
      fi
      if grep -q '</footer>' "$site/templates/$tmpl"; then
        sed -i '0,/<\/footer>/s//<!-- briefing bench edit --><\/footer>/' "$site/templates/$tmpl"
      else
        printf '<!-- briefing bench edit -->\n' >>"$site/templates/$tmpl"
      fi
      echo "grep:$out/index.html:<!-- briefing bench edit -->" ;;
    new)
      sed '0,/^title: .*/s//title: "Synthetic briefing added by the bench"/' "$keep/victim.md" >"$newfile"
      echo "present:$out/briefings/$(basename "$newfile" .md)/index.html" ;;
    delete)
      rm "$gone"
      echo "absent:$out/briefings/$(basename "$gone" .md)" ;;
  esac
}
undo() {
  case $1 in
    body | date | quote | topic) cp "$keep/victim.md" "$victim" ;;
    template) rm -f "$site/templates/$tmpl"; rmdir "$site/templates" 2>/dev/null || true ;;
    new) rm -f "$newfile" ;;
    delete) cp "$keep/gone.md" "$gone" ;;
  esac
}
shows() { # does the output show the edit?
  case $1 in
    grep:*) local rest=${1#grep:}; grep -qF -- "${rest#*:}" "${rest%%:*}" 2>/dev/null ;;
    present:*) [ -e "${1#present:}" ] ;;
    absent:*) [ ! -e "${1#absent:}" ] ;;
  esac
}

echo "== edits (build after each; undone and rebuilt untimed)"
results=$inc/results.tsv
: >"$results"
for r in $(seq 1 "$runs"); do
  for k in "${kinds[@]}"; do
    find "$out" -type f | sort >"$inc/before"
    touch "$stamp"
    sleep 0.01
    check=$(edit "$k")
    t0=$(now)
    "$bin" build --root "$site" --out "$out" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
    t1=$(now)
    t=$(secs "$t0" "$t1")
    rewritten=$(find "$out" -type f -newer "$stamp" | wc -l)
    find "$out" -type f | sort >"$inc/after"
    vanished=$(comm -23 "$inc/before" "$inc/after" | wc -l)
    if shows "$check"; then ok=yes; else ok=NO; fi
    summary=$(grep -v -i -E '^(note|warning|hint)' "$log" | grep -i -E 'built|rewr|wrote|written|unchanged|skipp|cache|fresh' | paste -sd '|' - | sed 's/|/ | /g' || true)
    [ -n "$summary" ] || summary=$(grep -v '^[[:space:]]*$' "$log" | tail -n 1 || true)
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$k" "$t" "$rewritten" "$vanished" "$ok" "$summary" >>"$results"
    printf '  run %d %-8s %7.3f s  %7d rewritten  %5d vanished  shows edit: %s\n' "$r" "$k" "$t" "$rewritten" "$vanished" "$ok"
    undo "$k"
    quiet_build
    back=$(find "$out" -type f | wc -l)
    [ "$back" -eq "$base_files" ] || echo "  warning: after undoing $k the output has $back files, the base state $base_files" >&2
  done
done

python3 - "$results" "$runs" "${cold_times[@]}" <<'PY'
import statistics as st, sys
path, runs, cold = sys.argv[1], int(sys.argv[2]), [float(x) for x in sys.argv[3:]]
cold_med = st.median(cold)
rows = {}
for line in open(path):
    k, t, rew, van, ok, summary = line.rstrip("\n").split("\t")
    rows.setdefault(k, []).append((float(t), int(rew), int(van), ok, summary))
print(f"\ncold build (median of {len(cold)}): {cold_med:.3f} s  (runs: {', '.join(f'{c:.3f}' for c in cold)})")
print(f"{'edit':<9} {'time s':>8} {'/cold':>7} {'rewritten':>10} {'vanished':>9} {'shows':>6}  goal")
for k, rs in rows.items():
    t = st.median(r[0] for r in rs)
    rew = st.median(r[1] for r in rs)
    van = st.median(r[2] for r in rs)
    ok = "yes" if all(r[3] == "yes" for r in rs) else "NO"
    goal = ""
    if k == "body":
        met = t <= 0.10 * cold_med and rew <= 20
        goal = f"<= 10% of cold and <= 20 files: {'met' if met else 'NOT met'}"
    print(f"{k:<9} {t:8.3f} {t / cold_med:7.1%} {rew:10g} {van:9g} {ok:>6}  {goal}")
print("\nthe build's own summary, last run of each edit:")
for k, rs in rows.items():
    print(f"  {k:<9} {rs[-1][4]}")
PY
