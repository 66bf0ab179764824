//! An actor file added to or deleted from the last site instead of building all of it
//! again. Actors are numbered in file order, so every actor after it moves along one:
//! the speakers of quotes, the actors of briefings, events, claims and affiliations, and
//! the per-actor listings, where a new actor's are empty but for the actors its body
//! mentions. Refs resolve as they did: every name a new actor answers to is new (a
//! name another actor has, or any problem, takes the full build, which reports it),
//! and an actor is taken out only while nothing names it. Every body stays as
//! rendered: bodies compare whom they mention by page, not by id.

use std::sync::Arc;

use rayon::prelude::*;

use super::body_like_among;
use crate::content::ActorFm;
use crate::discover::{Section, Source};
use crate::model::bodies::ACTOR_IDS;
use crate::model::cache::Cache;
use crate::model::index::members;
use crate::model::{ActorId, Mention, Options, SECTION_ROOT, Site, Slug, actor_path};
use crate::refs;

/// The site with new actor file `src`, source `k` now, put in its place.
pub(super) fn added(
    src: &Source,
    k: usize,
    opts: &Options,
    cache: &mut Cache,
) -> Option<Arc<Site>> {
    let last = cache.last.as_ref()?;
    let (parse, p) = super::read_new::<ActorFm>(last, src)?;
    let site = &last.site;
    let slug = super::new_slug(&p, p.fm.slug.as_deref())?;
    if p.fm.draft || site.actors.iter().any(|a| a.slug == slug) {
        return None;
    }
    // Its id is that of the first published actor file after it.
    let j = super::place_among(last, k, site.actors.iter().map(|a| a.path.as_path()));
    let up = |a: ActorId| match a.index() >= j {
        true => ActorId::of(a.index() + 1),
        false => a,
    };

    // Every name it answers to is new: the names every actor answers to, indexed as a
    // full build does, have no clash.
    let mut actors = site.actors.clone();
    for a in &mut actors {
        for aff in &mut a.affiliations {
            aff.actor = up(aff.actor);
        }
    }
    let mut b = super::builder(opts, None);
    b.actor_index = index_with(&actors, Some((j, &slug, &p.fm)))?;
    let mut actor = b.actor(&p, slug.clone());
    if !b.diags.is_empty() {
        return None;
    }
    let index = std::mem::take(&mut b.actor_index);
    let page = actor_path(&slug);
    let title = actor.name.clone();
    actors.insert(j, actor.clone());
    let slugs: Vec<Slug> = actors.iter().map(|a| a.slug.clone()).collect();
    let context = Cache::context(&index, &slugs, opts.strip_html);
    let mut next = moved_along(site, j, up);

    // Its body may link to actors' files: they are known by their new ids, and it by
    // its own. (Should what follows fail, the full build taken drops all this.)
    let last = cache.last.as_mut()?;
    last.files.actors_moved(up);
    last.files
        .insert(src, page.clone(), &title, Some(ActorId::of(j)));
    let job = p.body_job(Some(page));
    let body = body_like_among(
        cache,
        opts,
        job,
        (SECTION_ROOT, ACTOR_IDS),
        None,
        (&index, &actors, context),
    )?;
    actor.body_html = body.html.clone();
    actors[j] = actor;
    next.members = members(&actors).into();
    next.actors = actors;
    for &a in &body.rendered.mentions {
        if a.index() != j {
            let list = &mut next.mentions[a.index()];
            list.push(Mention::Actor(ActorId::of(j)));
            list.sort();
            list.dedup();
        }
    }
    next.warnings.append(&mut b.warnings);
    crate::diag::sort(&mut next.warnings);

    let last = cache.last.as_mut()?;
    last.actor_index = index;
    last.context = context;
    let at = super::kept_at(last, Section::Actor, j)?;
    let patched = super::came_or_went(&src.rel, false);
    super::keep_new(cache, next, (k, src, parse), (at, body), patched)
}

/// The names every actor of `actors` answers to, with a new one (at `j`, slug and front
/// matter) if given: see [`super::actor_index`].
fn index_with(
    actors: &[crate::model::Actor],
    new: Option<(usize, &Slug, &ActorFm)>,
) -> Option<refs::Index<ActorId>> {
    let mut all: Vec<Vec<&str>> = actors.iter().map(super::names_of).collect();
    if let Some((j, slug, fm)) = new {
        let aliases = fm.aliases.iter().map(|a| a.name.as_str());
        let names = [slug.as_str(), fm.name.as_str()].into_iter().chain(aliases);
        all.insert(j, names.collect());
    }
    super::actor_index(all.into_iter())
}

/// `site` with every actor from `j` on moved along one, and an empty place for the new
/// actor's listings at `j`.
fn moved_along(site: &Site, j: usize, up: impl Fn(ActorId) -> ActorId + Sync) -> Site {
    let mut next = Site::clone(site);
    move_ids(&mut next, j, up);
    Arc::make_mut(&mut next.actor_quotes).insert(j, Vec::new());
    Arc::make_mut(&mut next.actor_events).insert(j, Vec::new());
    Arc::make_mut(&mut next.actor_briefings).insert(j, Vec::new());
    Arc::make_mut(&mut next.co_actors).insert(j, Vec::new());
    next.mentions.insert(j, Vec::new());
    Arc::make_mut(&mut next.actor_claims).insert(j, Vec::new());
    next
}

/// Gives every actor id of `site`'s items and listings from `from` on the id `to`
/// moves it to; affiliations are the caller's. Items are copied only where they
/// change, on both cores: an actor added first has most of them copied (some 10 ms at
/// 10,000 briefings).
fn move_ids(site: &mut Site, from: usize, to: impl Fn(ActorId) -> ActorId + Sync) {
    let moves = |a: &ActorId| a.index() >= from;
    let to = &to;
    let ((), ((), ())) = rayon::join(
        || {
            site.briefings.par_iter_mut().for_each(|b| {
                if b.actors.iter().any(moves) {
                    let b = Arc::make_mut(b);
                    b.actors.iter_mut().for_each(|a| *a = to(*a));
                }
            });
        },
        || {
            rayon::join(
                || {
                    site.quotes.par_iter_mut().for_each(|q| {
                        if moves(&q.by) {
                            q.item_mut().by = to(q.by);
                        }
                    });
                },
                || {
                    for e in &mut site.events {
                        if e.actors.iter().any(moves) {
                            e.item_mut().actors.iter_mut().for_each(|a| *a = to(*a));
                        }
                    }
                    for c in &mut site.claims {
                        if c.by.iter().chain(&c.denied_by).any(moves) {
                            let c = c.item_mut();
                            c.by.iter_mut().for_each(|a| *a = to(*a));
                            c.denied_by.iter_mut().for_each(|a| *a = to(*a));
                        }
                    }
                },
            )
        },
    );
    for list in Arc::make_mut(&mut site.co_actors) {
        list.iter_mut().for_each(|(a, _)| *a = to(*a));
    }
    for list in &mut site.mentions {
        for m in list.iter_mut() {
            if let Mention::Actor(a) = m {
                *a = to(*a);
            }
        }
    }
}

/// The site without actor file `k` of the last build, if nothing names the actor: no
/// briefing, quote, event, claim or affiliation, and no body, by a ref or a link to its
/// file. A briefing left out for its date may, and is checked only by a full build.
pub(super) fn removed(k: usize, cache: &mut Cache) -> Option<Arc<Site>> {
    let last = cache.last.as_ref()?;
    let site = &last.site;
    let rel = last.sources[k].0.clone();
    let j = site.actors.iter().position(|a| a.path == rel)?;
    let page = actor_path(&site.actors[j].slug);
    let named = !site.actor_quotes[j].is_empty()
        || !site.actor_events[j].is_empty()
        || !site.actor_briefings[j].is_empty()
        || !site.actor_claims[j].is_empty()
        || !site.members[j].is_empty()
        || (last.link_bodies.iter())
            .any(|b| b.rendered.actor_refs.iter().any(|(_, _, to)| *to == page))
        || super::shown_anywhere(last, &page);
    if named || site.future_left_out > 0 {
        return None;
    }
    let down = |a: ActorId| match a.index() > j {
        true => ActorId::of(a.index() - 1),
        false => a,
    };
    let mut next = Site::clone(site);
    next.actors.remove(j);
    for a in &mut next.actors {
        for aff in &mut a.affiliations {
            aff.actor = down(aff.actor);
        }
    }
    Arc::make_mut(&mut next.actor_quotes).remove(j);
    Arc::make_mut(&mut next.actor_events).remove(j);
    Arc::make_mut(&mut next.actor_briefings).remove(j);
    Arc::make_mut(&mut next.co_actors).remove(j);
    next.mentions.remove(j);
    Arc::make_mut(&mut next.actor_claims).remove(j);
    // What its body mentioned no longer counts it.
    for list in &mut next.mentions {
        list.retain(|m| *m != Mention::Actor(ActorId::of(j)));
    }
    move_ids(&mut next, j + 1, down);
    next.members = members(&next.actors).into();
    next.warnings.retain(|w| w.path != rel);
    let slugs: Vec<Slug> = next.actors.iter().map(|a| a.slug.clone()).collect();
    let index = index_with(&next.actors, None)?;
    let context = Cache::context(&index, &slugs, last.strip_html);

    let last = cache.last.as_mut()?;
    if !last.files.remove(&rel, &page) {
        return None;
    }
    last.files.actors_moved(down);
    last.actor_index = index;
    last.context = context;
    let at = super::kept_at(last, Section::Actor, j)?;
    super::forget(cache, next, k, at, super::came_or_went(&rel, false))
}
