//! The rebuild after a briefing file is added, deleted or renamed, done by putting the
//! briefing in its place in the last good site, taking it out, or both in one step,
//! instead of building all of it again. Briefing ids follow file order, so the quotes,
//! events and claims of every later briefing are made again with their briefing's new
//! id, and every listing is ordered again, as the last step of a full build does; the
//! topics are made again from every briefing's names. It applies to a published briefing whose slug and file names
//! are new, or to one that no body links to by its file; anything else takes the full
//! build, which then reports what is wrong.
//!
//! Actors', authors', free pages' and topics' files that come, go or are renamed are
//! patched by their own modules, chosen here.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use super::{Patched, Reindexed, body_like, finish, with_body};
use crate::content::BriefingFm;
use crate::discover::{Section, Source};
use crate::model::cache::{Body, Parse};
use crate::model::cache::{Cache, Last};
use crate::model::index::{Items, Moves, OneMore, Place, one_more_or_less};
use crate::model::parse::{Parsed, parse_any};
use crate::model::resolve::Builder;
use crate::model::topics::{Named, replay};
use crate::model::{
    Briefing, BriefingId, Event, InBriefing, Mention, Options, Quote, Runs, Site, Slug,
    briefing_path,
};
use crate::refs;

/// The site after one source was added, deleted or renamed, if it can be patched.
pub(super) fn patch(sources: &[Source], opts: &Options, cache: &mut Cache) -> Option<Arc<Site>> {
    let last = cache.last.as_ref()?;
    match delta(last, sources)? {
        Delta::Added(k) => add(&sources[k], k, opts, cache),
        Delta::Deleted(k) => remove(k, opts, cache),
        Delta::Renamed { gone, came } => match (published(last, gone), sources[came].section) {
            (Some(Section::Briefing), Section::Briefing) => {
                in_or_out(Some(gone), Some((&sources[came], came)), opts, cache)
            }
            // Taken out, then put in under its new name: each step is a site a full
            // build makes of its sources.
            (Some(was), now) if was == now => {
                remove(gone, opts, cache)?;
                add(&sources[came], came, opts, cache)
            }
            _ => None,
        },
    }
}

/// The site with new file `src`, source `k` now, put in its place.
fn add(src: &Source, k: usize, opts: &Options, cache: &mut Cache) -> Option<Arc<Site>> {
    match src.section {
        Section::Briefing => in_or_out(None, Some((src, k)), opts, cache),
        Section::Actor => super::new_actor::added(src, k, opts, cache),
        Section::Page => super::new_page::added(src, k, opts, cache),
        Section::Topic => super::new_topic::added(src, k, opts, cache),
        Section::Author => super::new_author::added(src, k, opts, cache),
    }
}

/// The site without file `k` of the last build's sources.
fn remove(k: usize, opts: &Options, cache: &mut Cache) -> Option<Arc<Site>> {
    match published(cache.last.as_ref()?, k)? {
        Section::Briefing => in_or_out(Some(k), None, opts, cache),
        Section::Actor => super::new_actor::removed(k, cache),
        Section::Page => super::new_page::removed(k, cache),
        Section::Topic => super::new_topic::removed(k, cache),
        Section::Author => super::new_author::removed(k, cache),
    }
}

/// What the last build's source `k` became, if it was published: drafts and briefings
/// left out for their date are not.
fn published(last: &Last, k: usize) -> Option<Section> {
    // As bytes: `Path` equality walks components.
    let rel = last.sources[k].0.as_os_str();
    let is = |path: &std::path::Path| path.as_os_str() == rel;
    let site = &last.site;
    if last.briefing_at[k].is_some() {
        Some(Section::Briefing)
    } else if site.actors.iter().any(|a| is(&a.path)) {
        Some(Section::Actor)
    } else if site.pages.iter().any(|p| is(&p.path)) {
        Some(Section::Page)
    } else if site
        .topics
        .iter()
        .any(|t| t.path.as_deref().is_some_and(is))
    {
        Some(Section::Topic)
    } else if site.authors.iter().any(|a| is(&a.path)) {
        Some(Section::Author)
    } else {
        None
    }
}

/// The one source new or gone since the last build, or both, every other as it was.
enum Delta {
    /// At this place among the sources now.
    Added(usize),
    /// At this place among the last build's sources.
    Deleted(usize),
    /// One gone from its place among the last build's sources, one come to its place
    /// among the sources now: a file renamed (or moved, or deleted and another added).
    Renamed { gone: usize, came: usize },
}

fn delta(last: &Last, sources: &[Source]) -> Option<Delta> {
    let same = super::same_source;
    let before = &last.sources;
    let first_difference = || {
        (sources.iter().zip(before))
            .position(|(s, b)| !same(s, b))
            .unwrap_or(sources.len().min(before.len()))
    };
    let rest_same = |now: &[Source], then: &[(PathBuf, Arc<str>)]| {
        now.iter().zip(then).all(|(s, b)| same(s, b))
    };
    if sources.len() == before.len() + 1 {
        let k = first_difference();
        rest_same(&sources[k + 1..], &before[k..]).then_some(Delta::Added(k))
    } else if sources.len() + 1 == before.len() {
        let k = first_difference();
        rest_same(&sources[k..], &before[k + 1..]).then_some(Delta::Deleted(k))
    } else if sources.len() == before.len() {
        // Where the two lists part, one has the new file or the other the gone one; the
        // lists then run one apart until the other, and are the same after it.
        let i = first_difference();
        let apart = |from: &[Source], to: &[(PathBuf, Arc<str>)]| {
            i + (from.iter().zip(to))
                .position(|(s, b)| !same(s, b))
                .unwrap_or(from.len().min(to.len()))
        };
        let n = sources.len();
        let came_first = apart(&sources[(i + 1).min(n)..], &before[i..]);
        let gone_first = apart(&sources[i..], &before[(i + 1).min(n)..]);
        if i < n
            && came_first < n
            && rest_same(&sources[came_first + 1..], &before[came_first + 1..])
        {
            Some(Delta::Renamed {
                gone: came_first,
                came: i,
            })
        } else if i < n
            && gone_first < n
            && rest_same(&sources[gone_first + 1..], &before[gone_first + 1..])
        {
            Some(Delta::Renamed {
                gone: i,
                came: gone_first,
            })
        } else {
            None
        }
    } else {
        None
    }
}

/// A briefing file to put in the last site: read, converted and its body rendered as a
/// full build would.
struct Arrival<'s> {
    briefing: Briefing,
    quotes: Vec<Quote>,
    events: Vec<Event>,
    /// What read it: its claims and warnings.
    builder: Builder,
    kept: Kept<'s>,
}

/// What of an [`Arrival`] the site's listings and the cache keep.
struct Kept<'s> {
    src: &'s Source,
    /// Its place among the sources now.
    k: usize,
    id: BriefingId,
    parse: Arc<Parse>,
    body: Arc<Body>,
    page: String,
    topics: Vec<String>,
}

/// Briefing file `src`, source `k` now, read against the last site, in which it takes
/// the place of briefing `was` if it is that one renamed (`gone`, its place among the
/// last build's sources). `None` if a full build must decide: it has a problem, is a
/// draft or dated later, or a link could name it already.
fn arrival<'s>(
    (src, k): (&'s Source, usize),
    (gone, was): (Option<usize>, Option<BriefingId>),
    opts: &Options,
    cache: &Cache,
) -> Option<Arrival<'s>> {
    let last = cache.last.as_ref()?;
    let parse = Arc::new(parse_any(src));
    let p = Parsed::<BriefingFm>::of(src, &parse)?;
    let future = opts
        .publish_until
        .is_some_and(|until| crate::model::build::is_future(&p.fm, until));
    if !parse.diagnostics.is_empty() || p.fm.draft || future || last.files.knows(src) {
        return None;
    }
    let slug = new_slug(&last.site, &p, was)?;
    // Ids follow file order (the file's old place left out): it takes that of the
    // first briefing after it.
    let before = (last.briefing_at.iter().enumerate())
        .filter(|&(i, _)| Some(i) != gone)
        .take(k);
    let id = BriefingId::of(before.filter(|(_, b)| b.is_some()).count());
    let (mut briefing, quotes, events, builder) = super::convert(last, opts, &p, (id, was), slug)?;
    let page = briefing_path(&briefing.slug);
    let job = p.body_job(Some(page.clone()));
    let body = body_like(cache, opts, job, super::BRIEFING, None)?;
    with_body(&mut briefing, &body);
    let topics = p.fm.topics.clone();
    let kept = Kept {
        src,
        k,
        id,
        parse,
        body,
        page,
        topics,
    };
    Some(Arrival {
        briefing,
        quotes,
        events,
        builder,
        kept,
    })
}

/// The site with briefing file `gone` of the last build's sources taken out, briefing
/// file `came` (source, its place among the sources now) put in its place, or both (a
/// file renamed) in one step: the listings are ordered again once.
fn in_or_out(
    gone: Option<usize>,
    came: Option<(&Source, usize)>,
    opts: &Options,
    cache: &mut Cache,
) -> Option<Arc<Site>> {
    let last = cache.last.as_mut()?;
    let site = Arc::clone(&last.site);
    let old = match gone {
        Some(k) => {
            let was = last.briefing_at[k]?;
            let rel = last.sources[k].0.clone();
            let page = briefing_path(&site.briefings[was.index()].slug);
            // A body that links to it by its file now has a broken link, for the full
            // build to report. (What fails past here leaves the last site half
            // changed, which the full build then taken drops.)
            if super::shown_anywhere(last, &page) || !last.files.remove(&rel, &page) {
                return None;
            }
            Some((was, rel))
        }
        None => None,
    };
    let was = old.as_ref().map(|(id, _)| *id);
    let new = match came {
        Some(came) => Some(arrival(came, (gone, was), opts, cache)?),
        None => None,
    };
    let last = cache.last.as_ref()?;
    let mut names = last.topic_names.clone();
    if let Some(was) = was {
        names.remove(was.index());
    }
    if let Some(new) = &new {
        names.insert(new.kept.id.index(), &new.kept.topics);
    }
    let named = replay(&site.topics, &last.topic_index, &names)?;

    // Every other briefing's id: one down past its old place, one up from its new.
    let id = new.as_ref().map(|new| new.kept.id);
    let ids = Moves::new(was.map(|b| (b.index(), 1)), id.map(|b| (b.index(), 1)));
    let moved = |b: BriefingId| ids.to(b.index()).map(BriefingId::of);
    let run = |starts: &[u32]| was.map_or(0..0, |was| Runs::run(starts, was));
    let runs = &site.runs;
    let (q, e, c) = (run(&runs.quotes), run(&runs.events), run(&runs.claims));
    // Where its items go among those left: before those of the briefing now at `id`,
    // which was the last site's `then`.
    let at = |starts: &[u32], gone: &Range<usize>| {
        let Some(id) = id else { return 0 };
        let then = id.index() + usize::from(was.is_some_and(|was| id >= was));
        let past = was.is_some_and(|was| then > was.index());
        starts[then] as usize - if past { gone.len() } else { 0 }
    };
    let came_at = (
        at(&runs.quotes, &q),
        at(&runs.events, &e),
        at(&runs.claims, &c),
    );
    let mut briefings = site.briefings.clone();
    if let Some(was) = was {
        briefings.remove(was.index());
    }
    let mut mentions = moved_mentions(&site.mentions, |m| match m {
        Mention::Briefing(b) => moved(b).map(Mention::Briefing),
        other => Some(other),
    });
    let (mut quotes, mut events, mut claims, mut warnings) = Default::default();
    let mut kept = None;
    if let Some(new) = new {
        let id = new.kept.id;
        for &a in &new.kept.body.rendered.mentions {
            mentions[a.index()].push(Mention::Briefing(id));
            mentions[a.index()].sort();
            mentions[a.index()].dedup();
        }
        (quotes, events) = (new.quotes, new.events);
        (claims, warnings) = (new.builder.claims, new.builder.warnings);
        briefings.insert(id.index(), Arc::new(new.briefing));
        kept = Some(new.kept);
    }
    let gone_place = was.map(|id| Place {
        id,
        quotes: (q.start, q.len()),
        events: (e.start, e.len()),
    });
    let came_place = id.map(|id| Place {
        id,
        quotes: (came_at.0, quotes.len()),
        events: (came_at.1, events.len()),
    });
    let items = Items {
        quotes: respliced(&site.quotes, q, (came_at.0, quotes), moved),
        events: respliced(&site.events, e, (came_at.1, events), moved),
        claims: respliced(&site.claims, c, (came_at.2, claims), moved),
        ..items(&site, briefings, mentions, &named)
    };
    let one = OneMore {
        gone: gone_place,
        came: came_place,
        topics_kept: topics_kept(&items.briefings, &site.briefings, (was, id)),
    };
    let mut next = one_more_or_less(items, &site, one);
    if let Some((_, rel)) = &old {
        next.warnings.retain(|w| w.path != *rel);
    }
    next.warnings.append(&mut warnings);
    crate::diag::sort(&mut next.warnings);

    let last = cache.last.as_mut()?;
    for at in &mut last.briefing_at {
        *at = at.and_then(moved);
    }
    let mut file = PathBuf::new();
    if let (Some(k), Some((was, rel))) = (gone, old) {
        last.sources.remove(k);
        last.briefing_at.remove(k);
        last.link_bodies.remove(was.index());
        cache.parses.remove(&rel);
        cache.bodies.remove(&rel);
        file = rel;
    }
    if let Some(new) = kept {
        let src = new.src;
        last.sources
            .insert(new.k, (src.rel.clone(), Arc::clone(&src.text)));
        last.briefing_at.insert(new.k, Some(new.id));
        last.link_bodies
            .insert(new.id.index(), Arc::clone(&new.body));
        let title = &next.briefings[new.id.index()].title;
        last.files.insert(src, new.page, title, None);
        cache.parses.insert(src.rel.clone(), new.parse);
        cache.bodies.insert(src.rel.clone(), new.body);
        file = src.rel.clone();
    }
    last.topic_names = names;
    last.topic_index = named.index;
    finish(cache, next, reindexed_all(&file))
}

/// The slug of new briefing `p`, if it is one a full build takes: well formed, and no
/// other briefing's (but that of briefing `renamed`, which `p` replaces) or page left
/// out's (a draft, a briefing dated later).
fn new_slug(site: &Site, p: &Parsed<BriefingFm>, renamed: Option<BriefingId>) -> Option<Slug> {
    let raw = p.fm.slug.as_deref().unwrap_or(&p.src.stem);
    let slug = refs::slugify(raw);
    let written_so = p.fm.slug.as_deref().is_none_or(|s| s == slug);
    let path = briefing_path(&Slug(slug.clone()));
    let taken = (site.briefings.iter().enumerate())
        .any(|(i, b)| b.slug.as_str() == slug && renamed.is_none_or(|r| r.index() != i))
        || site.left_out.iter().any(|l| l.page == path);
    (!slug.is_empty() && written_so && refs::slug_problem(&slug).is_none() && !taken)
        .then_some(Slug(slug))
}

/// The items of `site` besides its quotes, events and claims, with `briefings` and
/// `mentions` for its own, and the topics `named` made, which every briefing is given.
fn items(
    site: &Site,
    mut briefings: Vec<Arc<Briefing>>,
    mentions: Vec<Vec<Mention>>,
    named: &Named,
) -> Items {
    super::give_topics(&mut briefings, &named.lists, None);
    Items {
        actors: site.actors.clone(),
        briefings,
        topics: named.topics.clone(),
        pages: site.pages.clone(),
        authors: site.authors.clone(),
        quotes: Vec::new(),
        events: Vec::new(),
        claims: Vec::new(),
        mentions,
    }
}

/// Whether no briefing but the one taken out of `then` or put in `now` (at its places,
/// `(gone, came)`) was given other topic ids: [`items`] copies those it gives other
/// ids, so every other is still the last site's.
fn topics_kept(
    now: &[Arc<Briefing>],
    then: &[Arc<Briefing>],
    (gone, came): (Option<BriefingId>, Option<BriefingId>),
) -> bool {
    fn others(
        list: &[Arc<Briefing>],
        skip: Option<BriefingId>,
    ) -> impl Iterator<Item = *const Briefing> + '_ {
        (list.iter().enumerate())
            .filter(move |(i, _)| skip.is_none_or(|s| s.index() != *i))
            .map(|(_, b)| Arc::as_ptr(b))
    }
    others(now, came).eq(others(then, gone))
}

/// `items` without the run `gone` of one briefing's, with `new` put in at `at` of
/// those left, and each moved to its briefing's new id, as `moved` gives it (none for
/// the briefing taken out, whose items are the run).
fn respliced<T>(
    items: &[InBriefing<T>],
    gone: Range<usize>,
    (at, new): (usize, Vec<InBriefing<T>>),
    moved: impl Fn(BriefingId) -> Option<BriefingId>,
) -> Vec<InBriefing<T>> {
    let mut out = Vec::with_capacity(items.len() - gone.len() + new.len());
    let mut left = (items[..gone.start].iter())
        .chain(&items[gone.end..])
        .filter_map(|x| Some(x.moved_to(moved(x.briefing)?)));
    out.extend(left.by_ref().take(at));
    out.extend(new);
    out.extend(left);
    out
}

/// Each actor's mentions as `moved` makes them, in order; `None` drops one.
fn moved_mentions(
    mentions: &[Vec<Mention>],
    moved: impl Fn(Mention) -> Option<Mention>,
) -> Vec<Vec<Mention>> {
    (mentions.iter())
        .map(|list| list.iter().filter_map(|&m| moved(m)).collect())
        .collect()
}

/// A briefing came or went: every listing was ordered again, and the topics made again.
fn reindexed_all(file: &std::path::Path) -> Patched {
    Patched {
        reindexed: Reindexed::All,
        ..super::came_or_went(file, true)
    }
}
