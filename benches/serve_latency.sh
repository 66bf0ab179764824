#!/usr/bin/env bash
# Save-to-reload latency of `briefing serve`: the time from writing one briefing to the
# event stream announcing the rebuilt site, and to its page served with the edit (median
# of RUNS), on a copy of the sample site and on a generated 10,000-briefing site, for
# an edit of the body, one of the date (which reorders listings), one adding a quote
# (which moves every later quote), one quoting its first statement again (which groups
# statements again), one of its topics (which makes the topics again), an
# edit of an actor's body, one of its role (its front matter), a new name for it (the old
# kept as an alias), a new actor added and
# deleted by turns (a full model build: every other actor moves along), an edit of a
# free page
# (made for the runs in the generated site, which has none), a new briefing added and
# deleted by turns (which moves every briefing after it along), the last briefing
# renamed to sort first and back, the site's title in site.yaml, and an edit of the
# briefing template.
#
#   benches/serve_latency.sh [RUNS]        (default 5; the 10k site takes minutes a run)
#   SKIP_10K=1 benches/serve_latency.sh    (sample site only)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"

cargo build --release --quiet --bin briefing --example serve_latency --example gen_corpus
bench=target/release/examples/serve_latency

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== sample site"
mkdir "$work/sample"
cp -r content templates site.yaml "$work/sample/"
for change in body date quote cite topic actor actor-role actor-name new-actor page new rename settings template; do
  "$bench" --root "$work/sample" --runs "$runs" --change "$change"
done

if [ -z "${SKIP_10K:-}" ]; then
  echo "== generated site: 10,000 briefings, 1,000 actors"
  target/release/examples/gen_corpus --briefings 10000 --actors 1000 --out "$work/gc10k" --force
  for change in body date quote cite topic actor actor-role actor-name new-actor page new rename settings template; do
    "$bench" --root "$work/gc10k" --runs "$runs" --timeout-secs 1200 --change "$change"
  done
fi
