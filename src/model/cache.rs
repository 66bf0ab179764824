//! Work on single files that `serve` keeps from one build to the next. A file whose text
//! is unchanged is not parsed again, and its body is not rendered again while the actors
//! it could link to are the same: on a large site, one save then costs one file's work
//! plus what ties the files together, not ten thousand parses.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::{ActorId, BodyLink, BriefingId, Site, Slug, TopicId};
use crate::content::{ActorFm, AuthorFm, BriefingFm, PageFm, TopicFm};
use crate::diag::Diagnostic;
use crate::discover::Source;
use crate::fingerprint::Fingerprint;
use crate::markdown;
use crate::refs;
use crate::yaml::Spans;

/// What the builds of one `serve` session keep. Each build replaces it with the entries
/// it used, so files that are gone leave it too.
#[derive(Default)]
pub struct Cache {
    pub(super) parses: HashMap<PathBuf, Arc<Parse>>,
    pub(super) bodies: HashMap<PathBuf, Arc<Body>>,
    /// The last good full or patched build, while the builds since have been good.
    pub(super) last: Option<Last>,
    /// What changed since the last build: see [`Cache::touched`].
    pub(super) touched: Touched,
    pub(super) patched: Option<super::patch::Patched>,
    /// For one build only (see [`Cache::once`]).
    pub(super) once: bool,
    /// The bodies the last `build` kept (see [`super::stored`]).
    pub(super) kept: super::stored::Kept,
    /// Keeps the bodies this build uses for the next build.
    pub(super) keeper: Option<super::stored::Keeper>,
}

impl Cache {
    /// The cache of a build that no other follows (`build`, `check`): it keeps no
    /// bodies and no last site, which only a next build would reuse, so the bodies as
    /// rendered, whose headings, links and first paragraphs the site copies, go before
    /// it is indexed rather than after (some 60 MB at 30,000 briefings, at the model's
    /// peak). Its parses stay: each language's build reads the default one's.
    pub fn once() -> Cache {
        Cache {
            once: true,
            ..Cache::default()
        }
    }

    /// [`Cache::once`], starting from the bodies an earlier build kept (see
    /// [`super::stored`]) and keeping those it uses with `keeper`.
    pub fn once_keeping(kept: super::stored::Kept, keeper: Option<super::stored::Keeper>) -> Cache {
        Cache {
            kept,
            keeper,
            ..Cache::once()
        }
    }

    /// Whether the bodies the last `build` kept, or one of those asked for, did not add
    /// up (they were rendered again).
    pub fn kept_damaged(&self) -> bool {
        self.kept.damaged()
    }

    /// Whether this build keeps what it made for the next (see [`super::stored`]).
    pub fn keeps(&self) -> bool {
        self.keeper.is_some()
    }

    /// See [`super::stored::Kept::known`].
    pub fn known(
        &self,
        path: &std::path::Path,
        stat: &crate::discover::Stat,
    ) -> Option<Fingerprint> {
        self.kept.known(path, stat)
    }

    /// The keeper of this build's bodies, once the build is done.
    pub fn take_keeper(&mut self) -> Option<super::stored::Keeper> {
        self.keeper.take()
    }

    /// What the last build kept, to let go of once the model is made.
    pub fn take_kept(&mut self) -> super::stored::Kept {
        std::mem::take(&mut self.kept)
    }

    /// Whether this is the cache of a build that no other follows.
    pub fn is_once(&self) -> bool {
        self.once
    }

    /// Whether the build of `sources` with `config` into this cache reads each file
    /// once and may let go of what it read as soon as it is used (its text, its front
    /// matter): a build that no other follows, of a site in one language (a language's
    /// build reads every file's parse again).
    pub fn reads_once(&self, config: &crate::config::Config, sources: &[Source]) -> bool {
        self.once && super::lang::in_one_language(config, sources)
    }
}

/// What changed since the last build, as far as the model is concerned: what decides
/// whether the last site can be patched rather than built again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Touched {
    /// Anything may have (an archived source text can change any briefing): the model
    /// is built in full.
    #[default]
    Anything,
    /// Only Markdown files under `content/`.
    Sources,
    /// Only `site.yaml` or the strings files (`i18n/`), which only the settings read.
    Config,
    /// Only files the model never reads (templates): with the same sources, the last
    /// site is the site.
    Nothing,
}

/// One file split and its front matter parsed, or the diagnostics saying why not.
pub(super) struct Parse {
    text: Arc<str>,
    pub front: Option<Front>,
    pub spans: Spans,
    pub diagnostics: Vec<Diagnostic>,
    pub body_offset: usize,
}

impl Parse {
    pub fn new(
        src: &Source,
        front: Option<Front>,
        spans: Spans,
        diagnostics: Vec<Diagnostic>,
        body_offset: usize,
    ) -> Parse {
        Parse {
            text: Arc::clone(&src.text),
            front,
            spans,
            diagnostics,
            body_offset,
        }
    }
}

/// Front matter of any section.
#[derive(Debug)]
pub(super) enum Front {
    Briefing(Arc<BriefingFm>),
    Actor(Arc<ActorFm>),
    Topic(Arc<TopicFm>),
    Page(Arc<PageFm>),
    Author(Arc<AuthorFm>),
}

/// A front-matter type, to and from [`Front`].
pub(super) trait FrontMatter: DeserializeOwned + Send + Sync {
    fn wrap(fm: Arc<Self>) -> Front;
    fn unwrap(front: &Front) -> Option<&Arc<Self>>;
}

macro_rules! front_matter {
    ($t:ty, $variant:ident) => {
        impl FrontMatter for $t {
            fn wrap(fm: Arc<Self>) -> Front {
                Front::$variant(fm)
            }
            fn unwrap(front: &Front) -> Option<&Arc<Self>> {
                match front {
                    Front::$variant(fm) => Some(fm),
                    _ => None,
                }
            }
        }
    };
}
front_matter!(BriefingFm, Briefing);
front_matter!(ActorFm, Actor);
front_matter!(TopicFm, Topic);
front_matter!(PageFm, Page);
front_matter!(AuthorFm, Author);

/// A body rendered, with its links into the site placed in the file.
pub(super) struct Body {
    /// The fingerprint of the file's text it was rendered from (see [`Cache::body`]).
    pub text: Fingerprint,
    /// The actors it could link to, and how it was rendered: see [`Cache::context`].
    pub context: u64,
    /// The page it appears on: its links are relative to it.
    pub page: String,
    /// The HTML, taken out of `rendered` to be shared by every build that uses it.
    pub html: crate::spill::Html,
    pub rendered: markdown::Rendered<ActorId>,
    pub links: Vec<Arc<BodyLink>>,
    /// Whether raw HTML was dropped.
    pub strip_html: bool,
    /// Where the last build kept it, if it was taken from there as it is.
    pub stored: Option<super::stored::Stored>,
}

impl Body {
    /// A body rendered from the text whose fingerprint is `text`.
    pub fn new(
        text: Fingerprint,
        (context, strip_html): (u64, bool),
        page: String,
        mut rendered: markdown::Rendered<ActorId>,
        links: Vec<Arc<BodyLink>>,
        spill: Option<&Arc<crate::spill::Spill>>,
    ) -> Body {
        let html = std::mem::take(&mut rendered.html);
        Body {
            text,
            context,
            page,
            html: match spill {
                Some(spill) => spill.put(&html),
                None => html.into(),
            },
            rendered,
            links,
            strip_html,
            stored: None,
        }
    }

    /// The pages of the actors it mentions, in order: what its mentions are whatever
    /// ids the actors had when it was rendered.
    pub(super) fn mention_pages(&self) -> Vec<&str> {
        let r = &self.rendered;
        let page = |a: &ActorId| {
            let by_ref = r.actor_refs.iter().find(|(_, id, _)| id == a);
            let by_file = || {
                (r.files.iter())
                    .find_map(|(_, t)| t.as_ref().filter(|t| t.actor == Some(*a)))
                    .map(|t| t.page.as_str())
            };
            by_ref.map(|(_, _, page)| page.as_str()).or_else(by_file)
        };
        r.mentions
            .iter()
            .map(|a| page(a).unwrap_or_default())
            .collect()
    }

    /// This body for a build whose actors are others (`context`), if it renders as it
    /// did: it has no unknown ref, and each of its refs still names an actor at the same
    /// page (`resolve`, as rendering resolves them). A new actor moves the ids of those
    /// after it, so the actors it mentions take their new ids. Adding an actor changes
    /// the context of every body: at 10,000 briefings, rendering them all again took
    /// a rebuild from about 335 ms to 560.
    pub(super) fn rebased(
        &self,
        resolve: impl Fn(&str) -> Option<(ActorId, String)>,
        context: u64,
    ) -> Option<Body> {
        if !self.rendered.bad_links.is_empty() {
            return None;
        }
        let mut moved = Vec::with_capacity(self.rendered.actor_refs.len());
        let mut refs = Vec::with_capacity(self.rendered.actor_refs.len());
        for (written, was, path) in &self.rendered.actor_refs {
            let (now, at) = resolve(written).filter(|(_, at)| at == path)?;
            moved.push((*was, now));
            refs.push((written.clone(), now, at));
        }
        // A mention by a link to an actor's file keeps its id: the caller checks
        // that such links lead where they did.
        let id = |a: &ActorId| moved.iter().find(|(was, _)| was == a).map_or(*a, |m| m.1);
        let mut rendered = self.rendered.clone();
        rendered.mentions = self.rendered.mentions.iter().map(id).collect();
        rendered.actor_refs = refs;
        Some(Body {
            text: self.text,
            context,
            page: self.page.clone(),
            html: self.html.clone(),
            rendered,
            links: self.links.clone(),
            strip_html: self.strip_html,
            stored: None,
        })
    }
}

fn same_text(kept: &Arc<str>, src: &Source) -> bool {
    Arc::ptr_eq(kept, &src.text) || **kept == *src.text
}

impl Cache {
    pub(super) fn parse(&self, src: &Source) -> Option<&Arc<Parse>> {
        self.parses
            .get(&src.rel)
            .filter(|p| same_text(&p.text, src))
    }

    /// The body kept for `src`, whose text has fingerprint `text`, as rendered for
    /// `page`, raw HTML kept or dropped as asked (`strip_html`): from this session's
    /// builds, else from the last `build`'s (see [`super::stored`]), where no text is,
    /// hence the fingerprint. Its actors may have been others (see [`Body::rebased`]).
    pub(super) fn body(
        &self,
        (src, text): (&Source, Fingerprint),
        page: &str,
        strip_html: bool,
    ) -> Option<Arc<Body>> {
        let fits = |b: &Body| b.strip_html == strip_html && b.page == page && b.text == text;
        match self.bodies.get(&src.rel) {
            Some(b) => Some(Arc::clone(b)).filter(|b| fits(b)),
            None => self.kept.get(&src.rel).filter(|b| fits(b)).map(Arc::new),
        }
    }

    /// Everything a body's rendering depends on besides its own text: every name an
    /// actor goes by, the actors' pages, and whether raw HTML is dropped.
    pub(super) fn context(index: &refs::Index<ActorId>, slugs: &[Slug], strip_html: bool) -> u64 {
        let mut h = DefaultHasher::new();
        index
            .names()
            .for_each(|(name, id)| (name, id.0).hash(&mut h));
        slugs.iter().for_each(|s| s.as_str().hash(&mut h));
        strip_html.hash(&mut h);
        h.finish()
    }
}

/// What the last good full build leaves for patching.
pub(super) struct Last {
    pub site: Arc<Site>,
    pub actor_index: refs::Index<ActorId>,
    pub topic_index: refs::Index<TopicId>,
    pub author_index: refs::Index<super::AuthorId>,
    pub draft_actors: std::collections::HashSet<String>,
    pub files: super::files::FileIndex,
    /// See [`Cache::context`].
    pub context: u64,
    pub drafts: bool,
    pub publish_until: Option<crate::dates::Day>,
    pub strip_html: bool,
    /// Every source as it was read, in order.
    pub sources: Vec<(PathBuf, Arc<str>)>,
    /// The briefing each source became, if it became one.
    pub briefing_at: Vec<Option<BriefingId>>,
    /// The bodies whose links the site keeps, in the order it keeps them: briefings
    /// first, by id.
    pub link_bodies: Vec<Arc<Body>>,
    /// Each briefing's topic names: what a patch that changes one briefing's topics
    /// makes the topics again from.
    pub topic_names: super::topics::Names,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::discover::Section;
    use crate::feeds::testing::source;
    use crate::model::{Options, build, build_with};

    fn debug(r: &impl std::fmt::Debug) -> String {
        format!("{r:?}")
    }

    #[test]
    fn builds_from_the_cache_equal_fresh_builds_through_edits() {
        let actor = |name: &str| {
            source(
                Section::Actor,
                "a1",
                &format!("---\nname: {name}\nkind: person\n---\nBio.\n"),
            )
        };
        let briefing = |body: &str| {
            source(
                Section::Briefing,
                "b1",
                &format!("---\ntitle: B\ndate: 2022-03-01\nactors: [a1]\n---\n{body}\n"),
            )
        };
        let other = source(
            Section::Briefing,
            "b2",
            "---\ntitle: Other\ndate: 2022-03-02\n---\nMentions [[Actor One]].\n",
        );
        let steps: Vec<Vec<Source>> = vec![
            vec![
                actor("Actor One"),
                briefing("Text [[Actor One]]."),
                other.clone(),
            ],
            vec![
                actor("Actor One"),
                briefing("Edited [[Actor One]]."),
                other.clone(),
            ],
            // Renamed: `[[Actor One]]` no longer resolves in either briefing.
            vec![
                actor("Actor Uno"),
                briefing("Edited [[Actor One]]."),
                other.clone(),
            ],
            vec![actor("Actor One"), briefing("Back [[a1]]."), other.clone()],
            vec![actor("Actor One"), briefing("Bad: title missing"), other],
        ];
        let opts = Options::default();
        let mut cache = Cache::default();
        for (i, sources) in steps.iter().enumerate() {
            let fresh = build(Config::default(), sources, &opts);
            let kept = build_with(Config::default(), sources, &opts, &mut cache);
            assert_eq!(debug(&kept), debug(&fresh), "step {i}");
            assert_eq!(cache.parses.len(), sources.len());
        }
        // An unchanged file is not parsed again.
        let sources = &steps[3];
        let _ = build_with(Config::default(), sources, &opts, &mut cache);
        let before = Arc::clone(cache.parse(&sources[2]).unwrap());
        let _ = build_with(Config::default(), sources, &opts, &mut cache);
        assert!(Arc::ptr_eq(&before, cache.parse(&sources[2]).unwrap()));
    }

    #[test]
    fn bodies_are_kept_when_actors_are_added_before_those_they_name() {
        let actor = |stem: &str, front: &str| {
            source(
                Section::Actor,
                stem,
                &format!("---\n{front}kind: person\n---\n"),
            )
        };
        let b1 = source(
            Section::Briefing,
            "b1",
            "---\ntitle: B\ndate: 2022-03-01\n---\nText [[Actor Two]], [[a1]] and [[actors/a2]].\n",
        );
        let b2 = source(
            Section::Briefing,
            "b2",
            "---\ntitle: C\ndate: 2022-03-02\n---\nOnly [[Actor Two]].\n",
        );
        let (one, two) = (
            actor("a1", "name: Actor One\n"),
            actor("a2", "name: Actor Two\n"),
        );
        let zero = actor("a0", "name: Actor Zero\n");
        let moved = actor("a2", "name: Actor Two\nslug: two\n");
        // (the sources, whether b2's body is the one rendered at the start)
        let steps = [
            (vec![one.clone(), two.clone(), b1.clone(), b2.clone()], true),
            // Every id moves along one; the refs name the same pages.
            (
                vec![zero.clone(), one.clone(), two, b1.clone(), b2.clone()],
                true,
            ),
            // Actor Two's page moves: the bodies naming it are rendered again.
            (vec![zero, one, moved, b1, b2], false),
        ];
        let opts = Options::default();
        let mut cache = Cache::default();
        let html = |cache: &Cache| match &cache.bodies
            [std::path::Path::new("content/briefings/b2.md")]
        .html
        {
            crate::spill::Html::Held(html) => html.clone(),
            _ => unreachable!("bodies are held without a spill"),
        };
        let mut first = None;
        for (i, (sources, kept)) in steps.iter().enumerate() {
            let fresh = build(Config::default(), sources, &opts);
            let built = build_with(Config::default(), sources, &opts, &mut cache);
            assert_eq!(debug(&built), debug(&fresh), "step {i}");
            let now = html(&cache);
            let first = first.get_or_insert_with(|| Arc::clone(&now));
            assert_eq!(Arc::ptr_eq(first, &now), *kept, "step {i}");
        }
    }

    #[test]
    fn a_cache_for_one_build_keeps_nothing_for_the_next() {
        let sources = vec![
            source(
                Section::Actor,
                "a1",
                "---\nname: Actor One\nkind: person\n---\nBio.\n",
            ),
            source(
                Section::Briefing,
                "b1",
                "---\ntitle: B\ndate: 2022-03-01\n---\n# Heading\n\nText [[Actor One]].\n",
            ),
        ];
        let opts = Options::default();
        let (mut kept, mut once) = (Cache::default(), Cache::once());
        let site = build_with(Config::default(), &sources, &opts, &mut kept).unwrap();
        let alone = build_with(Config::default(), &sources, &opts, &mut once).unwrap();
        // The bodies went before the site was indexed, and it has what it needs of them.
        assert_eq!(debug(&alone), debug(&site));
        assert_eq!(alone.briefings[0].headings.len(), 1);
        assert_eq!(alone.briefings[0].actors.len(), 1, "the body's mention");
        assert!(once.bodies.is_empty() && once.last.is_none());
        assert!(!kept.bodies.is_empty() && kept.last.is_some());
    }
}
