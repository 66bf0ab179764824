//! The front matter of an actor, a topic, an author or a free page read again after a
//! save, for `patch` to put in the last site. It applies while the file keeps its slug:
//! refs from other files then lead where they did. What else the front matter says (an
//! actor's kind, role, affiliations and image, an author's links, a page's title and
//! summary, anything under `extra`) is shown by pages only. Names may change too, as
//! long as every ref still resolves as it did: an actor or author may give up a name
//! no ref uses, and take new ones no other has; a topic's names decide which topics
//! briefings name, so the topics are made again from them. A draft, a name a ref uses
//! given up, or any problem takes the full build, which reports it.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::Last;
use crate::content::{ActorFm, AliasFm, AuthorFm, AuthorRefFm, PageFm, TopicFm};
use crate::diag::Diagnostic;
use crate::discover::{Section, Source};
use crate::model::cache::{Front, Parse};
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
/// `None` inside if it answers to the same ones. The outer `None` if a name is now two
/// actors', or it gave up one that a ref of the last site (`parses` its files' front
/// matter) uses.
pub(super) fn actor_names(
    last: &Last,
    parses: &Parses,
    actors: &[Actor],
    i: usize,
) -> Option<Option<refs::Index<ActorId>>> {
    let (new, old) = (&actors[i], &last.site.actors[i]);
    if same_names((&new.name, &new.aliases), (&old.name, &old.aliases)) {
        return Some(None);
    }
    let index = super::actor_index(actors.iter().map(super::names_of))?;
    let this = ActorId::of(i);
    let lost: HashSet<String> = std::iter::once(&old.name)
        .chain(old.aliases.iter().map(|a| &a.name))
        .filter(|name| index.resolve(name).ok() != Some(this))
        .map(|name| refs::fold(name))
        .collect();
    (lost.is_empty() || !actor_refs_use(last, parses, i, &lost)).then_some(Some(index))
}

/// Each file's front matter as the last build read it.
pub(super) type Parses = HashMap<PathBuf, Arc<Parse>>;

/// Whether a ref of the last site to actor `i`, in front matter or in a body, is one of
/// the names `lost` (folded). Only the files that name the actor are read: the
/// briefings that list, quote or mention them and the actors affiliated with them. A
/// briefing left out for its date is checked by the full build alone.
fn actor_refs_use(last: &Last, parses: &Parses, i: usize, lost: &HashSet<String>) -> bool {
    let site = &last.site;
    // The most named actor of a large site is named thousands of times: an ASCII ref
    // folds to a name only if it has as many letters and digits, which is cheaper to
    // count than to fold it.
    let sizes: HashSet<usize> = (lost.iter())
        .map(|k| k.chars().filter(|c| *c != ' ').count())
        .collect();
    let uses = |r: &String| {
        let may =
            !r.is_ascii() || sizes.contains(&r.bytes().filter(u8::is_ascii_alphanumeric).count());
        may && lost.contains(&refs::fold(r))
    };
    // Bodies are compared by the page a ref leads to: a kept body's ids may be older
    // than the last actor added.
    let page = crate::model::actor_path(&site.actors[i].slug);
    let uses_in = |at: usize| match last.link_bodies.get(at) {
        Some(b) => (b.rendered.actor_refs.iter()).any(|(r, _, to)| *to == page && uses(r)),
        None => true,
    };
    // The bodies that mention the actor, its own, and the topics' and authors', which
    // count no mentions.
    let kept = |section, i| super::kept_at(last, section, i);
    let mentioned = site.mentions[i].iter().filter_map(|m| match *m {
        crate::model::Mention::Briefing(b) => kept(Section::Briefing, b.index()),
        crate::model::Mention::Actor(a) => kept(Section::Actor, a.index()),
        crate::model::Mention::Page(p) => kept(Section::Page, p),
    });
    let own = kept(Section::Actor, i);
    let others = kept(Section::Page, site.pages.len()).unwrap_or(0)..last.link_bodies.len();
    let in_bodies = mentioned.chain(own).chain(others).any(uses_in);
    let front = |path: &std::path::Path| parses.get(path).map(|p| p.front.as_ref());
    let in_briefings =
        site.actor_briefings[i]
            .par_iter()
            .any(|b| match front(&site.briefings[b.index()].path) {
                Some(Some(Front::Briefing(fm))) => {
                    fm.actors.iter().any(uses)
                        || fm.quotes.iter().any(|q| uses(&q.by))
                        || fm.events.iter().any(|e| e.actors.iter().any(uses))
                        || (fm.claims.iter()).any(|c| c.by.iter().chain(&c.denied_by).any(uses))
                }
                _ => true,
            });
    let in_actors = site.members[i]
        .iter()
        .any(|a| match front(&site.actors[a.index()].path) {
            Some(Some(Front::Actor(fm))) => fm.affiliations.iter().any(|a| uses(&a.actor)),
            _ => true,
        });
    in_bodies || in_briefings || in_actors || site.future_left_out > 0
}

/// Topic `i` (one with a file) as `src` now describes it, and whether it answers to
/// the same names.
pub(super) fn topic(
    last: &Last,
    (src, parse): (&Source, &Parse),
    i: usize,
) -> Option<(Topic, bool)> {
    let p = Parsed::<TopicFm>::of(src, parse)?;
    let old = &last.site.topics[i];
    if !same_slug(&p, p.fm.slug.as_deref(), &old.slug)
        || (p.fm.aliases.iter()).any(|a| a.lang.as_deref().is_some_and(|l| !valid_lang(l)))
    {
        return None;
    }
    let same = same_names((&p.fm.name, &p.fm.aliases), (&old.name, &old.aliases));
    let topic = Topic {
        name: p.fm.name.clone(),
        extra: p.fm.extra.clone(),
        aliases: p
            .fm
            .aliases
            .iter()
            .map(crate::model::actor::alias)
            .collect(),
        ..old.clone()
    };
    Some((topic, same))
}

/// Author `i` as `src` now describes them, with the warnings of its front matter: see
/// [`author_names`] for their name.
pub(super) fn author(
    last: &Last,
    (src, parse): (&Source, &Parse),
    i: usize,
    opts: &Options,
) -> Option<(Author, Vec<Diagnostic>)> {
    let p = Parsed::<AuthorFm>::of(src, parse)?;
    let old = &last.site.authors[i];
    if !same_slug(&p, p.fm.slug.as_deref(), &old.slug) {
        return None;
    }
    let mut b = super::builder(opts, None);
    let mut author = b.author(&p, old.slug.clone());
    author.body_html = old.body_html.clone();
    b.diags.is_empty().then_some((author, b.warnings))
}

/// The names bylines find every author of `authors` by, if author `i` (its new front
/// matter read) has another name than in the last site: `None` inside if not. The
/// outer `None` if a name is now two authors', or a byline of the last site (`parses`
/// its files' front matter) may use the name given up.
pub(super) fn author_names(
    last: &Last,
    parses: &Parses,
    authors: &[Author],
    i: usize,
) -> Option<Option<refs::Index<crate::model::AuthorId>>> {
    let (new, old) = (&authors[i], &last.site.authors[i]);
    if new.name == old.name {
        return Some(None);
    }
    let index = super::new_author::author_index(authors)?;
    let lost = refs::fold(&old.name);
    let uses = |r: &AuthorRefFm| matches!(r, AuthorRefFm::Ref(r) if refs::fold(r) == lost);
    // Only the briefings whose bylines name the author can name them so, as for an
    // actor's name (see `actor_refs_use`); a briefing left out for its date is checked
    // by the full build alone.
    let site = &last.site;
    let front = |b: &crate::model::BriefingId| {
        let path = &site.briefings[b.index()].path;
        parses.get(path).and_then(|p| p.front.as_ref())
    };
    let used = site.future_left_out > 0
        || site.author_briefings[i].iter().any(|b| match front(b) {
            Some(Front::Briefing(fm)) => fm.authors.iter().any(uses),
            _ => true,
        });
    (!used).then_some(Some(index))
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
