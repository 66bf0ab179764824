//! The rebuild after a briefing file is added, deleted or renamed, done by putting the
//! briefing in its place in the last good site, taking it out, or both in one step,
//! instead of building all of it again. Briefing ids follow file order, so the quotes, events and claims of every
//! later briefing are made again with their briefing's new id, and every listing is
//! ordered again, as the last step of a full build does; the topics are made again from
//! every briefing's names. It applies to a published briefing whose slug and file names
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
use crate::model::cache::{Cache, Last};
use crate::model::index::{Items, OneMore, Place, one_more_or_less};
use crate::model::parse::{Parsed, parse_any};
use crate::model::topics::{Named, replay};
use crate::model::{Briefing, BriefingId, InBriefing, Mention, Options, Site, Slug, briefing_path};
use crate::refs;

/// The site after one source was added, deleted or renamed, if it can be patched.
pub(super) fn patch(sources: &[Source], opts: &Options, cache: &mut Cache) -> Option<Arc<Site>> {
    let last = cache.last.as_ref()?;
    match delta(last, sources)? {
        Delta::Added(k) => add(&sources[k], k, opts, cache),
        Delta::Deleted(k) => remove(k, cache),
        Delta::Renamed { gone, came } => match (published(last, gone), sources[came].section) {
            (Some(Section::Briefing), Section::Briefing) => {
                arrived(Some(gone), &sources[came], came, opts, cache)
            }
            // Taken out, then put in under its new name: each step is a site a full
            // build makes of its sources.
            (Some(was), now) if was == now => {
                remove(gone, cache)?;
                add(&sources[came], came, opts, cache)
            }
            _ => None,
        },
    }
}

/// The site with new file `src`, source `k` now, put in its place.
fn add(src: &Source, k: usize, opts: &Options, cache: &mut Cache) -> Option<Arc<Site>> {
    match src.section {
        Section::Briefing => arrived(None, src, k, opts, cache),
        Section::Actor => super::new_actor::added(src, k, opts, cache),
        Section::Page => super::new_page::added(src, k, opts, cache),
        Section::Topic => super::new_topic::added(src, k, opts, cache),
        Section::Author => super::new_author::added(src, k, opts, cache),
    }
}

/// The site without file `k` of the last build's sources.
fn remove(k: usize, cache: &mut Cache) -> Option<Arc<Site>> {
    match published(cache.last.as_ref()?, k)? {
        Section::Briefing => deleted(k, cache),
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

/// The site with briefing file `src`, source `came` now, put in its place: a new file,
/// or briefing file `gone` of the last build's sources renamed, which is taken out of
/// its old place in the same step (the listings ordered again once, not twice).
fn arrived(
    gone: Option<usize>,
    src: &Source,
    came: usize,
    opts: &Options,
    cache: &mut Cache,
) -> Option<Arc<Site>> {
    let last = cache.last.as_mut()?;
    let site = Arc::clone(&last.site);
    let old = match gone {
        Some(k) => {
            let old = last.briefing_at[k]?;
            let rel = last.sources[k].0.clone();
            let page = briefing_path(&site.briefings[old.index()].slug);
            // As in `deleted`: what fails past here leaves the last site half changed,
            // which the full build then taken drops.
            if super::shown_anywhere(last, &page) || !last.files.remove(&rel, &page) {
                return None;
            }
            Some((old, rel))
        }
        None => None,
    };
    let last = cache.last.as_ref()?;
    let parse = Arc::new(parse_any(src));
    let p = Parsed::<BriefingFm>::of(src, &parse)?;
    let future = opts
        .publish_until
        .is_some_and(|until| crate::model::build::is_future(&p.fm, until));
    if !parse.diagnostics.is_empty() || p.fm.draft || future || last.files.knows(src) {
        return None;
    }
    let was = old.as_ref().map(|(id, _)| *id);
    let slug = new_slug(&site, &p, was)?;
    // Ids follow file order (the file's old place left out): it takes that of the
    // first briefing after it.
    let before = (last.briefing_at.iter().enumerate())
        .filter(|&(k, _)| Some(k) != gone)
        .take(came);
    let id = BriefingId::of(before.filter(|(_, b)| b.is_some()).count());
    let (mut new, quotes, events, mut b) = super::convert(last, opts, &p, (id, was), slug)?;
    let page = briefing_path(&new.slug);
    let body = body_like(
        cache,
        opts,
        p.body_job(Some(page.clone())),
        super::BRIEFING,
        None,
    )?;
    with_body(&mut new, &body);
    let mut names = last.topic_names.clone();
    if let Some(was) = was {
        names.remove(was.index());
    }
    names.insert(id.index(), &p.fm.topics);
    let named = replay(&site.topics, &last.topic_index, &names)?;

    // Every other briefing's id: one down past its old place, one up from its new.
    let moved = |b: BriefingId| {
        let b = b.index() - usize::from(was.is_some_and(|was| b > was));
        BriefingId::of(b + usize::from(b >= id.index()))
    };
    let run = |starts: &[u32]| match was {
        Some(was) => starts[was.index()] as usize..starts[was.index() + 1] as usize,
        None => 0..0,
    };
    let (q, e, c) = (
        run(&site.runs.quotes),
        run(&site.runs.events),
        run(&site.runs.claims),
    );
    // Where its items go among those left: before those of the briefing now at `id`,
    // which was the last site's `then`.
    let then = id.index() + usize::from(was.is_some_and(|was| id >= was));
    let at = |starts: &[u32], gone: &Range<usize>| {
        let past = was.is_some_and(|was| then > was.index());
        starts[then] as usize - if past { gone.len() } else { 0 }
    };
    let came_at = (at(&site.runs.quotes, &q), at(&site.runs.events, &e));
    let one = OneMore {
        gone: was.map(|id| Place {
            id,
            quotes: (q.start, q.len()),
            events: (e.start, e.len()),
        }),
        came: Some(Place {
            id,
            quotes: (came_at.0, quotes.len()),
            events: (came_at.1, events.len()),
        }),
        topics_kept: false,
    };
    let mut briefings = site.briefings.clone();
    let title = new.title.clone();
    if let Some(was) = was {
        briefings.remove(was.index());
    }
    briefings.insert(id.index(), Arc::new(new));
    let mut mentions = moved_mentions(&site.mentions, |m| match m {
        Mention::Briefing(b) if Some(b) == was => None,
        Mention::Briefing(b) => Some(Mention::Briefing(moved(b))),
        other => Some(other),
    });
    for &a in &body.rendered.mentions {
        mentions[a.index()].push(Mention::Briefing(id));
        mentions[a.index()].sort();
        mentions[a.index()].dedup();
    }
    let claims_at = at(&site.runs.claims, &c);
    let items = Items {
        quotes: respliced(&site.quotes, q, (came_at.0, quotes), moved),
        events: respliced(&site.events, e, (came_at.1, events), moved),
        claims: respliced(&site.claims, c, (claims_at, b.claims), moved),
        ..items(&site, briefings, mentions, &named)
    };
    let one = OneMore {
        topics_kept: topics_kept(&items.briefings, &site.briefings, (was, Some(id))),
        ..one
    };
    let mut next = one_more_or_less(items, &site, one);
    if let Some((_, rel)) = &old {
        next.warnings.retain(|w| w.path != *rel);
    }
    next.warnings.append(&mut b.warnings);
    crate::diag::sort(&mut next.warnings);

    let last = cache.last.as_mut()?;
    if let (Some(k), Some((was, rel))) = (gone, &old) {
        last.sources.remove(k);
        last.briefing_at.remove(k);
        last.link_bodies.remove(was.index());
        cache.parses.remove(rel);
        cache.bodies.remove(rel);
    }
    for at in last.briefing_at.iter_mut().flatten() {
        *at = moved(*at);
    }
    last.sources
        .insert(came, (src.rel.clone(), Arc::clone(&src.text)));
    last.briefing_at.insert(came, Some(id));
    last.link_bodies.insert(id.index(), Arc::clone(&body));
    last.files.insert(src, page, &title, None);
    last.topic_names = names;
    last.topic_index = named.index;
    cache.parses.insert(src.rel.clone(), parse);
    cache.bodies.insert(src.rel.clone(), body);
    finish(cache, next, reindexed_all(&src.rel))
}

/// The site without briefing file `k` of the last build's sources.
fn deleted(k: usize, cache: &mut Cache) -> Option<Arc<Site>> {
    let last = cache.last.as_mut()?;
    let id = last.briefing_at[k]?;
    let rel = last.sources[k].0.clone();
    let site = Arc::clone(&last.site);
    let page = briefing_path(&site.briefings[id.index()].slug);
    // A body that links to it by its file now has a broken link, for the full build
    // to report. (What fails past here leaves the last site half changed, which the
    // full build then taken drops.)
    if super::shown_anywhere(last, &page) || !last.files.remove(&rel, &page) {
        return None;
    }
    let mut names = last.topic_names.clone();
    names.remove(id.index());
    let named = replay(&site.topics, &last.topic_index, &names)?;

    let down = |b: BriefingId| match b > id {
        true => BriefingId::of(b.index() - 1),
        false => b,
    };
    let run = |starts: &[u32]| starts[id.index()] as usize..starts[id.index() + 1] as usize;
    let (q, e, c) = (
        run(&site.runs.quotes),
        run(&site.runs.events),
        run(&site.runs.claims),
    );
    let gone = Place {
        id,
        quotes: (q.start, q.len()),
        events: (e.start, e.len()),
    };
    let mut briefings = site.briefings.clone();
    briefings.remove(id.index());
    let mentions = moved_mentions(&site.mentions, |m| match m {
        Mention::Briefing(b) if b == id => None,
        Mention::Briefing(b) => Some(Mention::Briefing(down(b))),
        other => Some(other),
    });
    let items = Items {
        quotes: respliced(&site.quotes, q, (0, vec![]), down),
        events: respliced(&site.events, e, (0, vec![]), down),
        claims: respliced(&site.claims, c, (0, vec![]), down),
        ..items(&site, briefings, mentions, &named)
    };
    let one = OneMore {
        gone: Some(gone),
        came: None,
        topics_kept: topics_kept(&items.briefings, &site.briefings, (Some(id), None)),
    };
    let mut next = one_more_or_less(items, &site, one);
    next.warnings.retain(|w| w.path != rel);

    last.sources.remove(k);
    last.briefing_at.remove(k);
    for at in last.briefing_at.iter_mut().flatten() {
        *at = down(*at);
    }
    last.link_bodies.remove(id.index());
    last.topic_names = names;
    last.topic_index = named.index;
    cache.parses.remove(&rel);
    cache.bodies.remove(&rel);
    finish(cache, next, reindexed_all(&rel))
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
/// those left, and each moved to its briefing's new id, as `moved` gives it.
fn respliced<T>(
    items: &[InBriefing<T>],
    gone: Range<usize>,
    (at, new): (usize, Vec<InBriefing<T>>),
    moved: impl Fn(BriefingId) -> BriefingId,
) -> Vec<InBriefing<T>> {
    let mut out = Vec::with_capacity(items.len() - gone.len() + new.len());
    let mut left = (items[..gone.start].iter())
        .chain(&items[gone.end..])
        .map(|x| x.moved_to(moved(x.briefing)));
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
