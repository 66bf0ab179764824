//! The timeline's view: every event and statement in date order, grouped by month. The
//! model orders and pages it ([`Site::timeline`]); the renderer makes each page's view
//! with [`timeline`] (and its chart with [`timeline_chart`](super::timeline_chart)).

use serde::Serialize;

use super::{Catalog, DateView, EventView, QuoteView, Shared};
use crate::model::{Entry, MonthEntries};

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
