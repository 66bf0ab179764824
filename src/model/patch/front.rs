//! The front matter of an actor, a topic, an author or a free page read again after a
//! save, for `patch` to put in the last site. It applies while the file keeps its slug
//! and the names it answers to (its name and aliases; an actor may take more, as long
//! as it keeps those it had and no other actor has them): refs from other files then
//! resolve as they did, and every listing stays as it was. What else the front matter
//! says (an actor's kind, role, affiliations and image, an author's links, a page's
//! title and summary, anything under `extra`) is shown by pages only. A draft, a name
//! given up or any problem takes the full build, which reports it.

use super::Last;
use crate::content::{ActorFm, AliasFm, AuthorFm, PageFm, TopicFm};
use crate::diag::Diagnostic;
use crate::discover::Source;
use crate::model::cache::Parse;
use crate::model::parse::Parsed;
use crate::model::{Actor, ActorId, Alias, Author, Options, Page, Slug, Topic, valid_lang};
use crate::refs;

/// Actor `i` as `src` (read as `parse`) now describes them, with the warnings of its
/// front matter.
pub(super) fn actor(
    last: &Last,
    (src, parse): (&Source, &Parse),
    i: usize,
    opts: &Options,
) -> Option<(Actor, Vec<Diagnostic>)> {
    let p = Parsed::<ActorFm>::of(src, parse)?;
    let old = &last.site.actors[i];
    if p.fm.draft || !same_slug(&p, p.fm.slug.as_deref(), &old.slug) {
        return None;
    }
    // Affiliations resolve against every actor, as the full build's do.
    let mut b = super::builder(opts, Some(last));
    let mut actor = b.actor(&p, old.slug.clone());
    actor.body_html = old.body_html.clone();
    b.diags.is_empty().then_some((actor, b.warnings))
}

/// The names every actor answers to, as the full build indexes them, if actor `i` of
/// `actors` (its new front matter read) answers to other names than in the last site:
/// `None` inside if it answers to the same ones. The outer `None` if it no longer
/// answers to one it did, which a ref may use, or a name is now two actors'.
pub(super) fn actor_names(
    last: &Last,
    actors: &[Actor],
    i: usize,
) -> Option<Option<refs::Index<ActorId>>> {
    let (new, old) = (&actors[i], &last.site.actors[i]);
    if same_names((&new.name, &new.aliases), (&old.name, &old.aliases)) {
        return Some(None);
    }
    let index = super::actor_index(actors.iter().map(super::names_of))?;
    let this = ActorId::of(i);
    let kept = std::iter::once(&old.name)
        .chain(old.aliases.iter().map(|a| &a.name))
        .all(|name| index.resolve(name).is_ok_and(|id| id == this));
    kept.then_some(Some(index))
}

/// Topic `i` (one with a file) as `src` now describes it.
pub(super) fn topic(last: &Last, (src, parse): (&Source, &Parse), i: usize) -> Option<Topic> {
    let p = Parsed::<TopicFm>::of(src, parse)?;
    let old = &last.site.topics[i];
    if !same_slug(&p, p.fm.slug.as_deref(), &old.slug)
        || !same_names((&p.fm.name, &p.fm.aliases), (&old.name, &old.aliases))
        || (p.fm.aliases.iter()).any(|a| a.lang.as_deref().is_some_and(|l| !valid_lang(l)))
    {
        return None;
    }
    Some(Topic {
        extra: p.fm.extra.clone(),
        aliases: p
            .fm
            .aliases
            .iter()
            .map(crate::model::actor::alias)
            .collect(),
        ..old.clone()
    })
}

/// Author `i` as `src` now describes them, with the warnings of its front matter.
pub(super) fn author(
    last: &Last,
    (src, parse): (&Source, &Parse),
    i: usize,
    opts: &Options,
) -> Option<(Author, Vec<Diagnostic>)> {
    let p = Parsed::<AuthorFm>::of(src, parse)?;
    let old = &last.site.authors[i];
    if !same_slug(&p, p.fm.slug.as_deref(), &old.slug) || p.fm.name != old.name {
        return None;
    }
    let mut b = super::builder(opts, None);
    let mut author = b.author(&p, old.slug.clone());
    author.body_html = old.body_html.clone();
    b.diags.is_empty().then_some((author, b.warnings))
}

/// Free page `i` as `src` now describes it, its body still the last one's.
pub(super) fn page(last: &Last, (src, parse): (&Source, &Parse), i: usize) -> Option<Page> {
    let p = Parsed::<PageFm>::of(src, parse)?;
    let old = &last.site.pages[i];
    if p.fm.draft || !same_slug(&p, p.fm.slug.as_deref(), &old.slug) {
        return None;
    }
    Some(Page {
        title: p.fm.title.clone(),
        summary: p.fm.summary.clone(),
        toc: p.fm.toc,
        extra: p.fm.extra.clone(),
        ..old.clone()
    })
}

/// Whether file `p`, with `slug:` as `explicit`, still takes slug `old`, as
/// [`Builder::slugs`](crate::model::resolve::Builder::slugs) gives it.
fn same_slug<T>(p: &Parsed<T>, explicit: Option<&str>, old: &Slug) -> bool {
    let raw = explicit.unwrap_or(&p.src.stem);
    refs::slugify(raw) == old.as_str() && explicit.is_none_or(|s| s == raw)
}

/// Whether a name and aliases as written are those the model keeps: the names refs
/// resolve by.
fn same_names<A: Named, B: Named>((name, aliases): (&str, &[A]), (was, had): (&str, &[B])) -> bool {
    name == was
        && aliases
            .iter()
            .map(Named::name)
            .eq(had.iter().map(Named::name))
}

/// An alias as written or as kept.
trait Named {
    fn name(&self) -> &str;
}

impl Named for AliasFm {
    fn name(&self) -> &str {
        &self.name
    }
}

impl Named for Alias {
    fn name(&self) -> &str {
        &self.name
    }
}
