//! Charts drawn from the model for actor and timeline pages: an actor's statements over
//! time and their network of co-actors, and a timeline page's entries on a time axis.
//! Each is inline SVG with, where the page does not already list the figures, a table
//! of them. The drawing is [`crate::charts`]'s; this module chooses what to draw and
//! words the titles and descriptions. Called by the actor view and the renderer.

use serde::Serialize;

use super::{Entry, MonthEntries};
use crate::charts;
use crate::dates::Edtf;
use crate::i18n::Locale;
use crate::model::{ActorId, Site};

/// A chart: inline SVG (HTML, `| safe`) and, where the page does not already list the
/// same figures, a table of them.
#[derive(Serialize)]
pub struct ChartView {
    pub svg: String,
    pub table: Option<TableView>,
}

#[derive(Serialize)]
pub struct TableView {
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// At most this many bars in a strip: days, months or years, whichever fits.
const STRIP_BARS: usize = 48;
/// At most this many actors around an actor in the network.
pub const NETWORK_NODES: usize = 12;
/// A timeline page with more entries than this is drawn as counts per period.
pub const TIMELINE_MARKS: usize = 60;

/// The period as a word: "statements per month".
pub(super) fn period_word(period: charts::Period, l: &Locale) -> &str {
    l.text(match period {
        charts::Period::Day => "chart_by_day",
        charts::Period::Month => "chart_by_month",
        charts::Period::Year => "chart_by_year",
    })
}

/// `n` and the noun for it, by the strings key that counts it: "3 statements".
pub(super) fn plural(n: usize, key: &str, l: &Locale) -> String {
    l.count(key, n as u64)
}

pub(super) fn statement(l: &Locale) -> charts::Series<'_> {
    charts::Series {
        count: "statements_count",
        name: l.text("statements"),
        class: "series-statement",
    }
}

fn event(l: &Locale) -> charts::Series<'_> {
    charts::Series {
        count: "events_count",
        name: l.text("events"),
        class: "series-event",
    }
}

/// The actor's statements per period, as a strip of bars and a table.
pub fn statements_chart(s: &Site, id: ActorId) -> Option<ChartView> {
    let quotes = &s.actor_quotes[id.index()];
    if quotes.is_empty() {
        return None;
    }
    let a = &s.actors[id.index()];
    let l = &*s.config.locale();
    let items: Vec<_> = quotes
        .iter()
        .map(|q| (s.quotes[q.index()].said.lower(), 0))
        .collect();
    let (period, buckets) = charts::buckets(&items, 1, STRIP_BARS, l);
    let per = period_word(period, l);
    let (first, last) = (&buckets[0].label, &buckets[buckets.len() - 1].label);
    let span = if buckets.len() == 1 {
        let on = if period == charts::Period::Day {
            "chart_on"
        } else {
            "chart_in"
        };
        l.format(on, &[("date", first)])
    } else {
        l.format("chart_from_to", &[("first", first), ("last", last)])
    };
    let title = l.format("chart_statements_title", &[("name", &a.name)]);
    let desc = l.format(
        "chart_statements_desc",
        &[
            ("count", &plural(quotes.len(), "statements_count", l)),
            ("span", &span),
            ("period", per),
        ],
    );
    let svg = charts::bar_strip(
        &format!("chart-statements-{}", a.slug.as_str()),
        &title,
        &desc,
        &[statement(l)],
        &buckets,
        l,
    );
    Some(ChartView {
        svg,
        table: Some(TableView {
            caption: l.format(
                "chart_statements_caption",
                &[("name", &a.name), ("period", per)],
            ),
            columns: vec![
                l.text(match period {
                    charts::Period::Day => "chart_column_day",
                    charts::Period::Month => "chart_column_month",
                    charts::Period::Year => "chart_column_year",
                })
                .to_string(),
                l.text("statements").to_string(),
            ],
            rows: buckets
                .iter()
                .filter(|b| b.counts[0] > 0)
                .map(|b| vec![b.label.clone(), b.counts[0].to_string()])
                .collect(),
        }),
    })
}

/// The actor among those they share most briefings with; the figures are the page's
/// "Appears with" list.
pub fn network_chart(s: &Site, id: ActorId) -> Option<ChartView> {
    let co = &s.co_actors[id.index()];
    if co.is_empty() {
        return None;
    }
    let a = &s.actors[id.index()];
    let nodes: Vec<charts::Node> = co
        .iter()
        .take(NETWORK_NODES)
        .map(|&(x, count)| charts::Node {
            name: s.actors[x.index()].name.clone(),
            count,
        })
        .collect();
    let l = &*s.config.locale();
    let desc = l.format(
        "chart_network_desc",
        &[
            ("name", &a.name),
            ("count", &plural(nodes.len(), "actors_count", l)),
        ],
    );
    Some(ChartView {
        svg: charts::network(
            &format!("chart-network-{}", a.slug.as_str()),
            &l.format("chart_network_title", &[("name", &a.name)]),
            &desc,
            &a.name,
            &nodes,
        ),
        table: None,
    })
}

/// A timeline page's entries on a time axis, events and statements in two lanes, or
/// counted per period when there are many.
pub fn timeline_chart(s: &Site, page: &[MonthEntries]) -> Option<ChartView> {
    let entries: Vec<&Entry> = page.iter().flat_map(|m| m.1.iter()).collect();
    if entries.is_empty() {
        return None;
    }
    let events = entries
        .iter()
        .filter(|e| matches!(e, Entry::Event(_)))
        .count();
    let l = &*s.config.locale();
    let counts = l.format(
        "chart_and",
        &[
            ("first", &plural(events, "events_count", l)),
            (
                "second",
                &plural(entries.len() - events, "statements_count", l),
            ),
        ],
    );
    Some(if entries.len() <= TIMELINE_MARKS {
        timeline_marks(s, &entries, &counts)
    } else {
        timeline_counts(s, &entries, &counts)
    })
}

/// The lanes of the timeline: events above, statements below.
fn timeline_lanes(l: &Locale) -> [charts::Series<'_>; 2] {
    [event(l), statement(l)]
}

/// When a timeline entry happened or was said.
fn entry_date<'a>(s: &'a Site, e: &Entry) -> &'a Edtf {
    match *e {
        Entry::Event(id) => &s.events[id.index()].date,
        Entry::Quote(id) => &s.quotes[id.index()].said,
    }
}

/// The lane of a timeline entry: events above, statements below.
fn lane(e: &Entry) -> usize {
    usize::from(matches!(e, Entry::Quote(_)))
}

/// Every entry drawn as a mark of its own; `counts` says how many of each there are.
fn timeline_marks(s: &Site, entries: &[&Entry], counts: &str) -> ChartView {
    let l = &*s.config.locale();
    let marks = entries.iter().map(|e| mark(s, e, l)).collect::<Vec<_>>();
    let desc = l.format("chart_timeline_marks_desc", &[("counts", counts)]);
    ChartView {
        svg: charts::time_axis(
            "chart-timeline",
            l.text("chart_timeline_title"),
            &desc,
            &timeline_lanes(l),
            &marks,
            l,
        ),
        table: None,
    }
}

/// An entry as a mark on the time axis, labelled with its date and its words.
fn mark(s: &Site, e: &Entry, l: &Locale) -> charts::Mark {
    let d = entry_date(s, e);
    let label = match *e {
        Entry::Event(id) => {
            format!(
                "{} · {}",
                l.dates.edtf(d),
                charts::clip(&s.events[id.index()].what, 90)
            )
        }
        Entry::Quote(id) => {
            let q = &s.quotes[id.index()];
            format!(
                "{} · {}: “{}”",
                l.dates.edtf(d),
                s.actors[q.by.index()].name,
                charts::clip(&q.text, 80)
            )
        }
    };
    charts::Mark {
        lower: d.lower(),
        upper: d.upper(),
        lane: lane(e),
        uncertain: d.is_uncertain() || d.is_approximate(),
        label,
    }
}

/// The entries counted per period, stacked, with a table of the counts.
fn timeline_counts(s: &Site, entries: &[&Entry], counts: &str) -> ChartView {
    let items: Vec<_> = entries
        .iter()
        .map(|e| (entry_date(s, e).lower(), lane(e)))
        .collect();
    let l = &*s.config.locale();
    let (period, buckets) = charts::buckets(&items, 2, TIMELINE_MARKS, l);
    let per = period_word(period, l);
    let desc = l.format(
        "chart_timeline_counts_desc",
        &[("counts", counts), ("period", per)],
    );
    ChartView {
        svg: charts::bar_strip(
            "chart-timeline",
            l.text("chart_timeline_title"),
            &desc,
            &timeline_lanes(l),
            &buckets,
            l,
        ),
        table: Some(TableView {
            caption: l.format("chart_timeline_caption", &[("period", per)]),
            columns: ["chart_column_period", "events", "statements"]
                .map(|k| l.text(k).to_string())
                .into(),
            rows: buckets
                .iter()
                .filter(|b| b.counts.iter().any(|&n| n > 0))
                .map(|b| {
                    vec![
                        b.label.clone(),
                        b.counts[0].to_string(),
                        b.counts[1].to_string(),
                    ]
                })
                .collect(),
        }),
    }
}
