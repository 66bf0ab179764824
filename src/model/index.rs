//! The listings index: once every briefing, quote, event and claim is known, the orders
//! and backlinks that pages list (newest first, an actor's quotes, co-actors, a topic's
//! briefings). Run last by a full build and again by `patch` when an order moved.

use std::cmp::Reverse;
use std::sync::Arc;

use rayon::prelude::*;

use super::{
    Actor, ActorId, Author, BodyLink, Briefing, BriefingId, Byline, Claim, ClaimId, Event, EventId,
    Mention, Page, Quote, QuoteId, Site, Stance, Statement, Topic,
};
use crate::config::Config;
use crate::dates::{Edtf, SortKey};

pub(super) fn index(config: Config, items: Items, body_links: Vec<Arc<BodyLink>>) -> Site {
    let Items {
        actors,
        briefings,
        topics,
        pages,
        authors,
        quotes,
        events,
        claims,
        mentions,
    } = items;
    let n = actors.len();
    let (briefings_by_date, quotes_by_date) = rayon::join(
        || newest_first(&briefings, (0..briefings.len()).map(BriefingId::of)),
        || {
            oldest_first(&quotes, |q| &q.said)
                .map(QuoteId::of)
                .collect::<Vec<_>>()
        },
    );
    // Grouping statements is sequential and the longest step here (70 ms at 30,000
    // briefings): the actors' events and briefings are listed beside it.
    let ((statements, statement_of), (actor_events, (actor_briefings, co_actors))) = rayon::join(
        || super::statements::group(&quotes, &briefings),
        || {
            (
                actor_events(n, &events),
                involvement(n, &briefings, &briefings_by_date),
            )
        },
    );
    // Listings show each statement once, by its first quote.
    let quotes_by_date: Vec<QuoteId> = quotes_by_date
        .into_iter()
        .filter(|q| statements[statement_of[q.index()].index()].quotes[0] == *q)
        .collect();
    let mut actor_quotes = vec![Vec::new(); n];
    for &q in &quotes_by_date {
        actor_quotes[quotes[q.index()].by.index()].push(q);
    }
    let members = members(&actors);
    let (claims_by_date, actor_claims) = claim_order(n, &claims, &briefings);
    let corrections_by_date = correction_order(&briefings);
    let topic_briefings = topic_briefings(topics.len(), &briefings, &briefings_by_date);
    let mut author_briefings = vec![Vec::new(); authors.len()];
    for &b in &briefings_by_date {
        for by in &briefings[b.index()].authors {
            if let Byline::Author(a) = by {
                author_briefings[a.index()].push(b);
            }
        }
    }
    let runs = super::Runs::of(
        briefings.len(),
        quotes.iter().map(|q| q.briefing),
        events.iter().map(|e| e.briefing),
        claims.iter().map(|c| c.briefing),
    );
    let mut site = Site {
        config,
        actors,
        briefings,
        topics,
        pages,
        quotes,
        events,
        briefings_by_date: briefings_by_date.into(),
        actor_quotes: actor_quotes.into(),
        actor_events: actor_events.into(),
        actor_briefings: actor_briefings.into(),
        co_actors: co_actors.into(),
        members: members.into(),
        mentions,
        topic_briefings: topic_briefings.into(),
        quotes_by_date: quotes_by_date.into(),
        statements: statements.into(),
        statement_of: statement_of.into(),
        claims,
        claims_by_date,
        actor_claims: actor_claims.into(),
        corrections_by_date,
        timeline: Arc::from([]),
        runs,
        body_links,
        authors,
        author_briefings: author_briefings.into(),
        future_left_out: 0,
        left_out: Vec::new(),
        image: None,
        warnings: Vec::new(),
        languages: Vec::new(),
    };
    site.timeline = super::timeline::pages(&site);
    site
}

/// Per actor: the actors listing it among their affiliations.
pub(super) fn members(actors: &[Actor]) -> Vec<Vec<ActorId>> {
    let mut members = vec![Vec::new(); actors.len()];
    for (i, a) in actors.iter().enumerate() {
        for aff in &a.affiliations {
            push_once(&mut members[aff.actor.index()], ActorId::of(i));
        }
    }
    members
}

/// What a site is made of before its listings are.
pub(super) struct Items {
    pub actors: Vec<Actor>,
    pub briefings: Vec<Arc<Briefing>>,
    pub topics: Vec<Topic>,
    pub pages: Vec<Page>,
    pub authors: Vec<Author>,
    pub quotes: Vec<Quote>,
    pub events: Vec<Event>,
    pub claims: Vec<Claim>,
    pub mentions: Vec<Vec<Mention>>,
}

/// One briefing taken out, put in, or both (its file renamed): where it was among the
/// last site's briefings, where it is now, with the runs of its quotes and events,
/// which the items after them move along by. (Claims are few, and ordered again.)
#[derive(Debug, Clone, Copy)]
pub(super) struct OneMore {
    /// Taken out: its place among the last site's items.
    pub gone: Option<Place>,
    /// Put in: its place among the items now.
    pub came: Option<Place>,
    /// No other briefing was given other topic ids: the topics' listings move along.
    pub topics_kept: bool,
}

/// A briefing's id, and the runs of its quotes and events as (start, count).
#[derive(Debug, Clone, Copy)]
pub(super) struct Place {
    pub id: BriefingId,
    pub quotes: (usize, usize),
    pub events: (usize, usize),
}

impl OneMore {
    /// How the ids of one kind of item move, given the briefing's run of them.
    fn moves(&self, run: impl Fn(&Place) -> (usize, usize)) -> Moves {
        Moves::new(self.gone.as_ref().map(&run), self.came.as_ref().map(&run))
    }
}

/// Where the items of a list go when one briefing's run of them is taken out, `gone`
/// as (start, count), and then a run put in, `came` as (start, count) in the list as
/// it is then. A briefing's items replaced in place are a run of each at one start.
#[derive(Debug, Clone, Copy)]
pub(super) struct Moves {
    /// The two steps as (start, old count, new count), as [`moved`] reads them.
    steps: [(usize, usize, usize); 2],
}

impl Moves {
    pub(super) fn new(gone: Option<(usize, usize)>, came: Option<(usize, usize)>) -> Moves {
        let (gs, gn) = gone.unwrap_or_default();
        let (cs, cn) = came.unwrap_or_default();
        Moves {
            steps: [(gs, gn, 0), (cs, 0, cn)],
        }
    }

    /// One briefing's run `start..start + old` replaced by `new` items.
    pub(super) fn replaced((start, old, new): (usize, usize, usize)) -> Moves {
        Moves::new(Some((start, old)), Some((start, new)))
    }

    /// Where item `i` of the list before goes: `None` if it was taken out.
    pub(super) fn to(&self, i: usize) -> Option<usize> {
        moved(self.steps[0], i).and_then(|j| moved(self.steps[1], j))
    }

    /// Where item `i` of the list now was: `None` if it was put in.
    fn from(&self, i: usize) -> Option<usize> {
        let back = |(start, old, new): (usize, usize, usize), i: usize| match i {
            i if i < start => Some(i),
            i if i < start + new => None,
            i => Some(i - new + old),
        };
        back(self.steps[1], i).and_then(|j| back(self.steps[0], j))
    }

    /// The items taken out, as positions in the list before.
    fn gone(&self) -> std::ops::Range<usize> {
        let (start, old, _) = self.steps[0];
        start..start + old
    }

    /// The items put in, as positions in the list now.
    fn came(&self) -> std::ops::Range<usize> {
        let (start, _, new) = self.steps[1];
        start..start + new
    }
}

/// The site of `items`, which are `last`'s with one briefing put in, taken out or both
/// as `one` says: `last`'s listings with every id moved along (which keeps every
/// order), the briefing's own entries placed or dropped, and the statements its quotes
/// could be in grouped again ([`regroup`]). What `index` would make, for the work of one
/// briefing instead of ordering and grouping all of them again; the few claims and
/// corrections are ordered again.
pub(super) fn one_more_or_less(items: Items, last: &Site, one: OneMore) -> Site {
    let moves = one.moves(|p| (p.id.index(), 1));
    let briefings = |list: &[BriefingId]| -> Vec<BriefingId> {
        (list.iter())
            .filter_map(|&b| moves.to(b.index()).map(BriefingId::of))
            .collect()
    };
    let events = one.moves(|p| p.events);
    let per_actor_events = (last.actor_events.iter())
        .map(|list| {
            (list.iter())
                .filter_map(|e| events.to(e.index()).map(EventId::of))
                .collect()
        })
        .collect::<Vec<_>>();
    let (claims_by_date, actor_claims) =
        claim_order(items.actors.len(), &items.claims, &items.briefings);
    let runs = super::Runs::of(
        items.briefings.len(),
        items.quotes.iter().map(|q| q.briefing),
        items.events.iter().map(|e| e.briefing),
        items.claims.iter().map(|c| c.briefing),
    );
    let mut site = Site {
        config: last.config.clone(),
        briefings_by_date: briefings(&last.briefings_by_date).into(),
        actor_quotes: Vec::new().into(),
        actor_events: per_actor_events.into(),
        actor_briefings: Arc::new(last.actor_briefings.iter().map(|l| briefings(l)).collect()),
        co_actors: last.co_actors.clone(),
        members: last.members.clone(),
        mentions: items.mentions,
        topic_briefings: Vec::new().into(),
        quotes_by_date: Vec::new().into(),
        statements: Vec::new().into(),
        statement_of: Vec::new().into(),
        claims_by_date,
        actor_claims: actor_claims.into(),
        corrections_by_date: correction_order(&items.briefings),
        timeline: Arc::from([]),
        runs,
        body_links: Vec::new(),
        author_briefings: Arc::new(last.author_briefings.iter().map(|l| briefings(l)).collect()),
        actors: items.actors,
        briefings: items.briefings,
        topics: items.topics,
        pages: items.pages,
        authors: items.authors,
        quotes: items.quotes,
        events: items.events,
        claims: items.claims,
        future_left_out: last.future_left_out,
        left_out: last.left_out.clone(),
        image: last.image.clone(),
        warnings: last.warnings.clone(),
        languages: Vec::new(),
    };
    // The briefing's actors count it among their co-actors' briefings, or no longer.
    let mut who = Vec::new();
    if let Some(gone) = one.gone {
        who.extend_from_slice(&last.briefings[gone.id.index()].actors);
    }
    if let Some(came) = one.came {
        place_briefing(&mut site, came.id);
        who.extend_from_slice(&site.briefings[came.id.index()].actors);
    }
    who.sort_unstable();
    who.dedup();
    for a in who {
        Arc::make_mut(&mut site.co_actors)[a.index()] =
            co_actors(a, &site.actor_briefings[a.index()], &site.briefings);
    }
    site.topic_briefings = match one.topics_kept {
        true => {
            // Topics only the briefing named are the last ones: they come or go.
            let mut lists: Vec<Vec<BriefingId>> = (last.topic_briefings.iter())
                .map(|l| briefings(l))
                .collect();
            lists.resize(site.topics.len(), Vec::new());
            if let Some(came) = one.came {
                place_in_topics(&site.briefings, came.id, &mut lists);
            }
            lists.into()
        }
        false => {
            topic_briefings(site.topics.len(), &site.briefings, &site.briefings_by_date).into()
        }
    };
    if let Some(came) = one.came {
        let (start, count) = came.events;
        for e in (start..start + count).map(EventId::of) {
            let key = |x: EventId| oldest_key(&site.events[x.index()].date, x.index());
            let mut actors = site.events[e.index()].actors.clone();
            actors.sort_unstable();
            actors.dedup();
            for a in actors {
                let list = &mut Arc::make_mut(&mut site.actor_events)[a.index()];
                let at = list.partition_point(|&x| key(x) < key(e));
                list.insert(at, e);
            }
        }
    }
    regroup(&mut site, last, one.moves(|p| p.quotes), events);
    site
}

/// `site`'s quote listings (the site's, its speakers'), statements and timeline, which
/// are still `last`'s, after one briefing's quotes were taken out, put in or replaced
/// as `quotes` says, and its events as `events` says. Statements are grouped again only
/// among the quotes that could join those taken out or put in (see [`joinable`]); every
/// other statement keeps its quotes, moved along.
pub(super) fn regroup(site: &mut Site, last: &Site, quotes: Moves, events: Moves) {
    let gone = quotes.gone().map(|q| &last.quotes[q]);
    let came = quotes.came().map(|q| &site.quotes[q]);
    let among = joinable(&site.quotes, gone.chain(came));
    // The statements they were in, by their ids then, are made again.
    let mut again = vec![false; last.statements.len()];
    for q in (among.iter())
        .filter_map(|&q| quotes.from(q))
        .chain(quotes.gone())
    {
        again[last.statement_of[q].index()] = true;
    }
    let kept = |q: QuoteId| match again[last.statement_of[q.index()].index()] {
        true => None,
        false => quotes.to(q.index()).map(QuoteId::of),
    };
    let grouped = super::statements::group_among(&site.quotes, &site.briefings, &among);
    let firsts: Vec<QuoteId> = grouped.iter().map(|s| s.quotes[0]).collect();
    let others: Vec<Statement> = (last.statements.iter().zip(&again))
        .filter(|(_, again)| !**again)
        .map(|(s, _)| Statement {
            quotes: s.quotes.iter().filter_map(|&q| kept(q)).collect(),
        })
        .collect();
    // Both in the order of their earliest quotes, which no move changed.
    let statements = merged(&others, grouped, |s| s.quotes.iter().min().copied());
    let said = &site.quotes;
    let key = |q: &QuoteId| oldest_key(&said[q.index()].said, q.index());
    let by_date: Vec<QuoteId> = (last.quotes_by_date.iter())
        .filter_map(|&q| kept(q))
        .collect();
    let by_date = merged(&by_date, firsts.clone(), key);
    let mut per_actor: Vec<Vec<QuoteId>> = (last.actor_quotes.iter())
        .map(|list| list.iter().filter_map(|&q| kept(q)).collect())
        .collect();
    let mut speakers: Vec<ActorId> = firsts.iter().map(|q| said[q.index()].by).collect();
    speakers.sort_unstable();
    speakers.dedup();
    for a in speakers {
        let theirs = (firsts.iter()).filter(|q| said[q.index()].by == a);
        let list = &mut per_actor[a.index()];
        *list = merged(list, theirs.copied().collect(), key);
    }
    let event = |e: EventId| events.to(e.index()).map(EventId::of);
    site.timeline = super::timeline::requote(
        site,
        &last.timeline,
        (kept, event),
        firsts.into_iter(),
        events.came().map(EventId::of),
    );
    site.statement_of = super::statements::statement_of(site.quotes.len(), &statements).into();
    site.statements = statements.into();
    site.quotes_by_date = by_date.into();
    site.actor_quotes = per_actor.into();
}

/// The positions among `quotes`, in order, of those that could be one statement with
/// one of `changed`, directly or through others: by the same speaker, with the same
/// words on the same date or the same editor's id. Grouping is done within these alone
/// (see [`group_among`](super::statements::group_among)), as in a full build.
fn joinable<'q>(quotes: &'q [Quote], changed: impl Iterator<Item = &'q Quote>) -> Vec<usize> {
    type Keys<'k> = std::collections::HashSet<(ActorId, &'k str, u64)>;
    let (mut words, mut ids): (Keys, Keys) = Default::default();
    let add = |q: &'q Quote, words: &mut Keys<'q>, ids: &mut Keys<'q>| {
        let fresh = words.insert((q.by, q.said.as_written(), q.words));
        let id = q.statement_id.as_deref().map(|id| (q.by, id, 0));
        fresh | id.is_some_and(|id| ids.insert(id))
    };
    let speakers: std::collections::HashSet<ActorId> = changed
        .map(|q| {
            add(q, &mut words, &mut ids);
            q.by
        })
        .collect();
    let mut theirs: Vec<usize> = (0..quotes.len())
        .filter(|&q| speakers.contains(&quotes[q].by))
        .collect();
    let joins = |q: &Quote, words: &Keys, ids: &Keys| {
        words.contains(&(q.by, q.said.as_written(), q.words))
            || (q.statement_id.as_deref()).is_some_and(|id| ids.contains(&(q.by, id, 0)))
    };
    let mut among = Vec::new();
    // Until a pass finds none: each found may bring an id or words others share.
    loop {
        let (found, rest): (Vec<usize>, Vec<usize>) =
            (theirs.iter()).partition(|&&q| joins(&quotes[q], &words, &ids));
        let mut grew = false;
        for &q in &found {
            grew |= add(&quotes[q], &mut words, &mut ids);
        }
        among.extend(found);
        theirs = rest;
        if !grew {
            break;
        }
    }
    among.sort_unstable();
    among
}

/// Puts briefing `id` of `briefings`, new, in the listings of its topics, once each.
fn place_in_topics(briefings: &[Arc<Briefing>], id: BriefingId, lists: &mut [Vec<BriefingId>]) {
    let key = |b: BriefingId| newest_key(briefings, b);
    for &t in &briefings[id.index()].topics {
        let list = &mut lists[t.index()];
        if !list.contains(&id) {
            let at = list.partition_point(|&b| key(b) < key(id));
            list.insert(at, id);
        }
    }
}

/// Puts briefing `id`, new to `site`, in the listings of briefings: the site's, its
/// actors' and its authors', once per time a full index pushes it there.
fn place_briefing(site: &mut Site, id: BriefingId) {
    let briefings = &site.briefings;
    let new = &briefings[id.index()];
    let key = |b: BriefingId| newest_key(briefings, b);
    let place = |list: &mut Vec<BriefingId>, times: usize| {
        let at = list.partition_point(|&b| key(b) < key(id));
        list.splice(at..at, std::iter::repeat_n(id, times));
    };
    place(Arc::make_mut(&mut site.briefings_by_date), 1);
    for &a in &new.actors {
        let list = &mut Arc::make_mut(&mut site.actor_briefings)[a.index()];
        if !list.contains(&id) {
            place(list, new.actors.iter().filter(|&&x| x == a).count());
        }
    }
    for by in &new.authors {
        if let Byline::Author(a) = by {
            let list = &mut Arc::make_mut(&mut site.author_briefings)[a.index()];
            if !list.contains(&id) {
                let times = (new.authors.iter())
                    .filter(|b| matches!(b, Byline::Author(x) if x == a))
                    .count();
                place(list, times);
            }
        }
    }
}

/// A list for each actor, by `ActorId`.
type PerActor<T> = Vec<Vec<T>>;

/// Per actor: the events they take part in, oldest first.
fn actor_events(n: usize, events: &[Event]) -> PerActor<EventId> {
    let mut actor_events = vec![Vec::new(); n];
    for e in oldest_first(events, |e| &e.date).map(EventId::of) {
        for &a in &events[e.index()].actors {
            push_once(&mut actor_events[a.index()], e);
        }
    }
    actor_events
}

/// Per actor: the briefings they are involved in, newest first, and the actors they
/// share briefings with, most shared first.
fn involvement(
    n: usize,
    briefings: &[Arc<Briefing>],
    by_date: &[BriefingId],
) -> (PerActor<BriefingId>, PerActor<(ActorId, usize)>) {
    let mut actor_briefings = vec![Vec::new(); n];
    for &b in by_date {
        for &a in &briefings[b.index()].actors {
            actor_briefings[a.index()].push(b);
        }
    }
    let co_actors = (0..n)
        .into_par_iter()
        .map(|a| co_actors(ActorId::of(a), &actor_briefings[a], briefings))
        .collect();
    (actor_briefings, co_actors)
}

/// The actors sharing `mine`, actor `a`'s briefings, with it: most shared first.
fn co_actors(
    a: ActorId,
    mine: &[BriefingId],
    briefings: &[Arc<Briefing>],
) -> Vec<(ActorId, usize)> {
    let mut others: Vec<ActorId> = (mine.iter())
        .flat_map(|b| briefings[b.index()].actors.iter().copied())
        .filter(|&o| o != a)
        .collect();
    others.sort_unstable();
    let mut counted: Vec<(ActorId, usize)> = Vec::new();
    for o in others {
        match counted.last_mut() {
            Some((last, k)) if *last == o => *k += 1,
            _ => counted.push((o, 1)),
        }
    }
    counted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counted
}

/// Per topic (of `n`): its briefings in the order of `by_date`.
pub(super) fn topic_briefings(
    n: usize,
    briefings: &[Arc<Briefing>],
    by_date: &[BriefingId],
) -> Vec<Vec<BriefingId>> {
    let mut topic_briefings = vec![Vec::new(); n];
    for &b in by_date {
        for &t in &briefings[b.index()].topics {
            push_once(&mut topic_briefings[t.index()], b);
        }
    }
    topic_briefings
}

/// Claims newest first, undated ones after dated ones by their briefing's date; and
/// per actor, the claims they assert or deny in that order.
fn claim_order(
    n: usize,
    claims: &[Claim],
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

/// Positions of `items` by date, oldest first, ties in order. Sorted on keys worked
/// out once ([`SortKey`]): this runs on every save in serve. Dates with the same bounds
/// compare by their text, as `Edtf`'s order does.
fn oldest_first<T: Send + Sync>(
    items: &[T],
    date: impl Fn(&T) -> &Edtf + Sync,
) -> impl Iterator<Item = usize> {
    // The index last makes every key distinct, so the unstable sort keeps ties in order.
    let mut keyed: Vec<(SortKey, &str, usize)> = (items.iter().enumerate())
        .map(|(i, x)| oldest_key(date(x), i))
        .collect();
    keyed.par_sort_unstable();
    keyed
        .into_iter()
        .map(|(.., i)| i)
        .collect::<Vec<_>>()
        .into_iter()
}

/// Where item `i` dated `date` goes, oldest first: by date, then by the date's text (as
/// `Edtf`'s order does), then in order.
fn oldest_key(date: &Edtf, i: usize) -> (SortKey, &str, usize) {
    (date.sort_key(), date.as_written(), i)
}

/// What listings newest first sort briefings by.
type NewestKey<'b> = ((Reverse<SortKey>, Reverse<&'b str>), &'b str, BriefingId);

/// Where briefing `b` goes in listings newest first: by date, then by the date's text
/// (as `Edtf`'s order does), then by slug.
fn newest_key(briefings: &[Arc<Briefing>], b: BriefingId) -> NewestKey<'_> {
    let x = &briefings[b.index()];
    let date = (Reverse(x.date.sort_key()), Reverse(x.date.as_written()));
    (date, x.slug.as_str(), b)
}

/// `ids` newest first, as listings show briefings: by date, then by the date's text
/// (as `Edtf`'s order does) and slug. On keys worked out once, as in `oldest_first`.
pub(super) fn newest_first(
    briefings: &[Arc<Briefing>],
    ids: impl Iterator<Item = BriefingId>,
) -> Vec<BriefingId> {
    let mut keyed: Vec<_> = ids.map(|id| newest_key(briefings, id)).collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(.., id)| id).collect()
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

/// `site`'s listings after briefing `id`, once `old`, changed its date, actors or
/// authors and nothing else they are ordered or grouped by: it moves within the
/// listings of briefings (the site's, its actors', topics' and authors'), and its
/// actors' co-actors and its undated claims follow. What `index` would make, for the
/// work of one briefing; the caller checks that no statement's first quote can move.
/// Its topics' listings too, unless `topics` is false: when the topics were made
/// again, the caller lists them afresh.
pub(super) fn move_briefing(site: &mut Site, id: BriefingId, old: &Briefing, topics: bool) {
    let new = Arc::clone(&site.briefings[id.index()]);
    let briefings = &site.briefings;
    let key = |b: BriefingId| newest_key(briefings, b);
    // Out of every list it was in, then into those it is now in, once per time a full
    // index pushes it there.
    let place = |list: &mut Vec<BriefingId>, times: usize| {
        list.retain(|&b| b != id);
        let at = list.partition_point(|&b| key(b) < key(id));
        list.splice(at..at, std::iter::repeat_n(id, times));
    };
    place(Arc::make_mut(&mut site.briefings_by_date), 1);
    let mut actors: Vec<ActorId> = old.actors.iter().chain(&new.actors).copied().collect();
    actors.sort_unstable();
    actors.dedup();
    for &a in &actors {
        let times = new.actors.iter().filter(|&&x| x == a).count();
        place(
            &mut Arc::make_mut(&mut site.actor_briefings)[a.index()],
            times,
        );
    }
    if old.actors != new.actors {
        for &a in &actors {
            Arc::make_mut(&mut site.co_actors)[a.index()] =
                co_actors(a, &site.actor_briefings[a.index()], briefings);
        }
    }
    // Unless the topics were made again, and are listed afresh.
    for &t in old.topics.iter().chain(&new.topics).filter(|_| topics) {
        place(
            &mut Arc::make_mut(&mut site.topic_briefings)[t.index()],
            usize::from(new.topics.contains(&t)),
        );
    }
    let author = |by: &Byline| match by {
        Byline::Author(a) => Some(*a),
        Byline::Name(_) => None,
    };
    for a in old.authors.iter().chain(&new.authors).filter_map(author) {
        let times = new
            .authors
            .iter()
            .filter(|by| author(by) == Some(a))
            .count();
        place(
            &mut Arc::make_mut(&mut site.author_briefings)[a.index()],
            times,
        );
    }
    if (site.claims_of(id)).any(|c| site.claims[c.index()].date.is_none()) {
        let (by_date, per_actor) = claim_order(site.actors.len(), &site.claims, briefings);
        site.claims_by_date = by_date;
        site.actor_claims = per_actor.into();
    }
}

/// `list`, in order by `key`, with `added` (in any order) put where they go. For a few
/// entries added to a long list: it looks up their places rather than comparing every
/// entry. Keys must be distinct.
pub(super) fn merged<T: Clone, K: Ord>(
    list: &[T],
    mut added: Vec<T>,
    key: impl Fn(&T) -> K,
) -> Vec<T> {
    added.sort_by_cached_key(|x| key(x));
    let mut out = Vec::with_capacity(list.len() + added.len());
    let mut from = 0;
    for x in added {
        let k = key(&x);
        let at = from + list[from..].partition_point(|y| key(y) < k);
        out.extend_from_slice(&list[from..at]);
        out.push(x);
        from = at;
    }
    out.extend_from_slice(&list[from..]);
    out
}

/// Where item `i` goes once the run `start..start + old` of one briefing's items is
/// replaced by `new` items: `None` if it was one of them.
fn moved((start, old, new): (usize, usize, usize), i: usize) -> Option<usize> {
    match i {
        i if i < start => Some(i),
        i if i < start + old => None,
        i => Some(i - old + new),
    }
}

#[cfg(test)]
mod tests {
    use super::Moves;

    /// Every item kept keeps its order and is found again where it came from; those
    /// taken out go nowhere, those put in came from nowhere, for runs taken out and put
    /// in before, after and across each other, and replaced in place.
    #[test]
    fn moves_keep_the_order_of_what_stays_and_undo_each_other() {
        let n = 12;
        let mut cases = vec![Moves::replaced((4, 2, 3)), Moves::replaced((0, 0, 2))];
        for gone in [None, Some((0, 1)), Some((5, 3)), Some((11, 1))] {
            let left = n - gone.map_or(0, |(_, c)| c);
            for came in [None, Some((0, 1)), Some((3, 2)), Some((left, 2))] {
                cases.push(Moves::new(gone, came));
            }
        }
        for m in cases {
            let taken = m.gone();
            let now = n - taken.len() + m.came().len();
            let kept: Vec<usize> = (0..n).filter_map(|i| m.to(i)).collect();
            assert_eq!(kept.len(), n - taken.len(), "{m:?}");
            assert!(kept.windows(2).all(|w| w[0] < w[1]), "{m:?}: {kept:?}");
            for i in 0..n {
                match m.to(i) {
                    Some(j) => assert_eq!(m.from(j), Some(i), "{m:?}: {i} -> {j}"),
                    None => assert!(taken.contains(&i), "{m:?}: {i} lost"),
                }
            }
            for j in 0..now {
                assert_eq!(m.from(j).is_none(), m.came().contains(&j), "{m:?}: {j}");
            }
        }
    }
}
