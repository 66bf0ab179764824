//! Typed views: exactly what each template receives (documented in the README), built
//! from the model for one page. Views borrow from the model; nothing is cloned whole.

mod actor;
mod briefing;
mod catalog;
mod claims;
mod corrections;
mod home;
mod items;
mod pager;
mod quotes;
mod timeline;
mod topic;

pub use actor::{
    ActorGroup, ActorRow, ActorView, AliasView, CO_ACTORS_SHOWN, CoActor, MentionView, TieView,
    actor, actor_groups, actor_pages,
};
pub use briefing::{BriefingView, briefing, briefings};
pub use catalog::{Catalog, Fragment, Fragments};
use claims::actor_claims;
pub use claims::{CLAIMS_PER_PAGE, ClaimView, ClaimsView, StatusCount, claim, claims};
use corrections::correction;
pub use corrections::{CORRECTIONS_PER_PAGE, CorrectionView, corrections};
pub use home::{Home, PageView, TopActor, home, page};
pub use items::{
    ActorLink, BriefingCard, BriefingLink, EventView, QuoteView, SourceView, TopicLink,
};
use pager::slice;
pub use pager::{
    ACTOR_ITEMS_PER_PAGE, BRIEFINGS_PER_PAGE, PageLink, Pager, QUOTES_PER_PAGE,
    TIMELINE_ENTRIES_PER_PAGE, page_count, paged_path, pager,
};
pub use quotes::{QuotesView, SpeakerCount, TopicCount, quotes};
pub use timeline::{Entry, Month, MonthEntries, TimelineEntry, timeline, timeline_pages};
pub use topic::{TopicRow, TopicView, topic, topic_pages, topics};

use std::marker::PhantomData;

use serde::Serialize;

use crate::charts;
use crate::config::Config;
use crate::dates::Edtf;
use crate::diag::Diagnostic;
use crate::model::{self, ActorId, QuoteId, Site, TopicId};

/// Stands for the relative path from the page being rendered to the site root in every
/// `href` of a view. Views are built once per site and shared by every page that shows
/// them; each rendered page then replaces the marker with its own prefix (`../../`).
/// A private-use character: it never occurs in content (see `model`) and no escaping
/// touches it.
pub const ROOT: &str = "\u{E000}";

/// The relative prefix from the page at `path` to the site root.
pub fn root_of(path: &str) -> &'static str {
    const ROOTS: [&str; 6] = [
        "",
        "../",
        "../../",
        "../../../",
        "../../../../",
        "../../../../../",
    ];
    ROOTS[path.matches('/').count().min(ROOTS.len() - 1)]
}

/// A link to the page at `path` from whichever page shows it.
pub fn href(path: &str) -> String {
    format!("{ROOT}{path}")
}

/// A view converted to a template value once and shared by every page showing it
/// (template values are reference-counted, so sharing is a pointer copy).
pub struct Shared<T> {
    value: tera::Value,
    _view: PhantomData<fn() -> T>,
}

impl<T: Serialize> Shared<T> {
    fn new(view: &T) -> Self {
        Shared {
            value: tera::Value::from_serializable(view),
            _view: PhantomData,
        }
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared {
            value: self.value.clone(),
            _view: PhantomData,
        }
    }
}

impl<T> Serialize for Shared<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    pub author: Option<&'a str>,
    pub base_url: Option<&'a str>,
}

impl<'a> SiteView<'a> {
    pub fn new(c: &'a Config) -> Self {
        SiteView {
            title: &c.title,
            description: c.description.as_deref(),
            language: &c.language,
            author: c.author.as_deref(),
            base_url: c.base_url.as_deref(),
        }
    }
}

#[derive(Serialize)]
pub struct NavItem {
    pub label: &'static str,
    pub href: String,
    pub current: bool,
}

const NAV: [(&str, &str); 7] = [
    ("Briefings", "briefings/index.html"),
    ("Actors", "actors/index.html"),
    ("Timeline", "timeline/index.html"),
    ("Quotes", "quotes/index.html"),
    ("Claims", "claims/index.html"),
    ("Topics", "topics/index.html"),
    ("Search", "search/index.html"),
];

/// Which item of the main navigation the page at `page_path` is under, if any: the one
/// whose first path segment is the page's.
fn nav_section(page_path: &str) -> Option<usize> {
    let section = page_path.split('/').next().unwrap_or("");
    NAV.iter()
        .position(|(_, path)| path.split('/').next() == Some(section))
}

/// The main navigation; `section` is the first path segment of the current page.
pub fn nav(page_path: &str) -> Vec<NavItem> {
    let current = nav_section(page_path);
    NAV.iter()
        .enumerate()
        .map(|(i, (label, path))| NavItem {
            label,
            href: href(path),
            current: current == Some(i),
        })
        .collect()
}

#[derive(Serialize)]
pub struct DateView<'a> {
    pub written: &'a str,
    pub display: String,
    pub lower: String,
    pub upper: String,
    pub uncertain: bool,
    pub approximate: bool,
}

pub fn date(d: &Edtf) -> DateView<'_> {
    DateView {
        written: d.as_written(),
        display: d.display(),
        lower: d.lower().iso(),
        upper: d.upper().iso(),
        uncertain: d.is_uncertain(),
        approximate: d.is_approximate(),
    }
}

/// A link from any page to `parts` joined (a path under the root, and maybe an anchor):
/// the [`ROOT`] marker and the parts, in one allocation.
fn link(parts: &[&str]) -> String {
    let mut out = String::with_capacity(ROOT.len() + parts.iter().map(|p| p.len()).sum::<usize>());
    out.push_str(ROOT);
    for p in parts {
        out.push_str(p);
    }
    out
}

/// The link to briefing `slug`'s page (`briefings/<slug>/index.html`), with `anchor`
/// (`#…`) if not empty; the same as `href(&model::briefing_path(slug))` and the anchor.
fn briefing_href(slug: &model::Slug, anchor: &[&str]) -> String {
    let mut parts = vec!["briefings/", slug.as_str(), "/index.html"];
    parts.extend_from_slice(anchor);
    link(&parts)
}

// ------------------------------------------------------------------ charts

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
/// At most this many speakers in "who said what", and periods along its axis.
pub const WHO_SAID_WHAT_ROWS: usize = 12;
pub const WHO_SAID_WHAT_COLUMNS: usize = 36;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

const STATEMENT: charts::Series = charts::Series {
    one: "statement",
    many: "statements",
    class: "series-statement",
};
const EVENT: charts::Series = charts::Series {
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
    let per = match period {
        charts::Period::Day => "day",
        charts::Period::Month => "month",
        charts::Period::Year => "year",
    };
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
    let span = |e: &Entry| match *e {
        Entry::Event(id) => &s.events[id.index()].date,
        Entry::Quote(id) => &s.quotes[id.index()].said,
    };
    let lanes = [EVENT, STATEMENT];
    let events = entries
        .iter()
        .filter(|e| matches!(e, Entry::Event(_)))
        .count();
    let counts = format!(
        "{} and {}",
        plural(events, "event", "events"),
        plural(entries.len() - events, "statement", "statements")
    );
    let title = "Events and statements on a time line".to_string();
    if entries.len() <= TIMELINE_MARKS {
        let marks = entries
            .iter()
            .map(|e| {
                let d = span(e);
                let label = match **e {
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
                    lane: usize::from(matches!(e, Entry::Quote(_))),
                    uncertain: d.is_uncertain() || d.is_approximate(),
                    label,
                }
            })
            .collect::<Vec<_>>();
        let desc = format!(
            "{counts}, events above and statements below; a date known only to the month or year, or a span of days, is drawn as a bar from its earliest to its latest day, and uncertain or approximate dates are drawn hollow. The list below gives every entry."
        );
        return Some(ChartView {
            svg: charts::time_axis("chart-timeline", &title, &desc, &lanes, &marks),
            table: None,
        });
    }
    let items: Vec<_> = entries
        .iter()
        .map(|e| (span(e).lower(), usize::from(matches!(e, Entry::Quote(_)))))
        .collect();
    let (period, buckets) = charts::buckets(&items, 2, TIMELINE_MARKS);
    let per = match period {
        charts::Period::Day => "day",
        charts::Period::Month => "month",
        charts::Period::Year => "year",
    };
    let desc = format!(
        "{counts}, counted by {per}: events and statements stacked. The table gives the figures."
    );
    Some(ChartView {
        svg: charts::bar_strip("chart-timeline", &title, &desc, &lanes, &buckets),
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
    })
}

/// One speaker on a topic: how often and when they spoke, and their latest words.
#[derive(Serialize)]
pub struct SpeakerRow<'a> {
    pub actor: Shared<ActorLink<'a>>,
    pub count: usize,
    pub first: DateView<'a>,
    pub last: DateView<'a>,
    /// Their latest statements on the topic, newest first (at most 3).
    pub quotes: Vec<Shared<QuoteView<'a>>>,
}

#[derive(Serialize)]
pub struct WhoSaidWhat<'a> {
    /// One lane per speaker, a dot per day they spoke (HTML, `| safe`).
    pub svg: String,
    /// The speakers drawn, most statements first.
    pub speakers: Vec<SpeakerRow<'a>>,
    /// Speakers on the topic not shown, beyond the most quoted.
    pub more: usize,
}

/// Every statement in the topic's briefings, by speaker.
pub fn who_said_what<'a>(
    c: &Catalog<'a>,
    r: &dyn Fragments,
    id: TopicId,
) -> Result<Option<WhoSaidWhat<'a>>, Diagnostic> {
    let s = c.site;
    let mut by: std::collections::BTreeMap<ActorId, Vec<QuoteId>> = Default::default();
    for &b in &s.topic_briefings[id.index()] {
        for &q in &s.briefings[b.index()].quotes {
            by.entry(s.quotes[q.index()].by).or_default().push(q);
        }
    }
    if by.is_empty() {
        return Ok(None);
    }
    let order = |q: &QuoteId| (&s.quotes[q.index()].said, *q);
    let mut speakers: Vec<(ActorId, Vec<QuoteId>)> = by.into_iter().collect();
    for (_, qs) in &mut speakers {
        qs.sort_by(|a, b| order(a).cmp(&order(b)));
        qs.dedup();
    }
    speakers.sort_by(|a, b| {
        b.1.len().cmp(&a.1.len()).then_with(|| {
            crate::refs::fold(&s.actors[a.0.index()].name)
                .cmp(&crate::refs::fold(&s.actors[b.0.index()].name))
        })
    });
    let more = speakers.len().saturating_sub(WHO_SAID_WHAT_ROWS);
    speakers.truncate(WHO_SAID_WHAT_ROWS);
    // Days, or months or years on a long topic, so a row has at most so many dots.
    let lower = |q: &QuoteId| s.quotes[q.index()].said.lower();
    let all = speakers.iter().flat_map(|x| x.1.iter().map(lower));
    let (first, last) = all.fold((None, None), |(a, b): (Option<_>, Option<_>), d| {
        (
            Some(a.map_or(d, |a: crate::dates::Day| a.min(d))),
            Some(b.map_or(d, |b: crate::dates::Day| b.max(d))),
        )
    });
    let period = match (first, last) {
        (Some(f), Some(l)) => charts::Period::fitting(f, l, WHO_SAID_WHAT_COLUMNS),
        _ => charts::Period::Day,
    };
    let rows: Vec<charts::Row> = speakers
        .iter()
        .map(|(a, qs)| {
            let mut days: Vec<(crate::dates::Day, usize)> = Vec::new();
            for q in qs {
                let d = period.start(lower(q));
                match days.last_mut() {
                    Some((last, n)) if *last == d => *n += 1,
                    _ => days.push((d, 1)),
                }
            }
            charts::Row {
                name: s.actors[a.index()].name.clone(),
                days,
            }
        })
        .collect();
    let t = &s.topics[id.index()];
    let total: usize = speakers.iter().map(|x| x.1.len()).sum();
    let per = match period {
        charts::Period::Day => "day",
        charts::Period::Month => "month",
        charts::Period::Year => "year",
    };
    let desc = format!(
        "{} by {} on {}, one line per speaker, a dot for each {per} they spoke in, larger for more statements. The table below lists them.",
        plural(total, "statement", "statements"),
        plural(rows.len(), "speaker", "speakers"),
        t.name
    );
    let svg = charts::who_said_what(
        &format!("chart-who-{}", t.slug.as_str()),
        &format!("Who said what on {}", t.name),
        &desc,
        period,
        &rows,
    );
    let speakers = speakers
        .iter()
        .map(|(a, qs)| {
            Ok(SpeakerRow {
                actor: c.actor(*a),
                count: qs.len(),
                first: date(&s.quotes[qs[0].index()].said),
                last: date(&s.quotes[qs[qs.len() - 1].index()].said),
                quotes: qs
                    .iter()
                    .rev()
                    .take(3)
                    .map(|&q| c.quote_card(r, q, Fragment::QuoteBySpeaker))
                    .collect::<Result<_, _>>()?,
            })
        })
        .collect::<Result<_, Diagnostic>>()?;
    Ok(Some(WhoSaidWhat {
        svg,
        speakers,
        more,
    }))
}
