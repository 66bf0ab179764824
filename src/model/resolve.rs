//! Reference resolution: which slug each file takes, and which actor or topic a ref
//! (`Antony Blinken`, `blinken`, `[[…]]`) names, with "did you mean" hints. The
//! [`Builder`] that holds the indexes and collects every diagnostic of a build lives
//! here; the per-kind conversions (`actor`, `briefing`, `claims`) add to it.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use super::files::FileIndex;
use super::parse::Parsed;
use super::{ActorId, AuthorId, BodyLink, Claim, RESERVED, Slug, Topic, TopicId};
use crate::content::{ActorFm, PageFm, TopicFm};
use crate::diag::{Diagnostic, Kind, Lines};
use crate::markdown;
use crate::refs::{self, RefError};
use crate::verify;

/// What a build collects while it turns front matter into the model.
pub(super) struct Builder {
    pub diags: Vec<Diagnostic>,
    /// Problems that do not fail the build (an image without a credit).
    pub warnings: Vec<Diagnostic>,
    /// The `content/` folder, where images are read from (`Options::content`).
    pub content: Option<std::path::PathBuf>,
    pub links: Vec<Arc<BodyLink>>,
    pub actor_index: refs::Index<ActorId>,
    pub topic_index: refs::Index<TopicId>,
    /// Empty until the authors are indexed; `patch` sets the last build's.
    pub author_index: refs::Index<AuthorId>,
    pub draft_actors: HashSet<String>,
    pub topics: Vec<Topic>,
    /// Claims of every briefing, in the order read.
    pub claims: Vec<Claim>,
    pub archives: verify::Archives,
    /// Archived sources read so far, by path, or why they could not be read.
    pub archive_cache: HashMap<String, Result<std::sync::Arc<verify::Archive>, String>>,
    /// The published content files, for links that name one.
    pub files: FileIndex,
    /// Statement ids (`id:` of a quote) seen so far: the speaker, as resolved and as
    /// written, and the file.
    pub statement_ids: HashMap<String, (ActorId, String, std::path::PathBuf)>,
}

impl Builder {
    /// A builder that knows the actors and topics of `indexes` and no diagnostics yet.
    pub fn new(
        actor_index: refs::Index<ActorId>,
        topic_index: refs::Index<TopicId>,
        draft_actors: HashSet<String>,
        topics: Vec<Topic>,
        archives: verify::Archives,
    ) -> Builder {
        Builder {
            diags: Vec::new(),
            warnings: Vec::new(),
            content: None,
            links: Vec::new(),
            actor_index,
            topic_index,
            author_index: refs::Index::default(),
            draft_actors,
            topics,
            claims: Vec::new(),
            archives,
            archive_cache: HashMap::new(),
            files: FileIndex::default(),
            statement_ids: HashMap::new(),
        }
    }

    /// Assigns each file its slug, reporting slugs that are invalid or taken twice
    /// (also when they differ only in case or accents, which collide on some hosts), or
    /// that cannot be a folder name on every host (`con`, too long).
    pub fn slugs<T>(
        &mut self,
        files: &[Parsed<T>],
        explicit: impl for<'x> Fn(&'x Parsed<T>) -> Option<&'x str>,
        what: &str,
    ) -> Vec<Slug> {
        let mut seen: HashMap<String, &Path> = HashMap::new();
        files
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let raw = explicit(f).unwrap_or(&f.src.stem);
                let slug = refs::slugify(raw);
                let fallback = || Slug(format!("{what}-{i}"));
                // A slug from `slug:` is pointed at; one from the file name is the file's.
                let at = |kind: Kind, message: String, key: bool| match explicit(f) {
                    Some(_) if key => f.key_diag(kind, "slug", message),
                    Some(_) => f.diag(kind, "slug", message),
                    None => Diagnostic::new(kind, &f.src.rel, message),
                };
                if slug.is_empty() || explicit(f).is_some_and(|s| s != slug) {
                    let mut d = at(Kind::BadValue, format!("invalid slug `{raw}`"), false);
                    if explicit(f).is_some() {
                        d = d.hint(format!(
                            "slugs are lowercase words joined by hyphens, e.g. `{}`",
                            if slug.is_empty() { "my-page" } else { &slug }
                        ));
                    } else if slug.is_empty() {
                        d = d.hint("rename the file, or set `slug:`");
                    }
                    if explicit(f).is_some() || slug.is_empty() {
                        self.diags.push(d);
                        return fallback();
                    }
                }
                if let Some(why) = refs::slug_problem(&slug) {
                    let shown: String = slug.chars().take(40).collect();
                    let hint = if explicit(f).is_some() {
                        "set another `slug:`"
                    } else {
                        "rename the file, or set `slug:`"
                    };
                    self.diags.push(
                        at(
                            Kind::BadValue,
                            format!("invalid slug `{shown}`: {why}"),
                            false,
                        )
                        .hint(hint),
                    );
                    return fallback();
                }
                if let Some(first) = seen.get(&slug) {
                    self.diags.push(
                        at(
                            Kind::DuplicateSlug,
                            format!(
                                "{what} slug `{slug}` is already used by {}",
                                first.display()
                            ),
                            true,
                        )
                        .hint("give one of them another file name or `slug:`"),
                    );
                    return fallback();
                }
                seen.insert(slug.clone(), &f.src.rel);
                Slug(slug)
            })
            .collect()
    }

    pub fn index_actors(&mut self, actors: &[Parsed<ActorFm>], slugs: &[Slug]) {
        for (i, (a, slug)) in actors.iter().zip(slugs).enumerate() {
            let id = ActorId::of(i);
            self.actor_index.insert(slug.as_str(), id);
            self.actor_index.insert(&a.fm.name, id);
            for alias in &a.fm.aliases {
                self.actor_index.insert(&alias.name, id);
            }
        }
        let mut clashes: Vec<(String, Vec<ActorId>)> = self
            .actor_index
            .clashes()
            .map(|(k, ids)| (k.to_string(), ids.to_vec()))
            .collect();
        clashes.sort();
        for (key, ids) in clashes {
            let last = ids[ids.len() - 1];
            let a = &actors[last.index()];
            let others: Vec<String> = ids[..ids.len() - 1]
                .iter()
                .map(|id| format!("`{}`", slugs[id.index()].as_str()))
                .collect();
            let path =
                a.fm.aliases
                    .iter()
                    .position(|x| refs::fold(&x.name) == key)
                    .map_or("name".to_string(), |j| format!("aliases[{j}].name"));
            self.diags.push(
                a.diag(
                    Kind::AmbiguousRef,
                    &path,
                    format!(
                        "`{key}` names more than one actor: also {}",
                        others.join(", ")
                    ),
                )
                .hint("names and aliases must be unique across actors"),
            );
        }
    }

    pub fn index_topics(&mut self, topics: &[Parsed<TopicFm>]) {
        let slugs = self.slugs(topics, |t| t.fm.slug.as_deref(), "topic");
        for (t, slug) in topics.iter().zip(slugs) {
            let id = TopicId::of(self.topics.len());
            self.topic_index.insert(slug.as_str(), id);
            self.topic_index.insert(&t.fm.name, id);
            for (i, alias) in t.fm.aliases.iter().enumerate() {
                if alias.lang.as_deref().is_some_and(|l| !super::valid_lang(l)) {
                    self.diags.push(
                        t.diag(
                            Kind::BadValue,
                            &format!("aliases[{i}].lang"),
                            format!(
                                "invalid language tag `{}`",
                                alias.lang.as_deref().unwrap_or("")
                            ),
                        )
                        .hint("use a BCP 47 language tag such as uk, ru or sr-Latn"),
                    );
                }
                self.topic_index.insert(&alias.name, id);
            }
            self.topics.push(Topic {
                slug,
                name: t.fm.name.clone(),
                body_html: "".into(),
                path: Some(t.src.rel.clone()),
                extra: t.fm.extra.clone(),
                aliases: t.fm.aliases.iter().map(super::actor::alias).collect(),
                text_lang: None,
            });
        }
    }

    pub fn check_reserved(&mut self, pages: &[Parsed<PageFm>], slugs: &[Slug]) {
        for (p, slug) in pages.iter().zip(slugs) {
            if RESERVED.contains(&slug.as_str()) {
                self.diags.push(
                    p.key_diag(
                        Kind::DuplicateSlug,
                        "slug",
                        format!(
                            "page slug `{}` is taken by the site's own pages",
                            slug.as_str()
                        ),
                    )
                    .hint("rename the file or set another `slug:`"),
                );
            }
        }
    }

    /// Resolves an actor ref at `path` of file `p`.
    /// The actor `name` names, written at `path` of `p`'s front matter (spelled out
    /// only for a problem: most names have none).
    pub fn actor_ref<T>(
        &mut self,
        p: &Parsed<T>,
        path: std::fmt::Arguments<'_>,
        name: &str,
    ) -> Option<ActorId> {
        match self.actor_index.resolve(name) {
            Ok(id) => Some(id),
            Err(RefError::Unknown { suggestion }) => {
                let path = &path.to_string();
                let d = p.diag(Kind::UnknownActor, path, format!("unknown actor `{name}`"));
                let hint = self.unknown_actor_hint(name, suggestion.map(|(near, _)| near));
                self.diags.push(d.hint(hint));
                None
            }
            Err(RefError::Ambiguous(_)) => {
                self.diags.push(
                    p.diag(
                        Kind::AmbiguousRef,
                        &path.to_string(),
                        format!("`{name}` names more than one actor"),
                    )
                    .hint("use the actor's slug"),
                );
                None
            }
        }
    }

    pub fn topic_ref<T>(
        &mut self,
        p: &Parsed<T>,
        path: std::fmt::Arguments<'_>,
        name: &str,
    ) -> Option<TopicId> {
        let slug = match topic_named(&mut self.topic_index, &mut self.topics, name) {
            Ok(id) => return Some(id),
            Err(slug) => slug,
        };
        let path = &path.to_string();
        if slug.is_empty() {
            // A topic with no page would drop the briefing from every topic listing
            // without a word.
            self.diags.push(
                p.diag(
                    Kind::BadValue,
                    path,
                    format!("topic `{name}` has no letters or digits to name its page by"),
                )
                .hint("name the topic in words, e.g. `war crimes`, or remove the entry"),
            );
            return None;
        }
        if let Some(why) = refs::slug_problem(&slug) {
            let shown: String = slug.chars().take(40).collect();
            self.diags.push(
                p.diag(
                    Kind::BadValue,
                    path,
                    format!("topic slug `{shown}` is invalid: {why}"),
                )
                .hint(
                    "rename the topic, or give it a file in content/topics/ with another `slug:`",
                ),
            );
            return None;
        }
        None
    }

    pub fn bad_links<T>(&mut self, p: &Parsed<T>, r: &markdown::Rendered<ActorId>) {
        if r.bad_links.is_empty() && r.problems.is_empty() && r.bad_files.is_empty() {
            return;
        }
        let file = p.body_src.text_now().unwrap_or_default();
        let lines = Lines::new(&file);
        for problem in &r.problems {
            let range = problem.range();
            let at = lines.locate(p.body_offset + range.start, range.len());
            self.diags.push(
                Diagnostic::new(Kind::BadValue, &p.body_src.rel, problem.message())
                    .at_located(at)
                    .hint(problem.hint()),
            );
        }
        for bad in &r.bad_links {
            let at = lines.locate(p.body_offset + bad.range.start, bad.range.len());
            let mut d = Diagnostic::new(
                Kind::UnknownActor,
                &p.body_src.rel,
                format!("unknown actor `{}` in link", bad.target),
            )
            .at_located(at);
            let near = match self.actor_index.resolve(&bad.target) {
                Err(RefError::Unknown { suggestion }) => suggestion.map(|(near, _)| near),
                _ => None,
            };
            d = d.hint(self.unknown_actor_hint(&bad.target, near));
            self.diags.push(d);
        }
        for bad in &r.bad_files {
            let at = lines.locate(p.body_offset + bad.range.start, bad.range.len());
            let (message, hint) = match &bad.key {
                Ok(key) => (
                    format!(
                        "broken link `{}`: no page for `content/{key}.md`",
                        bad.written
                    ),
                    self.files.hint(key),
                ),
                Err(markdown::Unreadable::OutsideContent) => (
                    format!("broken link `{}`: it points outside content/", bad.written),
                    "link to a file under content/, e.g. `@/briefings/other.md`".to_string(),
                ),
            };
            self.diags.push(
                Diagnostic::new(Kind::BrokenLink, &p.body_src.rel, message)
                    .at_located(at)
                    .hint(hint),
            );
        }
    }

    /// What to do about the unknown actor `name`: publish the draft it names, take the
    /// nearest actor of this site, or add the actor. Never an example from elsewhere:
    /// an actor the site does not have is no help.
    fn unknown_actor_hint(&self, name: &str, nearest: Option<String>) -> String {
        if self.draft_actors.contains(&refs::fold(name)) {
            return "that actor is a draft; build with --drafts or publish it".into();
        }
        if let Some(near) = nearest {
            return format!("did you mean `{near}`?");
        }
        match refs::slugify(name) {
            slug if slug.is_empty() => "no actor of this site has that name; fix the name, \
                or add the actor as a file in content/actors/"
                .into(),
            slug => format!(
                "no actor of this site has that name; to add it, create \
                 content/actors/{slug}.md with `name: {name}` in its front matter"
            ),
        }
    }
}

/// The topic `name` names among `topics`, made (with a page) if no topic answers to it
/// yet: topics without a file are made by the briefings that name them, in the order
/// they first do. The slug it would take if that is not a valid one (or is empty).
pub(super) fn topic_named(
    index: &mut refs::Index<TopicId>,
    topics: &mut Vec<Topic>,
    name: &str,
) -> Result<TopicId, String> {
    if let Ok(id) = index.resolve(name) {
        return Ok(id);
    }
    let slug = refs::slugify(name);
    if slug.is_empty() || refs::slug_problem(&slug).is_some() {
        return Err(slug);
    }
    let id = TopicId::of(topics.len());
    index.insert(name, id);
    index.insert(&slug, id);
    topics.push(Topic {
        slug: Slug(slug),
        name: name.to_string(),
        body_html: "".into(),
        path: None,
        extra: Default::default(),
        aliases: Vec::new(),
        text_lang: None,
    });
    Ok(id)
}
