//! Markdown bodies rendered for the model: in parallel once every actor is known, reused
//! from `serve`'s cache when neither the file nor the actors it could link to changed,
//! with each body's links into the site placed in its file for the link check.
//! A body is also rendered again when a content file it links to became another page
//! or got another title.

use std::sync::Arc;

use crate::fingerprint::Fingerprint;

use rayon::prelude::*;

use super::cache::{Body, Cache};
use super::files::{FileIndex, content_dir};
use super::{ActorId, BodyLink, Slug, actor_path};
use crate::diag::Lines;
use crate::discover::Source;
use crate::markdown;
use crate::refs;

/// Ids the templates give elements of a briefing's, actor's, topic's and free page,
/// which no heading of its body may take (the `claim-…`, `source-…` kinds are kept
/// clear by `markdown`).
pub(super) const BRIEFING_IDS: &[&str] = &[
    "main-content",
    "contents",
    "claims",
    "sources",
    "corrections",
    "grade-legend-title",
];
pub(super) const ACTOR_IDS: &[&str] = &["main-content", "statements", "claims", "appears-with"];
pub(super) const TOPIC_IDS: &[&str] = &["main-content", "who-said-what"];
pub(super) const PAGE_IDS: &[&str] = &["main-content", "contents"];
pub(super) const AUTHOR_IDS: &[&str] = &["main-content"];

/// One body to render: its file, where the body starts in it, and the site path of the
/// page it goes on.
pub(super) type BodyJob<'s> = (&'s Source, usize, Option<String>);

/// What rendering bodies needs from the rest of the build.
pub(super) struct Bodies<'a> {
    pub actor_index: &'a refs::Index<ActorId>,
    pub actor_slugs: &'a [&'a Slug],
    pub files: &'a FileIndex,
    pub strip_html: bool,
    /// Where figures' pictures are read from (`content/`).
    pub content: Option<&'a std::path::Path>,
    /// See [`Cache::context`].
    pub context: u64,
    pub cache: &'a Cache,
    /// In a language other than the default: its code and whether it has the page or
    /// file at a path from its root.
    pub language: Option<(&'a str, &'a markdown::Has<'a>)>,
    /// Where each body's HTML goes once rendered (see [`crate::spill`]).
    pub spill: Option<&'a Arc<crate::spill::Spill>>,
}

impl Bodies<'_> {
    /// Renders each body, with links relative from a page `root` deep (`../../`), and
    /// heading ids clear of `reserved_ids`, the ids of the page's template.
    pub fn render(&self, jobs: Vec<BodyJob>, root: &str, reserved_ids: &[&str]) -> Vec<Arc<Body>> {
        let resolve = |r: &str| -> Option<(ActorId, String)> {
            let id = self.actor_index.resolve(r).ok()?;
            Some((id, actor_path(self.actor_slugs[id.index()])))
        };
        let file = |key: &str| self.files.get(key);
        let image = |key: &str| {
            let path = self.content?.join(key);
            path.is_file().then(|| crate::images::probe_file(&path))
        };
        jobs.into_par_iter()
            .map(|(src, offset, page)| {
                let _at = crate::panics::working_on(&src.rel);
                let page = page.unwrap_or_default();
                let kept = |text: Fingerprint| {
                    let kept = (self.cache.body((src, text), &page, self.strip_html)).and_then(
                        |b| match b.context == self.context {
                            true => Some(b),
                            false => Some(Arc::new(b.rebased(resolve, self.context)?)),
                        },
                    );
                    kept.filter(|b| {
                        (b.rendered.files.iter()).all(|(key, then)| self.files.unchanged(key, then))
                            && (b.rendered.images.iter())
                                .all(|(key, then)| image(key).as_ref() == Some(then))
                    })
                };
                let render = |text: &str, print: Fingerprint| {
                    let dir = content_dir(src);
                    let language = self.language.map(|(code, has)| markdown::Language {
                        page: page
                            .strip_prefix(code)
                            .and_then(|p| p.strip_prefix('/'))
                            .unwrap_or(&page),
                        has,
                    });
                    let env = markdown::Env {
                        language,
                        root,
                        actor: &resolve,
                        strip_html: self.strip_html,
                        dir: &dir,
                        file: &file,
                        reserved_ids,
                        image: &image,
                    };
                    let job = (src, text, print, offset, page.clone());
                    Arc::new(render_one(job, &env, self.context, self.spill))
                };
                // A file discovery knows the text of is read only if its body was not
                // kept; a text the build let go of is read again, and let go of once
                // rendered.
                let known = src.seen.and_then(|seen| seen.print);
                let body = match known.and_then(kept) {
                    Some(b) => b,
                    None => {
                        let reread = src
                            .reread
                            .as_ref()
                            .map(|_| src.text_now().unwrap_or_default());
                        let text = reread.as_deref().unwrap_or(&src.text);
                        let print = Fingerprint::of_bytes(text.as_bytes());
                        let kept = known.is_none().then(|| kept(print)).flatten();
                        kept.unwrap_or_else(|| render(text, print))
                    }
                };
                // The default language's bodies alone are kept: a language's build has a
                // cache of its own, which keeps none.
                if let (Some(keeper), None) = (&self.cache.keeper, self.language) {
                    keeper.keep(&src.rel, &body);
                }
                body
            })
            .collect()
    }
}

/// Renders one body, of `text` (the file of `src`, whose fingerprint is `print`) from
/// `offset`, for the page at `page`.
fn render_one(
    (src, text, print, offset, page): (&Source, &str, Fingerprint, usize, String),
    env: &markdown::Env<ActorId>,
    context: u64,
    spill: Option<&Arc<crate::spill::Spill>>,
) -> Body {
    let rendered = markdown::render(text.get(offset..).unwrap_or_default(), env);
    let links = locate_links(src, text, offset, &rendered, &page);
    Body::new(
        print,
        (context, env.strip_html),
        page,
        rendered,
        links,
        spill,
    )
}

/// A body's links into the site, placed in its file, to be checked once every page is
/// known.
fn locate_links(
    src: &Source,
    text: &str,
    body_offset: usize,
    r: &markdown::Rendered<ActorId>,
    page: &str,
) -> Vec<Arc<BodyLink>> {
    if r.local_links.is_empty() {
        return Vec::new();
    }
    // One line index per file: a body may hold many thousands of links.
    let lines = Lines::new(text);
    r.local_links
        .iter()
        .map(|l| {
            let at = lines.locate(body_offset + l.range.start, l.range.len());
            Arc::new(BodyLink {
                file: src.rel.clone(),
                page: page.to_string(),
                url: l.url.clone(),
                href: l.href.clone(),
                pos: at.pos,
                line: at.line,
                line_from: at.line_from,
            })
        })
        .collect()
}
