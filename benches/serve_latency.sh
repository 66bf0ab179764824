#!/usr/bin/env bash
# Save-to-reload latency of `briefing serve`: the time from writing one file to the
# event stream announcing the rebuilt site, and to its page served with the edit (median
# of RUNS), on a copy of the sample site and on a generated 10,000-briefing site, for
# each kind of `--change` of the serve_latency example (see examples/common/edit.rs):
#   body      a briefing's body
#   date      its date (listings reorder)
#   quote     a quote added and removed by turns (every later quote moves)
#   cite      its first statement quoted again (statements are grouped again)
#   topic     its topics (the topics are made again)
#   topic-name  the first topic file's name (the topics are made again)
#   actor     an actor's body
#   actor-role, actor-name   its role; a new name, the old ones kept as aliases
#   name-given-up  a new name, the last run's given up (the refs to it read again)
#   new-actor an actor added and deleted by turns (the other actors move along)
#   page      a free page (made for the runs in the generated site, which has none)
#   new-page, new-topic, new-author   a page's, topic's or author's file added and
#             deleted by turns, sorting first (those after it move along; a topic's
#             moves every topic id in every briefing)
#   new       a briefing added and deleted by turns (every later briefing moves along)
#   rename    the last briefing renamed to sort first, and back
#   settings  the site's title in site.yaml
#   strings   a word of the theme in i18n/en.yaml (made for the runs if missing)
#   template  the briefing template
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
for change in body date quote cite topic topic-name actor actor-role actor-name name-given-up new-actor page new-page new-topic new-author new rename settings strings template; do
  "$bench" --root "$work/sample" --runs "$runs" --change "$change"
done

if [ -z "${SKIP_10K:-}" ]; then
  echo "== generated site: 10,000 briefings, 1,000 actors"
  target/release/examples/gen_corpus --briefings 10000 --actors 1000 --out "$work/gc10k" --force
  for change in body date quote cite topic topic-name actor actor-role actor-name name-given-up new-actor page new-page new-topic new-author new rename settings strings template; do
    "$bench" --root "$work/gc10k" --runs "$runs" --timeout-secs 1200 --change "$change"
  done
fi
