//! An author's file added to or deleted from the last site instead of building all of
//! it again. Authors are numbered in file order, so every author after it moves along
//! one: the bylines of briefings and the per-author listings. A new author's listing is
//! empty, since a byline naming an author the site lacked was an error; its slug and
//! name must be new. An author is taken out only while no byline names them and no
//! briefing is left out for its date, whose byline only the full build checks.
//! Anything else takes the full build, which reports it.

use std::sync::Arc;

use rayon::prelude::*;

use super::body_like;
use crate::content::AuthorFm;
use crate::discover::{Section, Source};
use crate::model::bodies::AUTHOR_IDS;
use crate::model::cache::Cache;
use crate::model::{AuthorId, Byline, Options, SECTION_ROOT, Site, author_path};
use crate::refs;

/// The site with new author file `src`, source `k` now, put in its place.
pub(super) fn added(
    src: &Source,
    k: usize,
    opts: &Options,
    cache: &mut Cache,
) -> Option<Arc<Site>> {
    let last = cache.last.as_ref()?;
    let (parse, p) = super::read_new::<AuthorFm>(last, src)?;
    let site = &last.site;
    let slug = super::new_slug(&p, p.fm.slug.as_deref())?;
    // Its id is that of the first author file after it.
    let j = super::place_among(last, k, site.authors.iter().map(|a| a.path.as_path()));
    let mut authors = site.authors.clone();
    let mut b = super::builder(opts, None);
    let mut author = b.author(&p, slug.clone());
    if !b.diags.is_empty() {
        return None;
    }
    let page = author_path(&slug);
    let body = body_like(
        cache,
        opts,
        p.body_job(Some(page)),
        (SECTION_ROOT, AUTHOR_IDS),
        None,
    )?;
    author.body_html = body.html.clone();
    authors.insert(j, author);
    // Every name it answers to is new.
    let index = author_index(&authors)?;
    let up = |a: AuthorId| match a.index() >= j {
        true => AuthorId::of(a.index() + 1),
        false => a,
    };
    let mut next = Site::clone(site);
    move_bylines(&mut next, j, up);
    Arc::make_mut(&mut next.author_briefings).insert(j, Vec::new());
    next.authors = authors;
    next.warnings.append(&mut b.warnings);
    crate::diag::sort(&mut next.warnings);

    let at = super::kept_at(last, Section::Author, j)?;
    cache.last.as_mut()?.author_index = index;
    let patched = super::came_or_went(&src.rel, false);
    super::keep_new(cache, next, (k, src, parse), (at, body), patched)
}

/// The site without author file `k` of the last build's sources, if no byline names
/// them.
pub(super) fn removed(k: usize, cache: &mut Cache) -> Option<Arc<Site>> {
    let last = cache.last.as_ref()?;
    let site = &last.site;
    let rel = last.sources[k].0.clone();
    let j = site.authors.iter().position(|a| a.path == rel)?;
    let page = author_path(&site.authors[j].slug);
    let named = !site.author_briefings[j].is_empty() || super::shown_anywhere(last, &page);
    if named || site.future_left_out > 0 {
        return None;
    }
    let mut next = Site::clone(site);
    next.authors.remove(j);
    Arc::make_mut(&mut next.author_briefings).remove(j);
    let down = |a: AuthorId| match a.index() > j {
        true => AuthorId::of(a.index() - 1),
        false => a,
    };
    move_bylines(&mut next, j + 1, down);
    next.warnings.retain(|w| w.path != rel);
    let index = author_index(&next.authors)?;

    let at = super::kept_at(last, Section::Author, j)?;
    cache.last.as_mut()?.author_index = index;
    super::forget(cache, next, k, at, super::came_or_went(&rel, false))
}

/// The names bylines find `authors` by, as the full build indexes them: `None` if one
/// is two authors', which it reports.
pub(super) fn author_index(authors: &[crate::model::Author]) -> Option<refs::Index<AuthorId>> {
    let mut index = refs::Index::default();
    for (i, a) in authors.iter().enumerate() {
        index.insert(a.slug.as_str(), AuthorId::of(i));
        index.insert(&a.name, AuthorId::of(i));
    }
    let clash = index.clashes().next().is_some();
    (!clash).then_some(index)
}

/// Gives every byline of `site`'s briefings naming an author from `from` on the id `to`
/// moves it to; a briefing is copied only if one does, on both cores.
fn move_bylines(site: &mut Site, from: usize, to: impl Fn(AuthorId) -> AuthorId + Sync) {
    let moves = |by: &Byline| matches!(by, Byline::Author(a) if a.index() >= from);
    site.briefings.par_iter_mut().for_each(|b| {
        if b.authors.iter().any(moves) {
            for by in &mut Arc::make_mut(b).authors {
                if let Byline::Author(a) = by {
                    *a = to(*a);
                }
            }
        }
    });
}
