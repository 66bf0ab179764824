//! The listings index: once every briefing, quote, event and claim is known, the orders
//! and backlinks that pages list (newest first, an actor's quotes, co-actors, a topic's
//! briefings). Run last by a full build and again by `patch` when an order moved.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::{
    Actor, ActorId, Author, BodyLink, Briefing, BriefingId, Byline, Claim, ClaimId, Event, EventId,
    Mention, Page, Quote, QuoteId, Site, Stance, Topic,
};
use crate::config::Config;
use crate::dates::Edtf;

#[allow(
    clippy::too_many_arguments,
    reason = "one call site, assembling the final value"
)]
pub(super) fn index(
    config: Config,
    actors: Vec<Actor>,
    briefings: Vec<Arc<Briefing>>,
    topics: Vec<Topic>,
    pages: Vec<Page>,
    authors: Vec<Author>,
    quotes: Vec<Arc<Quote>>,
    events: Vec<Arc<Event>>,
    claims: Vec<Arc<Claim>>,
    mentions: Vec<Vec<Mention>>,
    body_links: Vec<Arc<BodyLink>>,
) -> Site {
    let n = actors.len();
    // As in `oldest_first`, on bounds worked out once.
    let bounds = |d: &Edtf| (d.start(), d.upper());
    let (briefings_by_date, quotes_by_date) = rayon::join(
        || {
            let keys: Vec<_> = briefings.iter().map(|b| bounds(&b.date)).collect();
            let mut ids: Vec<BriefingId> = (0..briefings.len()).map(BriefingId::of).collect();
            ids.sort_by(|&a, &b| {
                let (x, y) = (&briefings[a.index()], &briefings[b.index()]);
                keys[b.index()]
                    .cmp(&keys[a.index()])
                    .then_with(|| y.date.as_written().cmp(x.date.as_written()))
                    .then_with(|| x.slug.cmp(&y.slug))
            });
            ids
        },
        || {
            oldest_first(&quotes, |q| &q.said)
                .map(QuoteId::of)
                .collect::<Vec<_>>()
        },
    );
    let (statements, statement_of) = super::statements::group(&quotes, &briefings);
    // Listings show each statement once, by its first quote.
    let quotes_by_date: Vec<QuoteId> = quotes_by_date
        .into_iter()
        .filter(|q| statements[statement_of[q.index()].index()].quotes[0] == *q)
        .collect();
    let mut actor_quotes = vec![Vec::new(); n];
    for &q in &quotes_by_date {
        actor_quotes[quotes[q.index()].by.index()].push(q);
    }
    let mut actor_events = vec![Vec::new(); n];
    let events_by_date: Vec<EventId> = oldest_first(&events, |e| &e.date)
        .map(EventId::of)
        .collect();
    for &e in &events_by_date {
        for &a in &events[e.index()].actors {
            push_once(&mut actor_events[a.index()], e);
        }
    }
    let (actor_briefings, co_actors) = involvement(n, &briefings, &briefings_by_date);
    let mut members = vec![Vec::new(); n];
    for (i, a) in actors.iter().enumerate() {
        for aff in &a.affiliations {
            push_once(&mut members[aff.actor.index()], ActorId::of(i));
        }
    }
    let (claims_by_date, actor_claims) = claim_order(n, &claims, &briefings);
    let corrections_by_date = correction_order(&briefings);
    let mut topic_briefings = vec![Vec::new(); topics.len()];
    for &b in &briefings_by_date {
        for &t in &briefings[b.index()].topics {
            push_once(&mut topic_briefings[t.index()], b);
        }
    }
    let mut author_briefings = vec![Vec::new(); authors.len()];
    for &b in &briefings_by_date {
        for by in &briefings[b.index()].authors {
            if let Byline::Author(a) = by {
                author_briefings[a.index()].push(b);
            }
        }
    }
    Site {
        config,
        actors,
        briefings,
        topics,
        pages,
        quotes,
        events,
        briefings_by_date,
        actor_quotes,
        actor_events,
        actor_briefings,
        co_actors,
        members,
        mentions,
        topic_briefings,
        quotes_by_date,
        statements,
        statement_of,
        claims,
        claims_by_date,
        actor_claims,
        corrections_by_date,
        body_links,
        authors,
        author_briefings,
        future_left_out: 0,
        left_out: Vec::new(),
        image: None,
        warnings: Vec::new(),
        languages: Vec::new(),
    }
}

/// A list for each actor, by `ActorId`.
type PerActor<T> = Vec<Vec<T>>;

/// Per actor: the briefings they are involved in, newest first, and the actors they
/// share briefings with, most shared first.
fn involvement(
    n: usize,
    briefings: &[Arc<Briefing>],
    by_date: &[BriefingId],
) -> (PerActor<BriefingId>, PerActor<(ActorId, usize)>) {
    let mut actor_briefings = vec![Vec::new(); n];
    let mut co: Vec<BTreeMap<ActorId, usize>> = vec![BTreeMap::new(); n];
    for &b in by_date {
        let involved = &briefings[b.index()].actors;
        for &a in involved {
            actor_briefings[a.index()].push(b);
            for &other in involved {
                if other != a {
                    *co[a.index()].entry(other).or_default() += 1;
                }
            }
        }
    }
    let co_actors = co
        .into_iter()
        .map(|m| {
            let mut v: Vec<(ActorId, usize)> = m.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v
        })
        .collect();
    (actor_briefings, co_actors)
}

/// Claims newest first, undated ones after dated ones by their briefing's date; and
/// per actor, the claims they assert or deny in that order.
fn claim_order(
    n: usize,
    claims: &[Arc<Claim>],
    briefings: &[Arc<Briefing>],
) -> (Vec<ClaimId>, PerActor<(ClaimId, Stance)>) {
    fn claim_key<'c>(
        c: &'c Claim,
        briefings: &'c [Arc<Briefing>],
    ) -> (bool, std::cmp::Reverse<&'c Edtf>) {
        let date = c.date.as_ref();
        (
            date.is_none(),
            std::cmp::Reverse(date.unwrap_or(&briefings[c.briefing.index()].date)),
        )
    }
    let mut claims_by_date: Vec<ClaimId> = (0..claims.len()).map(ClaimId::of).collect();
    claims_by_date.sort_by(|a, b| {
        claim_key(&claims[a.index()], briefings)
            .cmp(&claim_key(&claims[b.index()], briefings))
            .then(a.cmp(b))
    });
    let mut actor_claims = vec![Vec::new(); n];
    for &c in &claims_by_date {
        let claim = &claims[c.index()];
        for &a in &claim.by {
            push_once(&mut actor_claims[a.index()], (c, Stance::Asserts));
        }
        for &a in &claim.denied_by {
            push_once(&mut actor_claims[a.index()], (c, Stance::Denies));
        }
    }
    (claims_by_date, actor_claims)
}

/// Every correction of every briefing, newest first.
fn correction_order(briefings: &[Arc<Briefing>]) -> Vec<(BriefingId, usize)> {
    let mut corrections_by_date: Vec<(BriefingId, usize)> = briefings
        .iter()
        .enumerate()
        .flat_map(|(b, br)| (0..br.corrections.len()).map(move |i| (BriefingId::of(b), i)))
        .collect();
    corrections_by_date.sort_by(|&(a, i), &(b, j)| {
        let (x, y) = (
            &briefings[a.index()].corrections[i],
            &briefings[b.index()].corrections[j],
        );
        y.date.cmp(&x.date).then(a.cmp(&b)).then(i.cmp(&j))
    });
    corrections_by_date
}

/// Positions of `items` by date, oldest first, ties in order. Sorted on bounds worked
/// out once: comparing dates works them out again each time, and this runs on every
/// save in serve. Dates with the same bounds compare by their text, as `Edtf`'s order
/// does.
fn oldest_first<T: Send + Sync>(
    items: &[Arc<T>],
    date: impl Fn(&T) -> &Edtf + Sync,
) -> impl Iterator<Item = usize> {
    let keys: Vec<_> = items
        .iter()
        .map(|x| (date(x).start(), date(x).upper()))
        .collect();
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.par_sort_by(|&a, &b| {
        keys[a]
            .cmp(&keys[b])
            .then_with(|| {
                date(&items[a])
                    .as_written()
                    .cmp(date(&items[b]).as_written())
            })
            .then(a.cmp(&b))
    });
    order.into_iter()
}

/// Pushes `x` unless it was the last pushed. For lists filled item by item, where a
/// repeat (an actor named twice in one event) can only follow itself: `push_unique`
/// scans the whole list, which made the listings of prolific actors and big topics
/// quadratic.
fn push_once<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if v.last() != Some(&x) {
        v.push(x);
    }
}

/// Pushes `x` unless the list holds it already.
pub(super) fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

pub(super) fn shared<T>(items: Vec<T>) -> Vec<Arc<T>> {
    // Not `collect()`: that reuses the items' buffer in place for the pointers, and
    // kept all of it (quotes, events and briefings: 215 MB at 100,000 briefings).
    let mut arcs = Vec::with_capacity(items.len());
    arcs.extend(items.into_iter().map(Arc::new));
    arcs
}
