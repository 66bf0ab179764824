#!/usr/bin/env bash
# Scaling benchmark: cold `briefing build`s into empty folders of a 10,000-briefing /
# 1,000-actor and a 100,000-briefing / 5,000-actor synthetic site (runs interleaved:
# 10k, 100k, 10k, 100k, ...). Per size: median wall, user, sys seconds and peak RSS
# (MiB), and the files and bytes written; then the growth of the wall time from the
# first size to the second (median, and every run's ratio, run i against run i; target
# at most 11x in every run) and whether peak RSS at the second size is under 1 GiB.
#   benches/scale.sh [RUNS]                      (default 3; run from the project root)
#   BIN=/tmp/briefing-before benches/scale.sh 3  (time another binary, for before/after)
#   SKIP_CARGO=1 ...   use the binaries already built (no cargo build)
#   SIZES="1000:100 10000:1000" ...   other BRIEFINGS:ACTORS pairs (growth is first->second)
#   BENCH_DIR=DIR ...  where corpora are cached and outputs written (default /tmp/briefing-bench)
# On this 2-core machine a 100k build takes 2-3 min and ~3.5 GiB; outputs are deleted after
# every run. Prefer running it under `nice -n 10` on a shared machine.
set -euo pipefail
runs=${1:-3}
if [ "${SKIP_CARGO:-0}" != 1 ]; then
  cargo build --release -q --example gen_corpus
  [ -n "${BIN:-}" ] || cargo build --release -q
fi
bin=${BIN:-$PWD/target/release/briefing}
gen=$PWD/target/release/examples/gen_corpus
work=${BENCH_DIR:-/tmp/briefing-bench}
read -r -a sizes <<<"${SIZES:-10000:1000 100000:5000}"
mkdir -p "$work"
[ -x "$bin" ] || { echo "scale.sh: no binary at $bin" >&2; exit 2; }
# Cold means no cache either: --clean where the binary has it, and the cache deleted.
clean=()
help=$("$bin" build --help)
if grep -q -- '--clean' <<<"$help"; then clean=(--clean); fi
echo "binary: $bin ($(sha256sum "$bin" | cut -c1-12))${clean:+, with --clean}"

# The corpus for N briefings and A actors, generated once (build.sh's name when A = N/10).
site_of() {
  local n=$1 a=$2
  if [ "$a" -eq $((n / 10)) ]; then echo "$work/site-$n"; else echo "$work/site-$n-a$a"; fi
}
for s in "${sizes[@]}"; do
  n=${s%:*} a=${s#*:}
  site=$(site_of "$n" "$a")
  have=0
  [ ! -d "$site/content/briefings" ] || have=$(find "$site/content/briefings" -maxdepth 1 -name '*.md' | wc -l)
  if [ ! -f "$site/site.yaml" ] || [ "$have" -ne "$n" ]; then
    echo "generating $n briefings, $a actors into $site"
    "$gen" --briefings "$n" --actors "$a" --out "$site" --force >/dev/null
  fi
done

# One cold build into a new empty folder: appends "wall user sys peak_kib" to $work/scale-N.runs.
tfile=$(mktemp "$work/time.XXXXXX")
trap 'rm -f "$tfile"; rm -rf "$work"/scale-out.*' EXIT
one_run() {
  local n=$1 site=$2 r=$3 out t0 t1 u s m wall
  out=$(mktemp -d "$work/scale-out.XXXXXX")
  rm -rf "$site/.briefing-cache"
  t0=$EPOCHREALTIME
  /usr/bin/time -f '%U %S %M' -o "$tfile" "$bin" build --root "$site" --out "$out" --quiet "${clean[@]}"
  t1=$EPOCHREALTIME
  read -r u s m <"$tfile"
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  echo "$wall $u $s $m" >>"$work/scale-$n.runs"
  if [ "$r" -eq 1 ]; then
    echo "$(find "$out" -type f | wc -l) $(du -sb "$out" | cut -f1)" >"$work/scale-$n.written"
  fi
  printf '  run %d, %6d briefings: wall %8.3f s  user %8.2f s  sys %7.2f s  peak %7.1f MiB\n' \
    "$r" "$n" "$wall" "$u" "$s" "$(awk -v k="$m" 'BEGIN { print k / 1024 }')"
  rm -rf "$out"
  sync # so the kernel's writeback of this run's output does not fall into the next run
}

for s in "${sizes[@]}"; do rm -f "$work/scale-${s%:*}.runs" "$work/scale-${s%:*}.written"; done
for s in "${sizes[@]}"; do # untimed warm-up of the page cache (reads the corpus once)
  n=${s%:*}
  out=$(mktemp -d "$work/scale-out.XXXXXX")
  "$bin" build --root "$(site_of "$n" "${s#*:}")" --out "$out" --quiet "${clean[@]}"
  rm -rf "$out"
  sync
done
for r in $(seq 1 "$runs"); do
  for s in "${sizes[@]}"; do
    one_run "${s%:*}" "$(site_of "${s%:*}" "${s#*:}")" "$r"
  done
done

python3 - "$work" "${sizes[@]}" <<'PY'
import statistics as st, sys
work, sizes = sys.argv[1], sys.argv[2:]
med = st.median
rows = {}
print()
print(f"{'briefings':>10} {'actors':>7} {'runs':>4} {'wall s':>8} {'user s':>8} {'sys s':>7} "
      f"{'peak MiB':>9} {'files':>8} {'bytes':>13}")
for s in sizes:
    n, a = (int(x) for x in s.split(":"))
    runs = [[float(x) for x in line.split()] for line in open(f"{work}/scale-{n}.runs")]
    files, nbytes = open(f"{work}/scale-{n}.written").read().split()
    rows[n] = runs
    print(f"{n:>10} {a:>7} {len(runs):>4} {med(r[0] for r in runs):8.2f} "
          f"{med(r[1] for r in runs):8.2f} {med(r[2] for r in runs):7.2f} "
          f"{med(r[3] for r in runs) / 1024:9.1f} {int(files):>8} {int(nbytes):>13}")
if len(sizes) >= 2:
    (n1, small), (n2, big) = list(rows.items())[:2]
    ratios = [b[0] / s[0] for s, b in zip(small, big)]
    growth = med(b[0] for b in big) / med(s[0] for s in small)
    size_x = n2 / n1
    limit = 1.1 * size_x
    print(f"\ngrowth {n1} -> {n2} ({size_x:g}x the briefings): median wall {growth:.2f}x; "
          f"per run (run i vs run i): {', '.join(f'{x:.2f}' for x in ratios)} "
          f"(min {min(ratios):.2f}, max {max(ratios):.2f})")
    print(f"  target at most {limit:g}x in every run: {'met' if max(ratios) <= limit else 'NOT met'}")
    cpu = [(b[1] + b[2]) / (s[1] + s[2]) for s, b in zip(small, big)]
    print(f"  (less noisy on a shared machine) growth of user+sys CPU: median "
          f"{med(b[1] + b[2] for b in big) / med(s[1] + s[2] for s in small):.2f}x, per run "
          f"{', '.join(f'{x:.2f}' for x in cpu)}; of user alone: "
          f"{med(b[1] for b in big) / med(s[1] for s in small):.2f}x")
    peak = med(b[3] for b in big) / 1024
    print(f"peak RSS at {n2}: median {peak:.1f} MiB (max {max(b[3] for b in big) / 1024:.1f}); "
          f"under 1 GiB: {'yes' if peak < 1024 else 'NO'}")
PY
