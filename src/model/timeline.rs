//! The timeline's order: every event and statement by date, grouped by month and cut
//! into pages. A listing like those of [`index`](super::index), kept in the model so
//! that a save in `serve` which moves no event or quote keeps it as it was.

use std::sync::Arc;

use rayon::prelude::*;

use super::{EventId, QuoteId, Site};
use crate::dates::SortKey;

/// An entry of the timeline: an event or a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Entry {
    Event(EventId),
    Quote(QuoteId),
}

/// The entries of one month, `(year, month)`, and whether they continue the month from
/// an earlier page.
pub type MonthEntries = ((i32, u8), Vec<Entry>, bool);

/// The timeline in order, cut into pages of at most `page_sizes.timeline`
/// entries, of whole months where they fit; a longer month runs over pages of its own.
pub(super) fn pages(s: &Site) -> Arc<[Vec<MonthEntries>]> {
    let mut items: Vec<Entry> = (0..s.events.len())
        .map(|i| Entry::Event(EventId::of(i)))
        .collect();
    // Each statement once, however many briefings quote it.
    items.extend(s.quotes_by_date.iter().map(|&q| Entry::Quote(q)));
    // Sorted on every core: the other is idle by now, and this was the last step of
    // the model, one core's 6 ms after a one-line edit at 10,000 briefings.
    let mut keyed: Vec<_> = items.into_par_iter().map(|e| (key(s, e), e)).collect();
    // The key is distinct for every entry, so the unstable sort is the order.
    keyed.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    cut(s, keyed.into_iter().map(|(((month, _), ..), e)| (month, e)))
}

/// Where `entry` goes: month first, since a time late in a day east of UTC can fall,
/// by the instant, among the previous month's entries, and a month must stay one run.
/// Then the date as `Edtf` orders it (on a key worked out once); events before
/// quotes; in order.
fn key(s: &Site, entry: Entry) -> (((i32, u8), SortKey), &str, u8, usize) {
    let (date, kind, i) = match entry {
        Entry::Event(e) => (&s.events[e.index()].date, 0, e.index()),
        Entry::Quote(q) => (&s.quotes[q.index()].said, 1, q.index()),
    };
    (
        (date.month_key(), date.sort_key()),
        date.as_written(),
        kind,
        i,
    )
}

/// The month `entry` falls in.
fn month(s: &Site, entry: Entry) -> (i32, u8) {
    match entry {
        Entry::Event(e) => s.events[e.index()].date.month_key(),
        Entry::Quote(q) => s.quotes[q.index()].said.month_key(),
    }
}

/// `entries`, in order with their months, cut into pages.
fn cut(s: &Site, entries: impl Iterator<Item = ((i32, u8), Entry)>) -> Arc<[Vec<MonthEntries>]> {
    let mut months: Vec<((i32, u8), Vec<Entry>)> = Vec::new();
    for (key, entry) in entries {
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
    pages.into()
}

/// The timeline of `s`, whose last timeline was `last`, after `quote` and `event` moved
/// the ids of quotes and events: `None` for one that is gone. `added` quotes, each a
/// statement of its own, and `added_events` join it where they go. For a save that
/// changes one briefing's quotes, or adds or deletes a briefing, without sorting the
/// rest again.
pub(super) fn requote(
    s: &Site,
    last: &[Vec<MonthEntries>],
    (quote, event): (
        impl Fn(QuoteId) -> Option<QuoteId>,
        impl Fn(EventId) -> Option<EventId>,
    ),
    added: impl Iterator<Item = QuoteId>,
    added_events: impl Iterator<Item = EventId>,
) -> Arc<[Vec<MonthEntries>]> {
    // With their months as they were: no entry left moved.
    let entries: Vec<((i32, u8), Entry)> = (last.iter().flatten())
        .flat_map(|(month, entries, _)| entries.iter().map(move |&e| (*month, e)))
        .filter_map(|(month, e)| match e {
            Entry::Event(e) => event(e).map(|e| (month, Entry::Event(e))),
            Entry::Quote(q) => quote(q).map(|q| (month, Entry::Quote(q))),
        })
        .collect();
    let added = (added_events.map(Entry::Event))
        .chain(added.map(Entry::Quote))
        .map(|e| (month(s, e), e))
        .collect();
    let entries = super::index::merged(&entries, added, |&(_, e)| key(s, e));
    cut(s, entries.into_iter())
}
