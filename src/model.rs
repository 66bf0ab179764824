//! The one validated, cross-referenced model of a site, built from parsed sources.
//!
//! Everything later stages need is resolved here: refs to ids, dates to `Edtf`, bodies
//! to HTML, and the backlinks (an actor's quotes, briefings, co-actors, mentions). A
//! build with any diagnostic produces no `Site`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{ActorFm, BriefingFm, PageFm, TopicFm};
use crate::dates::Edtf;
use crate::diag::{Diagnostic, Kind, Lines, Pos};
use crate::discover::{Section, Source};
use crate::markdown;
use crate::refs::{self, RefError};
use crate::source;
use crate::verify;
use crate::yaml::{self, Spans};

mod cache;
mod patch;
pub use cache::Cache;
use cache::{Body, FrontMatter, Parse};
pub use patch::Patched;

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);
        impl $name {
            pub fn index(self) -> usize {
                self.0 as usize
            }
            fn of(i: usize) -> Self {
                $name(u32::try_from(i).expect("fewer than 2^32 items"))
            }
        }
    };
}

id_type!(/// An actor: index into `Site::actors`.
    ActorId);
id_type!(/// A briefing: index into `Site::briefings`.
    BriefingId);
id_type!(/// A topic: index into `Site::topics`.
    TopicId);
id_type!(/// A quote: index into `Site::quotes`.
    QuoteId);
id_type!(/// An event: index into `Site::events`.
    EventId);
id_type!(/// A claim: index into `Site::claims`.
    ClaimId);

/// A URL path segment naming a page; unique within its section.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slug(String);

impl Slug {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ActorKind {
    Person,
    Organisation,
    State,
    Group,
    Other,
}

impl ActorKind {
    pub const ALL: [ActorKind; 5] = [
        ActorKind::Person,
        ActorKind::Organisation,
        ActorKind::State,
        ActorKind::Group,
        ActorKind::Other,
    ];

    fn parse(s: &str) -> Option<ActorKind> {
        Some(match refs::fold(s).as_str() {
            "person" => ActorKind::Person,
            "organisation" | "organization" => ActorKind::Organisation,
            "state" => ActorKind::State,
            "group" | "armed group" => ActorKind::Group,
            _ => return None,
        })
    }

    pub fn code(self) -> &'static str {
        match self {
            ActorKind::Person => "person",
            ActorKind::Organisation => "organisation",
            ActorKind::State => "state",
            ActorKind::Group => "group",
            ActorKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ActorKind::Person => "Person",
            ActorKind::Organisation => "Organisation",
            ActorKind::State => "State",
            ActorKind::Group => "Group",
            ActorKind::Other => "Other",
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            ActorKind::Person => "People",
            ActorKind::Organisation => "Organisations",
            ActorKind::State => "States",
            ActorKind::Group => "Groups",
            ActorKind::Other => "Others",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Actor {
    pub slug: Slug,
    pub name: String,
    pub kind: ActorKind,
    pub role: Option<String>,
    pub aliases: Vec<Alias>,
    pub affiliations: Vec<Affiliation>,
    /// Shared with serve's cache, which keeps it between builds.
    pub body_html: Arc<str>,
    pub path: PathBuf,
}

/// Another name of an actor, in the language it is written in, when given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub name: String,
    /// BCP 47 language tag (`uk`).
    pub lang: Option<String>,
}

/// An actor's tie to another (a person to a state, a state to an alliance), with when
/// it held and in what role, when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Affiliation {
    pub actor: ActorId,
    pub from: Option<Edtf>,
    pub until: Option<Edtf>,
    pub role: Option<String>,
}

/// A source a briefing cites.
#[derive(Debug, Clone)]
pub struct Citation {
    pub id: String,
    pub title: String,
    pub publisher: Option<String>,
    pub date: Option<Edtf>,
    pub url: Option<String>,
    pub grade: Option<String>,
    /// Path under `content/` of an archived copy of its text, which the quotes
    /// citing it were checked against.
    pub archive: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Briefing {
    pub slug: Slug,
    pub title: String,
    pub date: Edtf,
    pub updated: Option<Edtf>,
    pub summary: String,
    pub location: Option<String>,
    pub topics: Vec<TopicId>,
    /// Everyone involved: listed, quoted, in events or linked from the body.
    pub actors: Vec<ActorId>,
    pub quotes: Vec<QuoteId>,
    pub events: Vec<EventId>,
    pub sources: Vec<Citation>,
    pub claims: Vec<ClaimId>,
    /// Oldest first, as written.
    pub corrections: Vec<Correction>,
    /// Shared with serve's cache, which keeps it between builds.
    pub body_html: Arc<str>,
    pub path: PathBuf,
}

/// A correction to a briefing, dated to the day.
#[derive(Debug, Clone)]
pub struct Correction {
    pub date: Edtf,
    pub what: String,
}

/// Where a claim stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ClaimStatus {
    Asserted,
    Disputed,
    Confirmed,
    Retracted,
}

impl ClaimStatus {
    pub const ALL: [ClaimStatus; 4] = [
        ClaimStatus::Asserted,
        ClaimStatus::Disputed,
        ClaimStatus::Confirmed,
        ClaimStatus::Retracted,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ClaimStatus::Asserted => "asserted",
            ClaimStatus::Disputed => "disputed",
            ClaimStatus::Confirmed => "confirmed",
            ClaimStatus::Retracted => "retracted",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ClaimStatus::Asserted => "Asserted",
            ClaimStatus::Disputed => "Disputed",
            ClaimStatus::Confirmed => "Confirmed",
            ClaimStatus::Retracted => "Retracted",
        }
    }

    fn parse(s: &str) -> Option<ClaimStatus> {
        ClaimStatus::ALL.into_iter().find(|c| c.code() == s.trim())
    }
}

/// Which side of a claim an actor is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stance {
    Asserts,
    Denies,
}

/// A claim: something asserted, by whom, and who denies or disputes it.
#[derive(Debug, Clone)]
pub struct Claim {
    pub briefing: BriefingId,
    /// As written; unique within the briefing. The element id is `claim-<id>`.
    pub id: String,
    pub text: String,
    pub by: Vec<ActorId>,
    pub denied_by: Vec<ActorId>,
    pub status: ClaimStatus,
    pub date: Option<Edtf>,
    /// Indexes into the briefing's `sources`.
    pub sources: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Quote {
    pub briefing: BriefingId,
    /// Position in its briefing, for the element id.
    pub ordinal: usize,
    pub by: ActorId,
    pub text: String,
    pub said: Edtf,
    pub venue: Option<String>,
    /// The role the speaker held when speaking.
    pub role: Option<String>,
    /// Index into the briefing's `sources`.
    pub source: Option<usize>,
    /// Found verbatim in the archived text of its source.
    pub verified: bool,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub briefing: BriefingId,
    pub ordinal: usize,
    pub date: Edtf,
    pub what: String,
    pub actors: Vec<ActorId>,
    pub place: Option<String>,
    pub source: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Topic {
    pub slug: Slug,
    pub name: String,
    /// Shared with serve's cache, which keeps it between builds.
    pub body_html: Arc<str>,
    pub path: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub slug: Slug,
    pub title: String,
    pub summary: Option<String>,
    /// Shared with serve's cache, which keeps it between builds.
    pub body_html: Arc<str>,
    pub path: PathBuf,
}

/// A page whose body links to an actor with `[[…]]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mention {
    Briefing(BriefingId),
    Actor(ActorId),
    Page(usize),
}

/// A link in a Markdown body to something inside the site, kept for checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyLink {
    /// The content file it is written in.
    pub file: PathBuf,
    /// The output page the body appears on (`briefings/x/index.html`).
    pub page: String,
    /// As written (`/briefings/y/`, `map.png`, `#sources`).
    pub url: String,
    /// As it appears in the rendered page (`../../briefings/y/index.html`).
    pub href: String,
    pub pos: Pos,
    /// The source line, for the code frame (of a very long line, a window of it).
    pub line: String,
    /// Characters of the line before `line` begins.
    pub line_from: u32,
}

/// The whole site, validated. Listings are precomputed in display order.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub actors: Vec<Actor>,
    // Items are shared, so that serve's rebuild after one edit can make a new site
    // from the last one without copying every briefing and quote.
    pub briefings: Vec<Arc<Briefing>>,
    pub topics: Vec<Topic>,
    pub pages: Vec<Page>,
    pub quotes: Vec<Arc<Quote>>,
    pub events: Vec<Arc<Event>>,
    pub claims: Vec<Arc<Claim>>,
    /// Briefings newest first.
    pub briefings_by_date: Vec<BriefingId>,
    /// Per actor: quotes in date order.
    pub actor_quotes: Vec<Vec<QuoteId>>,
    pub actor_events: Vec<Vec<EventId>>,
    /// Per actor: briefings newest first.
    pub actor_briefings: Vec<Vec<BriefingId>>,
    /// Per actor: other actors sharing a briefing, most shared first.
    pub co_actors: Vec<Vec<(ActorId, usize)>>,
    /// Per actor: actors listing it among their affiliations.
    pub members: Vec<Vec<ActorId>>,
    pub mentions: Vec<Vec<Mention>>,
    /// Per topic: briefings newest first.
    pub topic_briefings: Vec<Vec<BriefingId>>,
    /// All quotes in date order.
    pub quotes_by_date: Vec<QuoteId>,
    /// All claims, newest first (undated ones last).
    pub claims_by_date: Vec<ClaimId>,
    /// Per actor: the claims they assert or deny, newest first.
    pub actor_claims: Vec<Vec<(ClaimId, Stance)>>,
    /// Every correction as (briefing, index into its `corrections`), newest first.
    pub corrections_by_date: Vec<(BriefingId, usize)>,
    /// Links from bodies into the site.
    pub body_links: Vec<Arc<BodyLink>>,
}

/// Choices that change what the model contains.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub drafts: bool,
    pub strip_html: bool,
    /// Where archived source texts (`archive:` of a source) are read from.
    pub archives: verify::Archives,
}

/// Where a page body sits, relative to the root, so its links can be made relative.
const SECTION_ROOT: &str = "../../";
const PAGE_ROOT: &str = "../";

pub fn actor_path(slug: &Slug) -> String {
    format!("actors/{}/index.html", slug.as_str())
}

pub fn briefing_path(slug: &Slug) -> String {
    format!("briefings/{}/index.html", slug.as_str())
}

pub fn topic_path(slug: &Slug) -> String {
    format!("topics/{}/index.html", slug.as_str())
}

pub fn page_path(slug: &Slug) -> String {
    format!("{}/index.html", slug.as_str())
}

/// Slugs that free pages may not take, because the site's own pages live there.
const RESERVED: &[&str] = &[
    "briefings",
    "actors",
    "topics",
    "timeline",
    "quotes",
    "search",
    "data",
    "claims",
    "corrections",
    "index",
    "404",
    "style.css",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
];

/// One file's front matter, parsed, with what is needed to point into it later.
struct Parsed<'s, T> {
    src: &'s Source,
    fm: Arc<T>,
    spans: Spans,
    body: &'s str,
    body_offset: usize,
}

impl<'s, T> Parsed<'s, T> {
    /// What rendering the body needs, for the page it goes on.
    fn body_job(&self, page: Option<String>) -> (&'s Source, &'s str, usize, Option<String>) {
        (self.src, self.body, self.body_offset, page)
    }

    fn diag(&self, kind: Kind, path: &str, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::new(kind, &self.src.rel, message);
        match self.spans.value(path) {
            Some(pos) => d.at(&self.src.text, pos),
            None => d,
        }
    }

    fn key_diag(&self, kind: Kind, path: &str, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::new(kind, &self.src.rel, message);
        match self.spans.key(path) {
            Some(pos) => d.at(&self.src.text, pos),
            None => d,
        }
    }

    /// Parses the date at `path`, pointing any error at the bad characters.
    fn date(&self, path: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Option<Edtf> {
        match Edtf::parse(text) {
            Ok(d) => Some(d),
            Err(e) => {
                let mut d = Diagnostic::new(
                    Kind::BadDate,
                    &self.src.rel,
                    format!("invalid date `{text}`: {}", e.message),
                );
                if let Some(pos) = self.spans.value(path) {
                    let quoted =
                        line_char(&self.src.text, pos).is_some_and(|c| c == '"' || c == '\'');
                    let col = pos.col as usize
                        + usize::from(quoted)
                        + text[..e.offset.min(text.len())].chars().count();
                    d = d.at(&self.src.text, Pos::new(pos.line as usize, col, e.len));
                }
                diags.push(d.hint("write dates as EDTF: 2022-03-06, 2022-03, 2022, 2022-03~, 2022-03-01/2022-03-05"));
                None
            }
        }
    }
}

fn line_char(text: &str, pos: Pos) -> Option<char> {
    text.split('\n')
        .nth(pos.line as usize - 1)?
        .chars()
        .nth(pos.col as usize - 1)
}

/// Splits and parses one file.
fn parse_file<T: FrontMatter>(src: &Source, what: &str) -> Parse {
    let split = match source::split(&src.text) {
        Ok(s) => s,
        Err(e) => {
            let d = Diagnostic::new(Kind::FrontMatter, &src.rel, e.message)
                .at(&src.text, e.pos)
                .hint(e.hint);
            return Parse::new(src, None, Spans::default(), vec![d], 0);
        }
    };
    let parsed = yaml::parse::<T>(&yaml::Doc {
        path: &src.rel,
        file: &src.text,
        yaml: split.yaml,
        first_line: split.yaml_line,
        what,
    });
    let front = parsed.value.map(|fm| T::wrap(Arc::new(fm)));
    Parse::new(
        src,
        front,
        parsed.spans,
        parsed.diagnostics,
        split.body_offset,
    )
}

fn parse_any(src: &Source) -> Parse {
    match src.section {
        Section::Briefing => parse_file::<BriefingFm>(src, "briefing"),
        Section::Actor => parse_file::<ActorFm>(src, "actor"),
        Section::Topic => parse_file::<TopicFm>(src, "topic"),
        Section::Page => parse_file::<PageFm>(src, "page"),
    }
}

impl<'s, T: FrontMatter> Parsed<'s, T> {
    fn of(src: &'s Source, parse: &Parse) -> Option<Self> {
        Some(Parsed {
            src,
            fm: Arc::clone(T::unwrap(parse.front.as_ref()?)?),
            spans: parse.spans.clone(),
            body: &src.text[parse.body_offset..],
            body_offset: parse.body_offset,
        })
    }
}

enum AnyParsed<'s> {
    Briefing(Parsed<'s, BriefingFm>),
    Actor(Parsed<'s, ActorFm>),
    Topic(Parsed<'s, TopicFm>),
    Page(Parsed<'s, PageFm>),
}

/// Builds the model from every source of the site, or reports every problem found.
pub fn build(config: Config, sources: &[Source], opts: &Options) -> Result<Site, Vec<Diagnostic>> {
    build_with(config, sources, opts, &mut Cache::default()).map(Arc::unwrap_or_clone)
}

/// [`build`], reusing what `cache` holds from the last build of the same site and
/// leaving in it what this build did.
pub fn build_with(
    config: Config,
    sources: &[Source],
    opts: &Options,
    cache: &mut Cache,
) -> Result<Arc<Site>, Vec<Diagnostic>> {
    cache.patched = None;
    if let Some(site) = patch::patch(&config, sources, opts, cache) {
        return Ok(site);
    }
    cache.last = None;
    let parses: Vec<Arc<Parse>> = sources
        .par_iter()
        .map(|src| match cache.parse(src) {
            Some(p) => Arc::clone(p),
            None => Arc::new(parse_any(src)),
        })
        .collect();
    cache.parses = sources
        .iter()
        .zip(&parses)
        .map(|(s, p)| (s.rel.clone(), Arc::clone(p)))
        .collect();
    let results = sources.iter().zip(&parses).map(|(src, p)| {
        let parsed = match src.section {
            Section::Briefing => Parsed::of(src, p).map(AnyParsed::Briefing),
            Section::Actor => Parsed::of(src, p).map(AnyParsed::Actor),
            Section::Topic => Parsed::of(src, p).map(AnyParsed::Topic),
            Section::Page => Parsed::of(src, p).map(AnyParsed::Page),
        };
        (parsed, p.diagnostics.clone())
    });
    let mut diags = Vec::new();
    let (mut briefings, mut actors, mut topics, mut pages) = (vec![], vec![], vec![], vec![]);
    for (parsed, ds) in results {
        diags.extend(ds);
        match parsed {
            Some(AnyParsed::Briefing(p)) => briefings.push(p),
            Some(AnyParsed::Actor(p)) => actors.push(p),
            Some(AnyParsed::Topic(p)) => topics.push(p),
            Some(AnyParsed::Page(p)) => pages.push(p),
            None => {}
        }
    }
    let mut drafts = HashSet::new();
    if !opts.drafts {
        briefings.retain(|b| !b.fm.draft);
        pages.retain(|p| !p.fm.draft);
        actors.retain(|a| {
            if a.fm.draft {
                drafts.insert(refs::fold(&a.fm.name));
                drafts.insert(refs::fold(&a.src.stem));
            }
            !a.fm.draft
        });
    }
    let mut b = Builder {
        diags,
        links: Vec::new(),
        actor_index: refs::Index::default(),
        topic_index: refs::Index::default(),
        draft_actors: drafts,
        topics: Vec::new(),
        claims: Vec::new(),
        archives: opts.archives.clone(),
        archive_cache: HashMap::new(),
    };
    let actor_slugs = b.slugs(&actors, |a| a.fm.slug.as_deref(), "actor");
    b.index_actors(&actors, &actor_slugs);
    b.index_topics(&topics);
    let briefing_slugs = b.slugs(&briefings, |p| p.fm.slug.as_deref(), "briefing");
    let page_slugs = b.slugs(&pages, |p| p.fm.slug.as_deref(), "page");
    b.check_reserved(&pages, &page_slugs);

    let mut site_actors: Vec<Actor> = actors
        .iter()
        .zip(&actor_slugs)
        .map(|(a, slug)| b.actor(a, slug.clone()))
        .collect();
    let mut quotes = Vec::new();
    let mut events = Vec::new();
    let mut site_briefings: Vec<Briefing> = briefings
        .iter()
        .zip(&briefing_slugs)
        .enumerate()
        .map(|(i, (p, slug))| {
            b.briefing(p, slug.clone(), BriefingId::of(i), &mut quotes, &mut events)
        })
        .collect();

    // Bodies render in parallel once every actor is known.
    let actor_index = &b.actor_index;
    let resolve_section = |r: &str| -> Option<(ActorId, String)> {
        let id = actor_index.resolve(r).ok()?;
        Some((id, actor_path(&actor_slugs[id.index()])))
    };
    let section_env = markdown::Env {
        root: SECTION_ROOT,
        actor: &resolve_section,
        strip_html: opts.strip_html,
    };
    let page_env = markdown::Env {
        root: PAGE_ROOT,
        actor: &resolve_section,
        strip_html: opts.strip_html,
    };
    let context = Cache::context(actor_index, &actor_slugs, opts.strip_html);
    let kept = &*cache;
    let bodies = |files: Vec<(&Source, &str, usize, Option<String>)>,
                  env: &markdown::Env<ActorId>| {
        files
            .into_par_iter()
            .map(|(src, body, offset, page)| {
                let page = page.unwrap_or_default();
                if let Some(b) = kept.body(src, context, &page) {
                    return Arc::clone(b);
                }
                let rendered = markdown::render(body, env);
                let links = locate_links(src, offset, &rendered, &page);
                Arc::new(Body::new(src, context, page, rendered, links))
            })
            .collect::<Vec<Arc<Body>>>()
    };
    let briefing_bodies = bodies(
        briefings
            .iter()
            .zip(&briefing_slugs)
            .map(|(p, slug)| p.body_job(Some(briefing_path(slug))))
            .collect(),
        &section_env,
    );
    let actor_bodies = bodies(
        actors
            .iter()
            .zip(&actor_slugs)
            .map(|(p, slug)| p.body_job(Some(actor_path(slug))))
            .collect(),
        &section_env,
    );
    // A topic's page is known only if its name resolves (it may clash with another's).
    let topic_ids: Vec<Option<TopicId>> = topics
        .iter()
        .map(|p| b.topic_index.resolve(&p.fm.name).ok())
        .collect();
    let topic_bodies = bodies(
        topics
            .iter()
            .zip(&topic_ids)
            .map(|(p, id)| p.body_job(id.map(|id| topic_path(&b.topics[id.index()].slug))))
            .collect(),
        &section_env,
    );
    let page_bodies = bodies(
        pages
            .iter()
            .zip(&page_slugs)
            .map(|(p, slug)| p.body_job(Some(page_path(slug))))
            .collect(),
        &page_env,
    );
    cache.bodies = [&briefing_bodies, &actor_bodies, &topic_bodies, &page_bodies]
        .into_iter()
        .flatten()
        .zip(
            briefings
                .iter()
                .map(|p| p.src)
                .chain(actors.iter().map(|p| p.src))
                .chain(topics.iter().map(|p| p.src))
                .chain(pages.iter().map(|p| p.src)),
        )
        .map(|(body, src)| (src.rel.clone(), Arc::clone(body)))
        .collect();

    let mut mentions: Vec<Vec<Mention>> = vec![Vec::new(); site_actors.len()];
    for (i, (p, body)) in briefings.iter().zip(&briefing_bodies).enumerate() {
        let r = &body.rendered;
        b.bad_links(p, r);
        b.links.extend_from_slice(&body.links);
        let br = &mut site_briefings[i];
        for &a in &r.mentions {
            push_unique(&mut br.actors, a);
            mentions[a.index()].push(Mention::Briefing(BriefingId::of(i)));
        }
        if br.summary.is_empty() {
            br.summary = r.first_paragraph.clone();
        }
        br.body_html = Arc::clone(&body.html);
    }
    for (i, (p, body)) in actors.iter().zip(&actor_bodies).enumerate() {
        let r = &body.rendered;
        b.bad_links(p, r);
        b.links.extend_from_slice(&body.links);
        for &a in &r.mentions {
            if a.index() != i {
                mentions[a.index()].push(Mention::Actor(ActorId::of(i)));
            }
        }
        site_actors[i].body_html = Arc::clone(&body.html);
    }
    let site_pages: Vec<Page> = pages
        .iter()
        .zip(&page_bodies)
        .zip(page_slugs)
        .enumerate()
        .map(|(i, ((p, body), slug))| {
            let r = &body.rendered;
            b.bad_links(p, r);
            b.links.extend_from_slice(&body.links);
            for &a in &r.mentions {
                mentions[a.index()].push(Mention::Page(i));
            }
            Page {
                slug,
                title: p.fm.title.clone(),
                summary: p.fm.summary.clone(),
                body_html: Arc::clone(&body.html),
                path: p.src.rel.clone(),
            }
        })
        .collect();
    for ((p, body), id) in topics.iter().zip(&topic_bodies).zip(&topic_ids) {
        b.bad_links(p, &body.rendered);
        if let Some(id) = *id {
            b.links.extend_from_slice(&body.links);
            b.topics[id.index()].body_html = Arc::clone(&body.html);
        }
    }

    if !b.diags.is_empty() {
        crate::diag::sort(&mut b.diags);
        return Err(b.diags);
    }
    for m in &mut mentions {
        m.sort();
        m.dedup();
    }
    let topics = std::mem::take(&mut b.topics);
    let body_links = std::mem::take(&mut b.links);
    let claims = std::mem::take(&mut b.claims);
    let site = Arc::new(index(
        config,
        site_actors,
        shared(site_briefings),
        topics,
        site_pages,
        shared(quotes),
        shared(events),
        shared(claims),
        mentions,
        body_links,
    ));
    let at: HashMap<&Path, BriefingId> = briefings
        .iter()
        .enumerate()
        .map(|(i, p)| (p.src.rel.as_path(), BriefingId::of(i)))
        .collect();
    cache.last = Some(patch::Last {
        site: Arc::clone(&site),
        actor_index: b.actor_index,
        topic_index: b.topic_index,
        draft_actors: b.draft_actors,
        context,
        drafts: opts.drafts,
        strip_html: opts.strip_html,
        sources: sources
            .iter()
            .map(|s| (s.rel.clone(), Arc::clone(&s.text)))
            .collect(),
        briefing_at: sources
            .iter()
            .map(|s| at.get(s.rel.as_path()).copied())
            .collect(),
        link_bodies: briefing_bodies
            .into_iter()
            .chain(actor_bodies)
            .chain(page_bodies)
            .chain(
                topic_bodies
                    .into_iter()
                    .zip(&topic_ids)
                    .filter(|(_, id)| id.is_some())
                    .map(|(b, _)| b),
            )
            .collect(),
    });
    Ok(site)
}

/// A body's links into the site, placed in its file, to be checked once every page is
/// known.
fn locate_links(
    src: &Source,
    body_offset: usize,
    r: &markdown::Rendered<ActorId>,
    page: &str,
) -> Vec<Arc<BodyLink>> {
    if r.local_links.is_empty() {
        return Vec::new();
    }
    // One line index per file: a body may hold many thousands of links.
    let lines = Lines::new(&src.text);
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

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

struct Builder {
    diags: Vec<Diagnostic>,
    links: Vec<Arc<BodyLink>>,
    actor_index: refs::Index<ActorId>,
    topic_index: refs::Index<TopicId>,
    draft_actors: HashSet<String>,
    topics: Vec<Topic>,
    /// Claims of every briefing, in the order read.
    claims: Vec<Claim>,
    archives: verify::Archives,
    /// Archived sources read so far, by path, or why they could not be read.
    archive_cache: HashMap<String, Result<std::sync::Arc<verify::Archive>, String>>,
}

impl Builder {
    /// Assigns each file its slug, reporting slugs that are invalid or taken twice
    /// (also when they differ only in case or accents, which collide on some hosts), or
    /// that cannot be a folder name on every host (`con`, too long).
    fn slugs<T>(
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

    fn index_actors(&mut self, actors: &[Parsed<ActorFm>], slugs: &[Slug]) {
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

    fn index_topics(&mut self, topics: &[Parsed<TopicFm>]) {
        let slugs = self.slugs(topics, |t| t.fm.slug.as_deref(), "topic");
        for (t, slug) in topics.iter().zip(slugs) {
            let id = TopicId::of(self.topics.len());
            self.topic_index.insert(slug.as_str(), id);
            self.topic_index.insert(&t.fm.name, id);
            for alias in &t.fm.aliases {
                self.topic_index.insert(alias, id);
            }
            self.topics.push(Topic {
                slug,
                name: t.fm.name.clone(),
                body_html: "".into(),
                path: Some(t.src.rel.clone()),
            });
        }
    }

    fn check_reserved(&mut self, pages: &[Parsed<PageFm>], slugs: &[Slug]) {
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
    fn actor_ref<T>(&mut self, p: &Parsed<T>, path: &str, name: &str) -> Option<ActorId> {
        match self.actor_index.resolve(name) {
            Ok(id) => Some(id),
            Err(RefError::Unknown { suggestion }) => {
                let mut d = p.diag(Kind::UnknownActor, path, format!("unknown actor `{name}`"));
                if self.draft_actors.contains(&refs::fold(name)) {
                    d = d.hint("that actor is a draft; build with --drafts or publish it");
                } else if let Some((near, _)) = suggestion {
                    d = d.hint(format!("did you mean `{near}`?"));
                } else {
                    d = d.hint("add the actor in content/actors/, or fix the name");
                }
                self.diags.push(d);
                None
            }
            Err(RefError::Ambiguous(_)) => {
                self.diags.push(
                    p.diag(
                        Kind::AmbiguousRef,
                        path,
                        format!("`{name}` names more than one actor"),
                    )
                    .hint("use the actor's slug"),
                );
                None
            }
        }
    }

    fn topic_ref<T>(&mut self, p: &Parsed<T>, path: &str, name: &str) -> Option<TopicId> {
        if let Ok(id) = self.topic_index.resolve(name) {
            return Some(id);
        }
        let slug = refs::slugify(name);
        if slug.is_empty() {
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
        let id = TopicId::of(self.topics.len());
        self.topic_index.insert(name, id);
        self.topic_index.insert(&slug, id);
        self.topics.push(Topic {
            slug: Slug(slug),
            name: name.to_string(),
            body_html: "".into(),
            path: None,
        });
        Some(id)
    }

    fn actor(&mut self, p: &Parsed<ActorFm>, slug: Slug) -> Actor {
        let kind = match p.fm.kind.as_deref() {
            None => ActorKind::Other,
            Some(k) => ActorKind::parse(k).unwrap_or_else(|| {
                let names = ["person", "organisation", "state", "group"];
                let mut d = p.diag(Kind::BadValue, "kind", format!("unknown actor kind `{k}`"));
                d = match crate::diag::nearest(k, names) {
                    Some(n) => d.hint(format!("did you mean `{n}`?")),
                    None => d.hint("use person, organisation, state or group"),
                };
                self.diags.push(d);
                ActorKind::Other
            }),
        };
        let mut diags = Vec::new();
        let mut affiliations: Vec<Affiliation> = Vec::new();
        for (i, aff) in p.fm.affiliations.iter().enumerate() {
            let path = format!("affiliations[{i}]");
            // The short form's value sits at `affiliations[i]`, the long form's at
            // `affiliations[i].actor`; the span lookup falls back from one to the other.
            let actor = self.actor_ref(p, &format!("{path}.actor"), &aff.actor);
            let from = aff
                .from
                .as_ref()
                .and_then(|d| p.date(&format!("{path}.from"), &d.0, &mut diags));
            let until = aff
                .until
                .as_ref()
                .and_then(|d| p.date(&format!("{path}.until"), &d.0, &mut diags));
            if let (Some(f), Some(u)) = (&from, &until) {
                if u.upper() < f.lower() {
                    diags.push(
                        p.diag(
                            Kind::BadDate,
                            &format!("{path}.until"),
                            format!(
                                "affiliation ends (`{}`) before it begins (`{}`)",
                                u.as_written(),
                                f.as_written()
                            ),
                        )
                        .hint("swap `from` and `until`, or fix one of them"),
                    );
                }
            }
            if let Some(actor) = actor {
                affiliations.push(Affiliation {
                    actor,
                    from,
                    until,
                    role: aff.role.clone(),
                });
            }
        }
        let mut aliases = Vec::new();
        for (i, alias) in p.fm.aliases.iter().enumerate() {
            if let Some(lang) = &alias.lang {
                if !valid_lang(lang) {
                    diags.push(
                        p.diag(
                            Kind::BadValue,
                            &format!("aliases[{i}].lang"),
                            format!("invalid language tag `{lang}`"),
                        )
                        .hint("use a BCP 47 language tag such as uk, ru or sr-Latn"),
                    );
                }
            }
            aliases.push(Alias {
                name: alias.name.clone(),
                lang: alias.lang.clone(),
            });
        }
        self.diags.extend(diags);
        Actor {
            slug,
            name: p.fm.name.clone(),
            kind,
            role: p.fm.role.clone(),
            aliases,
            affiliations,
            body_html: "".into(),
            path: p.src.rel.clone(),
        }
    }

    fn briefing(
        &mut self,
        p: &Parsed<BriefingFm>,
        slug: Slug,
        id: BriefingId,
        quotes: &mut Vec<Quote>,
        events: &mut Vec<Event>,
    ) -> Briefing {
        let fm = &p.fm;
        let mut diags = Vec::new();
        let date = p.date("date", &fm.date.0, &mut diags);
        let updated = fm
            .updated
            .as_ref()
            .and_then(|u| p.date("updated", &u.0, &mut diags));
        let mut actors = Vec::new();
        for (i, r) in fm.actors.iter().enumerate() {
            if let Some(a) = self.actor_ref(p, &format!("actors[{i}]"), r) {
                push_unique(&mut actors, a);
            }
        }
        let topics = fm
            .topics
            .iter()
            .enumerate()
            .filter_map(|(i, t)| self.topic_ref(p, &format!("topics[{i}]"), t))
            .collect::<Vec<_>>();
        let mut sources = Vec::new();
        let mut archives = Vec::new();
        let mut source_ids: HashMap<&str, usize> = HashMap::new();
        for (i, s) in fm.sources.iter().enumerate() {
            let path = format!("sources[{i}]");
            if source_ids.insert(s.id.as_str(), i).is_some() {
                diags.push(p.diag(
                    Kind::DuplicateSlug,
                    &format!("{path}.id"),
                    format!("source id `{}` is used twice in this briefing", s.id),
                ));
            }
            if let Some(url) = &s.url {
                if let Err(why) = check_url(url) {
                    diags.push(
                        p.diag(Kind::BadValue, &format!("{path}.url"), why)
                            .hint("use an http(s) URL"),
                    );
                }
            }
            if let Some(g) = &s.grade {
                if !valid_grade(g) {
                    diags.push(
                        p.diag(Kind::BadValue, &format!("{path}.grade"), format!("invalid source grade `{g}`"))
                            .hint("an Admiralty grade is a letter A–F (reliability) and a digit 1–6 (credibility), e.g. B2"),
                    );
                }
            }
            archives.push(s.archive.as_ref().and_then(|rel| {
                let (archive, error) = self.archive(rel);
                if let Some(why) = error {
                    diags.push(
                        p.diag(Kind::BadValue, &format!("{path}.archive"), why)
                            .hint("archive paths are relative to the content/ folder, e.g. sources/report.txt"),
                    );
                }
                archive
            }));
            sources.push(Citation {
                id: s.id.clone(),
                title: s.title.clone(),
                publisher: s.publisher.clone(),
                date: s
                    .date
                    .as_ref()
                    .and_then(|d| p.date(&format!("{path}.date"), &d.0, &mut diags)),
                url: s.url.clone(),
                grade: s.grade.clone(),
                archive: s.archive.clone(),
            });
        }
        let ids: Vec<&str> = fm.sources.iter().map(|s| s.id.as_str()).collect();
        let source_ref = |path: String,
                          r: &Option<String>,
                          diags: &mut Vec<Diagnostic>|
         -> Option<usize> {
            let r = r.as_deref()?;
            match source_ids.get(r) {
                Some(&i) => Some(i),
                None => {
                    let mut d = p.diag(Kind::UnknownSource, &path, format!("unknown source `{r}`"));
                    d = match crate::diag::nearest(r, ids.iter().copied()) {
                        Some(n) => d.hint(format!("did you mean `{n}`?")),
                        None if ids.is_empty() => d.hint("add it under `sources:` with this `id:`"),
                        None => d.hint(format!("sources of this briefing: {}", ids.join(", "))),
                    };
                    diags.push(d);
                    None
                }
            }
        };
        let mut quote_ids = Vec::new();
        for (i, q) in fm.quotes.iter().enumerate() {
            let path = format!("quotes[{i}]");
            let by = self.actor_ref(p, &format!("{path}.by"), &q.by);
            let said = p.date(&format!("{path}.said"), &q.said.0, &mut diags);
            let source = source_ref(format!("{path}.source"), &q.source, &mut diags);
            if q.text.trim().is_empty() {
                diags.push(p.diag(Kind::BadValue, &format!("{path}.text"), "empty quote text"));
            }
            let archive = source.and_then(|i| archives.get(i).cloned().flatten());
            let verified = match &archive {
                Some(a) if !q.text.trim().is_empty() => {
                    let found = a.contains(&q.text);
                    if !found {
                        diags.push(unverified(
                            p,
                            &format!("{path}.text"),
                            q,
                            &fm.sources,
                            source,
                            a,
                        ));
                    }
                    found
                }
                _ => false,
            };
            if let (Some(by), Some(said)) = (by, said) {
                push_unique(&mut actors, by);
                quote_ids.push(QuoteId::of(quotes.len()));
                quotes.push(Quote {
                    briefing: id,
                    ordinal: i + 1,
                    by,
                    text: q.text.clone(),
                    said,
                    venue: q.venue.clone(),
                    role: q.role.clone(),
                    source,
                    verified,
                });
            }
        }
        let mut event_ids = Vec::new();
        for (i, e) in fm.events.iter().enumerate() {
            let path = format!("events[{i}]");
            let date = p.date(&format!("{path}.date"), &e.date.0, &mut diags);
            let ev_actors: Vec<ActorId> = e
                .actors
                .iter()
                .enumerate()
                .filter_map(|(j, r)| self.actor_ref(p, &format!("{path}.actors[{j}]"), r))
                .collect();
            let source = source_ref(format!("{path}.source"), &e.source, &mut diags);
            for &a in &ev_actors {
                push_unique(&mut actors, a);
            }
            if let Some(date) = date {
                event_ids.push(EventId::of(events.len()));
                events.push(Event {
                    briefing: id,
                    ordinal: i + 1,
                    date,
                    what: e.what.clone(),
                    actors: ev_actors,
                    place: e.place.clone(),
                    source,
                });
            }
        }
        let claims = self.claims(p, id, &mut actors, &mut diags, &|path, r, diags| {
            source_ref(path, &Some(r.to_string()), diags)
        });
        let mut corrections = Vec::new();
        for (i, c) in fm.corrections.iter().enumerate() {
            let path = format!("corrections[{i}]");
            let Some(day) = p.date(&format!("{path}.date"), &c.date.0, &mut diags) else {
                continue;
            };
            let exact = !day.is_interval()
                && day.precision() == crate::dates::Precision::Day
                && !day.is_uncertain()
                && !day.is_approximate();
            if !exact {
                diags.push(
                    p.diag(
                        Kind::BadDate,
                        &format!("{path}.date"),
                        format!("a correction is dated to the day, not `{}`", c.date.0),
                    )
                    .hint("write the day the correction was made, e.g. 2022-03-07"),
                );
            } else if date.as_ref().is_some_and(|d| day.upper() < d.lower()) {
                diags.push(
                    p.diag(
                        Kind::BadDate,
                        &format!("{path}.date"),
                        format!(
                            "correction dated `{}`, before the briefing's date",
                            c.date.0
                        ),
                    )
                    .hint("a correction comes after publication"),
                );
            }
            if c.what.trim().is_empty() {
                diags.push(p.diag(Kind::BadValue, &format!("{path}.what"), "empty correction"));
            }
            corrections.push(Correction {
                date: day,
                what: c.what.clone(),
            });
        }
        if fm.title.trim().is_empty() {
            diags.push(p.diag(Kind::BadValue, "title", "empty title"));
        }
        self.diags.extend(diags);
        Briefing {
            slug,
            title: fm.title.clone(),
            // A placeholder only when the date is invalid, and then the build fails.
            date: date.unwrap_or_else(|| Edtf::parse("1970").expect("valid")),
            updated,
            summary: fm.summary.clone().unwrap_or_default(),
            location: fm.location.clone(),
            topics,
            actors,
            quotes: quote_ids,
            events: event_ids,
            sources,
            claims,
            corrections,
            body_html: "".into(),
            path: p.src.rel.clone(),
        }
    }

    /// Reads the briefing's claims into `self.claims`, returning their ids; actors on
    /// either side join the briefing's `actors`.
    fn claims(
        &mut self,
        p: &Parsed<BriefingFm>,
        id: BriefingId,
        actors: &mut Vec<ActorId>,
        diags: &mut Vec<Diagnostic>,
        source_ref: &SourceRef,
    ) -> Vec<ClaimId> {
        let mut ids = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for (i, c) in p.fm.claims.iter().enumerate() {
            let path = format!("claims[{i}]");
            if c.id.is_empty() || refs::slugify(&c.id) != c.id {
                let slug = refs::slugify(&c.id);
                diags.push(
                    p.diag(
                        Kind::BadValue,
                        &format!("{path}.id"),
                        format!("invalid claim id `{}`", c.id),
                    )
                    .hint(format!(
                        "claim ids are lowercase words joined by hyphens, e.g. `{}`",
                        if slug.is_empty() {
                            "deliberate-targeting"
                        } else {
                            &slug
                        }
                    )),
                );
            } else if !seen.insert(c.id.as_str()) {
                diags.push(p.diag(
                    Kind::DuplicateSlug,
                    &format!("{path}.id"),
                    format!("claim id `{}` is used twice in this briefing", c.id),
                ));
            }
            if c.text.trim().is_empty() {
                diags.push(p.diag(Kind::BadValue, &format!("{path}.text"), "empty claim text"));
            }
            let side = |key: &str, refs: &[String], this: &mut Self| -> Vec<ActorId> {
                let mut out = Vec::new();
                for (j, r) in refs.iter().enumerate() {
                    if let Some(a) = this.actor_ref(p, &format!("{path}.{key}[{j}]"), r) {
                        push_unique(&mut out, a);
                    }
                }
                out
            };
            let by = side("by", &c.by, self);
            let denied_by = side("denied_by", &c.denied_by, self);
            if c.by.is_empty() && c.denied_by.is_empty() {
                diags.push(
                    p.diag(Kind::MissingKey, &path, "a claim needs `by` or `denied_by`")
                        .hint("name who asserts it in `by:` and who disputes it in `denied_by:`"),
                );
            }
            for (j, a) in by.iter().enumerate() {
                if denied_by.contains(a) {
                    diags.push(p.diag(
                        Kind::BadValue,
                        &format!("{path}.by[{j}]"),
                        format!(
                            "`{}` both asserts and denies this claim",
                            c.by.get(j).map_or("", String::as_str)
                        ),
                    ).hint("split it into two claims, or record the change with `status: retracted`"));
                }
            }
            let status = match c.status.as_deref() {
                None if denied_by.is_empty() && c.denied_by.is_empty() => ClaimStatus::Asserted,
                None => ClaimStatus::Disputed,
                Some(s) => ClaimStatus::parse(s).unwrap_or_else(|| {
                    let names = ClaimStatus::ALL.map(ClaimStatus::code);
                    let d = p.diag(
                        Kind::BadValue,
                        &format!("{path}.status"),
                        format!("unknown claim status `{s}`"),
                    );
                    diags.push(match crate::diag::nearest(s, names) {
                        Some(n) => d.hint(format!("did you mean `{n}`?")),
                        None => d.hint("use asserted, disputed, confirmed or retracted"),
                    });
                    ClaimStatus::Asserted
                }),
            };
            let date = c
                .date
                .as_ref()
                .and_then(|d| p.date(&format!("{path}.date"), &d.0, diags));
            let sources = c
                .sources
                .iter()
                .enumerate()
                .filter_map(|(j, s)| source_ref(format!("{path}.sources[{j}]"), s, diags))
                .collect();
            for &a in by.iter().chain(&denied_by) {
                push_unique(actors, a);
            }
            ids.push(ClaimId::of(self.claims.len()));
            self.claims.push(Claim {
                briefing: id,
                id: c.id.clone(),
                text: c.text.clone(),
                by,
                denied_by,
                status,
                date,
                sources,
            });
        }
        ids
    }

    /// The archived source at `rel`, read once per build, or why it cannot be read.
    fn archive(&mut self, rel: &str) -> (Option<std::sync::Arc<verify::Archive>>, Option<String>) {
        let archives = &self.archives;
        let cached = self
            .archive_cache
            .entry(rel.to_string())
            .or_insert_with(|| {
                archives
                    .read(rel)
                    .map(|text| std::sync::Arc::new(verify::Archive::new(&text)))
            });
        match cached {
            Ok(a) => (Some(a.clone()), None),
            Err(why) => (None, Some(why.clone())),
        }
    }

    fn bad_links<T>(&mut self, p: &Parsed<T>, r: &markdown::Rendered<ActorId>) {
        if r.bad_links.is_empty() && r.problems.is_empty() {
            return;
        }
        let lines = Lines::new(&p.src.text);
        for problem in &r.problems {
            let range = problem.range();
            let at = lines.locate(p.body_offset + range.start, range.len());
            self.diags.push(
                Diagnostic::new(Kind::BadValue, &p.src.rel, problem.message())
                    .at_located(at)
                    .hint(problem.hint()),
            );
        }
        for bad in &r.bad_links {
            let at = lines.locate(p.body_offset + bad.range.start, bad.range.len());
            let mut d = Diagnostic::new(
                Kind::UnknownActor,
                &p.src.rel,
                format!("unknown actor `{}` in link", bad.target),
            )
            .at_located(at);
            d = match self.actor_index.resolve(&bad.target) {
                Err(RefError::Unknown {
                    suggestion: Some((near, _)),
                }) => d.hint(format!("did you mean `{near}`?")),
                _ => d.hint("link to an actor by slug, name or alias: [[antony-blinken]]"),
            };
            self.diags.push(d);
        }
    }
}

/// Resolves a source id at a path of a briefing to its index, reporting unknown ones.
type SourceRef<'a> = dyn Fn(String, &str, &mut Vec<Diagnostic>) -> Option<usize> + 'a;

/// A quote that its source's archived text does not contain, pointed at, with the
/// nearest passage of the archive as the hint.
fn unverified(
    p: &Parsed<BriefingFm>,
    path: &str,
    q: &crate::content::QuoteFm,
    sources: &[crate::content::SourceFm],
    source: Option<usize>,
    archive: &verify::Archive,
) -> Diagnostic {
    let file = source
        .and_then(|i| sources.get(i))
        .and_then(|s| s.archive.as_deref())
        .unwrap_or("");
    let d = p.diag(
        Kind::BadValue,
        path,
        format!("quote not found verbatim in the archived source `{file}`"),
    );
    d.hint(archive.hint(&q.text))
}

/// Refuses URLs that would run script when clicked. A source is a document to read, so
/// no `data:` URL at all, image or not.
pub fn check_url(url: &str) -> Result<(), String> {
    match markdown::urls::scheme(url) {
        Some(scheme)
            if matches!(
                scheme.as_str(),
                "javascript" | "vbscript" | "livescript" | "data"
            ) =>
        {
            Err(format!("`{scheme}:` URLs are not allowed"))
        }
        _ => Ok(()),
    }
}

fn valid_grade(g: &str) -> bool {
    crate::grade::Grade::parse(g).is_some()
}

/// A BCP 47 language tag, loosely: `uk`, `ru`, `zh-Hant`, `sr-Latn-RS`.
fn valid_lang(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=8).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[allow(
    clippy::too_many_arguments,
    reason = "one call site, assembling the final value"
)]
fn index(
    config: Config,
    actors: Vec<Actor>,
    briefings: Vec<Arc<Briefing>>,
    topics: Vec<Topic>,
    pages: Vec<Page>,
    quotes: Vec<Arc<Quote>>,
    events: Vec<Arc<Event>>,
    claims: Vec<Arc<Claim>>,
    mentions: Vec<Vec<Mention>>,
    body_links: Vec<Arc<BodyLink>>,
) -> Site {
    let n = actors.len();
    // As in `oldest_first`, on bounds worked out once.
    let bounds = |d: &Edtf| (d.lower(), d.upper());
    let (briefings_by_date, quotes_by_date) = rayon::join(
        || {
            let keys: Vec<_> = briefings.iter().map(|b| bounds(&b.date)).collect();
            let mut ids: Vec<BriefingId> = (0..briefings.len()).map(BriefingId::of).collect();
            ids.sort_by(|&a, &b| {
                let (x, y) = (&briefings[a.index()], &briefings[b.index()]);
                keys[b.index()]
                    .cmp(&keys[a.index()])
                    .then_with(|| y.date.as_written().cmp(x.date.as_written()))
                    .then_with(|| x.slug.cmp(&y.slug))
            });
            ids
        },
        || {
            oldest_first(&quotes, |q| &q.said)
                .map(QuoteId::of)
                .collect::<Vec<_>>()
        },
    );
    let mut actor_quotes = vec![Vec::new(); n];
    for &q in &quotes_by_date {
        actor_quotes[quotes[q.index()].by.index()].push(q);
    }
    let mut actor_events = vec![Vec::new(); n];
    let events_by_date: Vec<EventId> = oldest_first(&events, |e| &e.date)
        .map(EventId::of)
        .collect();
    for &e in &events_by_date {
        for &a in &events[e.index()].actors {
            push_once(&mut actor_events[a.index()], e);
        }
    }
    let mut actor_briefings = vec![Vec::new(); n];
    let mut co: Vec<BTreeMap<ActorId, usize>> = vec![BTreeMap::new(); n];
    for &b in &briefings_by_date {
        let involved = &briefings[b.index()].actors;
        for &a in involved {
            actor_briefings[a.index()].push(b);
            for &other in involved {
                if other != a {
                    *co[a.index()].entry(other).or_default() += 1;
                }
            }
        }
    }
    let co_actors = co
        .into_iter()
        .map(|m| {
            let mut v: Vec<(ActorId, usize)> = m.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v
        })
        .collect();
    let mut members = vec![Vec::new(); n];
    for (i, a) in actors.iter().enumerate() {
        for aff in &a.affiliations {
            push_once(&mut members[aff.actor.index()], ActorId::of(i));
        }
    }
    // Claims newest first; undated claims after dated ones, by briefing date.
    fn claim_key<'c>(
        c: &'c Claim,
        briefings: &'c [Arc<Briefing>],
    ) -> (bool, std::cmp::Reverse<&'c Edtf>) {
        let date = c.date.as_ref();
        (
            date.is_none(),
            std::cmp::Reverse(date.unwrap_or(&briefings[c.briefing.index()].date)),
        )
    }
    let mut claims_by_date: Vec<ClaimId> = (0..claims.len()).map(ClaimId::of).collect();
    claims_by_date.sort_by(|a, b| {
        claim_key(&claims[a.index()], &briefings)
            .cmp(&claim_key(&claims[b.index()], &briefings))
            .then(a.cmp(b))
    });
    let mut actor_claims = vec![Vec::new(); n];
    for &c in &claims_by_date {
        let claim = &claims[c.index()];
        for &a in &claim.by {
            push_once(&mut actor_claims[a.index()], (c, Stance::Asserts));
        }
        for &a in &claim.denied_by {
            push_once(&mut actor_claims[a.index()], (c, Stance::Denies));
        }
    }
    let mut corrections_by_date: Vec<(BriefingId, usize)> = briefings
        .iter()
        .enumerate()
        .flat_map(|(b, br)| (0..br.corrections.len()).map(move |i| (BriefingId::of(b), i)))
        .collect();
    corrections_by_date.sort_by(|&(a, i), &(b, j)| {
        let (x, y) = (
            &briefings[a.index()].corrections[i],
            &briefings[b.index()].corrections[j],
        );
        y.date.cmp(&x.date).then(a.cmp(&b)).then(i.cmp(&j))
    });
    let mut topic_briefings = vec![Vec::new(); topics.len()];
    for &b in &briefings_by_date {
        for &t in &briefings[b.index()].topics {
            push_once(&mut topic_briefings[t.index()], b);
        }
    }
    Site {
        config,
        actors,
        briefings,
        topics,
        pages,
        quotes,
        events,
        briefings_by_date,
        actor_quotes,
        actor_events,
        actor_briefings,
        co_actors,
        members,
        mentions,
        topic_briefings,
        quotes_by_date,
        claims,
        claims_by_date,
        actor_claims,
        corrections_by_date,
        body_links,
    }
}

/// Positions of `items` by date, oldest first, ties in order. Sorted on bounds worked
/// out once: comparing dates works them out again each time, and this runs on every
/// save in serve. Dates with the same bounds compare by their text, as `Edtf`'s order
/// does.
fn oldest_first<T: Send + Sync>(
    items: &[Arc<T>],
    date: impl Fn(&T) -> &Edtf + Sync,
) -> impl Iterator<Item = usize> {
    let keys: Vec<_> = items
        .iter()
        .map(|x| (date(x).lower(), date(x).upper()))
        .collect();
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.par_sort_by(|&a, &b| {
        keys[a]
            .cmp(&keys[b])
            .then_with(|| {
                date(&items[a])
                    .as_written()
                    .cmp(date(&items[b]).as_written())
            })
            .then(a.cmp(&b))
    });
    order.into_iter()
}

/// Pushes `x` unless it was the last pushed. For lists filled item by item, where a
/// repeat (an actor named twice in one event) can only follow itself: `push_unique`
/// scans the whole list, which made the listings of prolific actors and big topics
/// quadratic.
fn push_once<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if v.last() != Some(&x) {
        v.push(x);
    }
}

fn shared<T>(items: Vec<T>) -> Vec<Arc<T>> {
    items.into_iter().map(Arc::new).collect()
}
