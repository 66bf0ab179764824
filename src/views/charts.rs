//! Charts drawn from the model for actor and timeline pages: an actor's statements over
//! time and their network of co-actors, and a timeline page's entries on a time axis.
//! Each is inline SVG with, where the page does not already list the figures, a table
//! of them. The drawing is [`crate::charts`]'s; this module chooses what to draw and
//! words the titles and descriptions. Called by the actor view and the renderer.

use serde::Serialize;

use super::{Entry, MonthEntries};
use crate::charts;
use crate::dates::Edtf;
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
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// At most this many bars in a strip: days, months or years, whichever fits.
const STRIP_BARS: usize = 48;
/// At most this many actors around an actor in the network.
pub const NETWORK_NODES: usize = 12;
/// A timeline page with more entries than this is drawn as counts per period.
pub const TIMELINE_MARKS: usize = 60;

/// The period as a word: "statements per month".
pub(super) fn period_word(period: charts::Period) -> &'static str {
    match period {
        charts::Period::Day => "day",
        charts::Period::Month => "month",
        charts::Period::Year => "year",
    }
}

/// `n` and the noun for it: "1 statement", "3 statements".
pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub(super) const STATEMENT: charts::Series = charts::Series {
    one: "statement",
    many: "statements",
    class: "series-statement",
};
pub(super) const EVENT: charts::Series = charts::Series {
    one: "event",
    many: "events",
    class: "series-event",
};

/// The actor's statements per period, as a strip of bars and a table.
pub fn statements_chart(s: &Site, id: ActorId) -> Option<ChartView> {
    let quotes = &s.actor_quotes[id.index()];
    if quotes.is_empty() {
        return None;
    }
    let a = &s.actors[id.index()];
    let items: Vec<_> = quotes
        .iter()
        .map(|q| (s.quotes[q.index()].said.lower(), 0))
        .collect();
    let (period, buckets) = charts::buckets(&items, 1, STRIP_BARS);
    let per = period_word(period);
    let (first, last) = (&buckets[0].label, &buckets[buckets.len() - 1].label);
    let span = if buckets.len() == 1 {
        let on = if period == charts::Period::Day {
            "on"
        } else {
            "in"
        };
        format!("{on} {first}")
    } else {
        format!("from {first} to {last}")
    };
    let title = format!("Statements by {} over time", a.name);
    let desc = format!(
        "{} {span}, counted by {per}. Dates known only to the month or year count at their start.",
        plural(quotes.len(), "statement", "statements"),
    );
    let svg = charts::bar_strip(
        &format!("chart-statements-{}", a.slug.as_str()),
        &title,
        &desc,
        &[STATEMENT],
        &buckets,
    );
    Some(ChartView {
        svg,
        table: Some(TableView {
            caption: format!("Statements by {} per {per}", a.name),
            columns: vec![
                match period {
                    charts::Period::Day => "Day",
                    charts::Period::Month => "Month",
                    charts::Period::Year => "Year",
                },
                "Statements",
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
    let desc = format!(
        "{} in the middle, linked to the {} sharing the most briefings with them; larger circles and thicker lines mean more shared briefings. The list below gives the figures.",
        a.name,
        plural(nodes.len(), "actor", "actors"),
    );
    Some(ChartView {
        svg: charts::network(
            &format!("chart-network-{}", a.slug.as_str()),
            &format!("Who {} appears with", a.name),
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
    let counts = format!(
        "{} and {}",
        plural(events, "event", "events"),
        plural(entries.len() - events, "statement", "statements")
    );
    Some(if entries.len() <= TIMELINE_MARKS {
        timeline_marks(s, &entries, &counts)
    } else {
        timeline_counts(s, &entries, &counts)
    })
}

const TIMELINE_TITLE: &str = "Events and statements on a time line";
const TIMELINE_LANES: [charts::Series; 2] = [EVENT, STATEMENT];

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
    let marks = entries.iter().map(|e| mark(s, e)).collect::<Vec<_>>();
    let desc = format!(
        "{counts}, events above and statements below; a date known only to the month or year, or a span of days, is drawn as a bar from its earliest to its latest day, and uncertain or approximate dates are drawn hollow. The list below gives every entry."
    );
    ChartView {
        svg: charts::time_axis(
            "chart-timeline",
            TIMELINE_TITLE,
            &desc,
            &TIMELINE_LANES,
            &marks,
        ),
        table: None,
    }
}

/// An entry as a mark on the time axis, labelled with its date and its words.
fn mark(s: &Site, e: &Entry) -> charts::Mark {
    let d = entry_date(s, e);
    let label = match *e {
        Entry::Event(id) => {
            format!(
                "{} · {}",
                d.display(),
                charts::clip(&s.events[id.index()].what, 90)
            )
        }
        Entry::Quote(id) => {
            let q = &s.quotes[id.index()];
            format!(
                "{} · {}: “{}”",
                d.display(),
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
    let (period, buckets) = charts::buckets(&items, 2, TIMELINE_MARKS);
    let per = period_word(period);
    let desc = format!(
        "{counts}, counted by {per}: events and statements stacked. The table gives the figures."
    );
    ChartView {
        svg: charts::bar_strip(
            "chart-timeline",
            TIMELINE_TITLE,
            &desc,
            &TIMELINE_LANES,
            &buckets,
        ),
        table: Some(TableView {
            caption: format!("Events and statements per {per}"),
            columns: vec!["Period", "Events", "Statements"],
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
