//! What a saved briefing moved, which decides what a patch orders again.

use super::Reindexed;
use crate::model::statements;
use crate::model::{Briefing, BriefingId, Claim, Event, Quote, QuoteId, Site};

/// What ordering again briefing `id` of `site` needs once it is `new`, with `quotes`,
/// `events` and `claims`: nothing; the briefing, its quotes or both, in place; or
/// everything, as a full build does last.
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
            false => Reindexed::All,
        },
        // Quotes each a statement of their own are first whatever their briefing's date.
        true if quotes_alone(site, id, quotes) => match briefing_stays {
            true => Reindexed::Quotes,
            false => Reindexed::Both,
        },
        true => Reindexed::All,
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

/// Whether briefing `b`'s quotes were each a statement of their own and `quotes`, which
/// take their place, are too: as `statements::group` would find, no two of them and no
/// quote of another briefing by the same speaker have the same words on the same date,
/// or the same editor's id.
fn quotes_alone(site: &Site, b: BriefingId, quotes: &[Quote]) -> bool {
    let one = |a: &Quote, b: &Quote| {
        a.by == b.by
            && ((a.said.as_written() == b.said.as_written() && statements::same_words(a, b))
                || (a.statement_id.is_some() && a.statement_id == b.statement_id))
    };
    let others = |q: &Quote| {
        (site.actor_quotes[q.by.index()].iter())
            .flat_map(|&s| site.citations(s))
            .filter(|&&c| site.quotes[c.index()].briefing != b)
            .map(|c| &site.quotes[c.index()])
    };
    site.quotes_of(b).all(|q| site.citations(q) == [q])
        && quotes
            .iter()
            .enumerate()
            .all(|(i, q)| !quotes[..i].iter().any(|p| one(p, q)) && !others(q).any(|c| one(c, q)))
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
