//! The timeline: every event and statement in date order, grouped by month and cut
//! into pages. The pipeline plans its pages with [`timeline_pages`]; the renderer
//! makes each page's view with [`timeline`] (and its chart with
//! [`timeline_chart`](super::timeline_chart)).

use serde::Serialize;

use super::{Catalog, DateView, EventView, QuoteView, Shared};
use crate::dates::Edtf;
use crate::model::{EventId, QuoteId, Site};

#[derive(Serialize)]
pub struct TimelineEntry<'a> {
    pub kind: &'static str,
    pub date: Shared<DateView<'a>>,
    pub event: Option<Shared<EventView<'a>>>,
    pub quote: Option<Shared<QuoteView<'a>>>,
}

#[derive(Serialize)]
pub struct Month<'a> {
    pub key: String,
    pub label: String,
    /// Whether the month began on an earlier page: a month with more entries than a
    /// page holds runs over several.
    pub continued: bool,
    pub entries: Vec<TimelineEntry<'a>>,
}

/// An entry of the timeline: an event or a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Event(EventId),
    Quote(QuoteId),
}

/// The entries of one month, `(year, month)`, and whether they continue the month from
/// an earlier page.
pub type MonthEntries = ((i32, u8), Vec<Entry>, bool);

/// The timeline in order, cut into pages of at most `page_sizes.timeline`
/// entries, of whole months where they fit; a longer month runs over pages of its own.
pub fn timeline_pages(s: &Site) -> Vec<Vec<MonthEntries>> {
    let mut items: Vec<(&Edtf, u8, usize, Entry)> =
        Vec::with_capacity(s.events.len() + s.quotes_by_date.len());
    for (i, e) in s.events.iter().enumerate() {
        items.push((&e.date, 0, i, Entry::Event(EventId(i as u32))));
    }
    // Each statement once, however many briefings quote it.
    for &q in &s.quotes_by_date {
        items.push((&s.quotes[q.index()].said, 1, q.index(), Entry::Quote(q)));
    }
    // Month first: a time late in a day east of UTC can fall, by the instant, among
    // the previous month's entries, and a month must stay one run.
    items.sort_by(|a, b| {
        (a.0.month_key(), a.0)
            .cmp(&(b.0.month_key(), b.0))
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    let mut months: Vec<((i32, u8), Vec<Entry>)> = Vec::new();
    for (d, _, _, entry) in items {
        let key = d.month_key();
        match months.last_mut() {
            Some((k, entries)) if *k == key => entries.push(entry),
            _ => months.push((key, vec![entry])),
        }
    }
    let mut pages: Vec<Vec<MonthEntries>> = vec![Vec::new()];
    let per = s.config.page_sizes.timeline;
    let mut size = 0;
    for (key, entries) in months {
        if size > 0 && size + entries.len() > per {
            pages.push(Vec::new());
            size = 0;
        }
        for (n, part) in entries.chunks(per).enumerate() {
            if n > 0 {
                pages.push(Vec::new());
                size = 0;
            }
            size += part.len();
            if let Some(last) = pages.last_mut() {
                last.push((key, part.to_vec(), n > 0));
            }
        }
    }
    pages
}

pub fn timeline<'a>(c: &Catalog<'a>, page: &[MonthEntries]) -> Vec<Month<'a>> {
    let s = c.site;
    page.iter()
        .map(|&((y, m), ref entries, continued)| Month {
            key: format!("{y:04}-{m:02}"),
            label: c.locale().dates.month(y, m),
            continued,
            entries: entries
                .iter()
                .map(|e| match *e {
                    Entry::Event(id) => TimelineEntry {
                        kind: "event",
                        date: c.date(&s.events[id.index()].date),
                        event: Some(c.event(id)),
                        quote: None,
                    },
                    Entry::Quote(id) => TimelineEntry {
                        kind: "quote",
                        date: c.date(&s.quotes[id.index()].said),
                        event: None,
                        quote: Some(c.quote(id)),
                    },
                })
                .collect(),
        })
        .collect()
}
