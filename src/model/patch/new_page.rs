//! A free page's file added to or deleted from the last site instead of building all of
//! it again. Pages are numbered in file order, so the mentions of every page after it
//! move along one; nothing else names a page by number. A new page must take a slug no
//! other page has and the site does not keep for itself, and its body must be free of
//! problems; a page is taken out only while no body links to its file and the menu does
//! not name it. Anything else takes the full build, which reports it.

use std::sync::Arc;

use super::{PAGE, body_like};
use crate::content::PageFm;
use crate::discover::{Section, Source};
use crate::model::cache::Cache;
use crate::model::parse::Parsed;
use crate::model::{Mention, Options, Page, RESERVED, Site, Slug, page_path};

/// The site with new page file `src`, source `k` now, put in its place.
pub(super) fn added(
    src: &Source,
    k: usize,
    opts: &Options,
    cache: &mut Cache,
) -> Option<Arc<Site>> {
    let last = cache.last.as_ref()?;
    let (parse, p) = super::read_new::<PageFm>(last, src)?;
    if p.fm.draft {
        return None;
    }
    let site = &last.site;
    let slug = new_slug(site, &p)?;
    let path = page_path(&slug);
    // Its number is that of the first published page file after it.
    let j = super::place_among(last, k, site.pages.iter().map(|p| p.path.as_path()));
    let body = body_like(cache, opts, p.body_job(Some(path.clone())), PAGE, None)?;
    let page = Page {
        slug,
        title: p.fm.title.clone(),
        summary: p.fm.summary.clone(),
        body_html: body.html.clone(),
        headings: Arc::clone(&body.rendered.headings),
        toc: p.fm.toc,
        path: src.rel.clone(),
        extra: p.fm.extra.clone(),
        text_lang: None,
    };
    let mut next = Site::clone(site);
    next.pages.insert(j, page);
    moved(&mut next.mentions, |i| match i >= j {
        true => Some(i + 1),
        false => Some(i),
    });
    for &a in &body.rendered.mentions {
        let list = &mut next.mentions[a.index()];
        list.push(Mention::Page(j));
        list.sort();
        list.dedup();
    }

    let at = super::kept_at(last, Section::Page, j)?;
    let last = cache.last.as_mut()?;
    last.files.insert(src, path, &p.fm.title, None);
    let patched = super::came_or_went(&src.rel, false);
    super::keep_new(cache, next, (k, src, parse), (at, body), patched)
}

/// The site without page file `k` of the last build's sources, if no body links to its
/// file and the menu does not name it.
pub(super) fn removed(k: usize, cache: &mut Cache) -> Option<Arc<Site>> {
    let last = cache.last.as_ref()?;
    let site = &last.site;
    let rel = last.sources[k].0.clone();
    let j = site.pages.iter().position(|p| p.path == rel)?;
    let path = page_path(&site.pages[j].slug);
    let others: Vec<&str> = (site.pages.iter().enumerate())
        .filter(|&(i, _)| i != j)
        .map(|(_, p)| p.slug.as_str())
        .collect();
    let menu = site.config.menu.as_deref().unwrap_or_default();
    if super::shown_anywhere(last, &path) || !crate::config::unknown_pages(menu, &others).is_empty()
    {
        return None;
    }
    let mut next = Site::clone(site);
    next.pages.remove(j);
    moved(&mut next.mentions, |i| match i.cmp(&j) {
        std::cmp::Ordering::Less => Some(i),
        std::cmp::Ordering::Equal => None,
        std::cmp::Ordering::Greater => Some(i - 1),
    });
    next.warnings.retain(|w| w.path != rel);

    let at = super::kept_at(last, Section::Page, j)?;
    let last = cache.last.as_mut()?;
    if !last.files.remove(&rel, &path) {
        return None;
    }
    super::forget(cache, next, k, at, super::came_or_went(&rel, false))
}

/// The slug of new page `p`, if a full build gives it that without complaint: well
/// formed, not the site's own, and no other page's, published or left out.
fn new_slug(site: &Site, p: &Parsed<PageFm>) -> Option<Slug> {
    let slug = super::new_slug(p, p.fm.slug.as_deref())?;
    let path = page_path(&slug);
    let taken = site.pages.iter().any(|p| p.slug == slug)
        || site.left_out.iter().any(|l| l.page == path)
        || RESERVED.contains(&slug.as_str());
    (!taken).then_some(slug)
}

/// Gives every page mention the number `to` moves it to; `None` drops it.
fn moved(mentions: &mut [Vec<Mention>], to: impl Fn(usize) -> Option<usize>) {
    for list in mentions {
        list.retain_mut(|m| match m {
            Mention::Page(i) => to(*i).map(|n| *i = n).is_some(),
            _ => true,
        });
    }
}
