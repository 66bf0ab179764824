//! What a saved briefing moved, which decides what a patch orders again.

use super::Reindexed;
use crate::model::statements;
use crate::model::{Briefing, BriefingId, Claim, Event, Quote, QuoteId, Site};

/// What ordering again briefing `id` of `site` needs once it is `new`, with `quotes`,
/// `events` and `claims`: nothing; the briefing, its quotes or both, in place; or
/// everything, as a full build does last. Quotes that join or leave statements quoted
/// elsewhere, or a date that moves the briefing's quotes among those of a statement,
/// are grouped again in place too, among the quotes they could be one with (see
/// `index::regroup`).
pub(super) fn what_moved(
    site: &Site,
    id: BriefingId,
    new: &Briefing,
    quotes: &[Quote],
    events: &[Event],
    claims: &[Claim],
) -> Reindexed {
    let old = &site.briefings[id.index()];
    let briefing_stays =
        (&new.date, &new.actors, &new.authors) == (&old.date, &old.actors, &old.authors);
    match others_stay(site, id, new, events, claims) {
        false => Reindexed::All,
        true if quotes_stay(site, id, quotes) => match briefing_stays {
            true => Reindexed::Nothing,
            // A statement's first quote is the one in its oldest briefing.
            false
                if new.date == old.date || site.quotes_of(id).all(|q| site.citations(q) == [q]) =>
            {
                Reindexed::Briefing
            }
            false => Reindexed::Both,
        },
        true => match briefing_stays {
            true => Reindexed::Quotes,
            false => Reindexed::Both,
        },
    }
}

/// Whether nothing the listings of quotes and statements are ordered or grouped by
/// moved between briefing `b`'s quotes and `quotes`.
fn quotes_stay(site: &Site, b: BriefingId, quotes: &[Quote]) -> bool {
    let old = site.quotes_of(b);
    quotes.len() == old.len()
        && quotes.iter().zip(old).all(|(q, id)| {
            let o = &site.quotes[id.index()];
            (q.by, &q.said, &q.statement_id) == (o.by, &o.said, &o.statement_id)
                && (statements::same_words(q, o) || still_alone(site, id, q))
        })
}

/// Whether nothing the listings of events, claims and corrections are ordered by moved
/// between briefing `b` and `new`, with `events` and `claims`.
fn others_stay(
    site: &Site,
    b: BriefingId,
    new: &Briefing,
    events: &[Event],
    claims: &[Claim],
) -> bool {
    let old = &site.briefings[b.index()];
    let same_counts =
        events.len() == site.events_of(b).len() && claims.len() == site.claims_of(b).len();
    same_counts
        && new.corrections.len() == old.corrections.len()
        && new
            .corrections
            .iter()
            .zip(&old.corrections)
            .all(|(x, y)| x.date == y.date)
        && events.iter().zip(site.events_of(b)).all(|(e, o)| {
            let o = &site.events[o.index()];
            (&e.date, &e.actors) == (&o.date, &o.actors)
        })
        && claims.iter().zip(site.claims_of(b)).all(|(c, o)| {
            let o = &site.claims[o.index()];
            (&c.by, &c.denied_by, &c.date) == (&o.by, &o.denied_by, &o.date)
        })
}

/// Whether quote `id`, reworded as `new`, stays a statement of its own, as
/// `statements::group` would find: it was one, and no other quote by the same speaker
/// on the same date has its new words.
fn still_alone(site: &Site, id: QuoteId, new: &Quote) -> bool {
    if site.citations(id) != [id] {
        return false;
    }
    site.actor_quotes[new.by.index()]
        .iter()
        .flat_map(|&s| site.citations(s))
        .filter(|&&c| c != id)
        .map(|&c| &site.quotes[c.index()])
        .all(|c| c.said.as_written() != new.said.as_written() || !statements::same_words(c, new))
}
