//! The one validated, cross-referenced model of a site, built from parsed sources.
//!
//! Everything later stages need is resolved here: refs to ids, dates to `Edtf`, bodies
//! to HTML, and the backlinks (an actor's quotes, briefings, co-actors, mentions). A
//! build with any diagnostic produces no `Site`.

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::content::Extra;
use crate::dates::Edtf;
use crate::diag::Pos;
use crate::refs;
use crate::verify;

mod actor;
mod author;
mod bodies;
mod briefing;
mod build;
mod cache;
mod claims;
mod files;
mod image;
mod index;
mod lang;
mod parse;
mod patch;
mod resolve;
mod statements;
pub mod stored;
mod timeline;
mod topics;

pub use crate::config::valid_lang;
pub use build::{build, build_with};
pub use cache::{Cache, Touched};
pub use patch::{Patched, Reindexed};
pub use timeline::{Entry, MonthEntries};

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
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
id_type!(/// A statement, cited by one or more quotes: index into `Site::statements`.
    StatementId);
id_type!(/// An event: index into `Site::events`.
    EventId);
id_type!(/// A claim: index into `Site::claims`.
    ClaimId);
id_type!(/// An author with a file: index into `Site::authors`.
    AuthorId);

/// A URL path segment naming a page; unique within its section.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Slug(String);

impl Slug {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
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
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Actor {
    pub slug: Slug,
    pub name: String,
    pub kind: ActorKind,
    pub role: Option<String>,
    pub aliases: Vec<Alias>,
    pub affiliations: Vec<Affiliation>,
    /// Shared with serve's cache, which keeps it between builds.
    pub body_html: crate::spill::Html,
    pub path: PathBuf,
    /// A portrait or emblem (`image:`).
    pub image: Option<Image>,
    pub extra: Extra,
    /// The default language's code when the text shown is not in the site's language
    /// (a language site showing an untranslated item): templates mark it.
    pub text_lang: Option<String>,
}

/// A picture named in front matter, its file found and measured.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Image {
    /// Path under `content/`, with `/` between folders: also its path in the output.
    pub path: String,
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// Pixels, from the file's header (an SVG's from its `width`/`height`/`viewBox`).
    pub width: u32,
    pub height: u32,
}

/// A body's figure as an image of the page, for its link cards.
fn figure_image(f: &crate::markdown::Figure) -> Image {
    Image {
        path: f.path.clone(),
        alt: f.alt.clone(),
        caption: None,
        credit: None,
        width: f.size.width,
        height: f.size.height,
    }
}

/// Another name of an actor, in the language it is written in, when given.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Alias {
    pub name: String,
    /// BCP 47 language tag (`uk`).
    pub lang: Option<String>,
}

/// An actor's tie to another (a person to a state, a state to an alliance), with when
/// it held and in what role, when known.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Affiliation {
    pub actor: ActorId,
    pub from: Option<Edtf>,
    pub until: Option<Edtf>,
    pub role: Option<String>,
}

/// A source a briefing cites.
#[derive(Debug, Clone, serde::Serialize)]
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

#[derive(Debug, Clone, serde::Serialize)]
pub struct Briefing {
    pub slug: Slug,
    pub title: String,
    pub date: Edtf,
    pub updated: Option<Edtf>,
    pub summary: String,
    pub location: Option<String>,
    /// Who wrote it, in the order given.
    pub authors: Vec<Byline>,
    pub topics: Vec<TopicId>,
    /// Everyone involved: listed, quoted, in events or linked from the body.
    pub actors: Vec<ActorId>,
    /// Shared: a save in `serve` that renumbers topics copies the briefings.
    pub sources: Arc<[Citation]>,
    /// Oldest first, as written.
    pub corrections: Vec<Correction>,
    /// Shared with serve's cache, which keeps it between builds. Left out of the
    /// site's outline (see `crate::outline`), which the incremental build compares.
    #[serde(skip)]
    pub body_html: crate::spill::Html,
    /// The body's headings, with their ids, for a table of contents.
    pub headings: Arc<[crate::markdown::Heading]>,
    /// The body's first figure: the link cards' image when there is no `image`.
    pub figure: Option<Image>,
    /// `toc:` as written: whether to show a table of contents, if it says.
    pub toc: Option<bool>,
    pub path: PathBuf,
    /// The lead image (`image:`).
    pub image: Option<Image>,
    pub extra: Extra,
    /// The default language's code when the text shown is not in the site's language
    /// (a language site showing an untranslated item): templates mark it.
    pub text_lang: Option<String>,
}

/// One name of a briefing's byline.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Byline {
    /// An author with a file in `content/authors/`, and so a page.
    Author(AuthorId),
    /// A name without a page (`{name: …}`).
    Name(String),
}

/// Someone who writes briefings (`content/authors/<slug>.md`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Author {
    pub slug: Slug,
    pub name: String,
    pub role: Option<String>,
    /// Their own page elsewhere.
    pub url: Option<String>,
    pub email: Option<String>,
    /// An http(s) URL, or a path under `content/`.
    pub image: Option<String>,
    /// The bio. Shared with serve's cache, which keeps it between builds.
    pub body_html: crate::spill::Html,
    pub path: PathBuf,
    pub extra: Extra,
    /// The default language's code when the text shown is not in the site's language
    /// (a language site showing an untranslated item): templates mark it.
    pub text_lang: Option<String>,
}

impl Quote {
    /// The desk's translation of it for a page in `page`, when it was said in another
    /// language (`lang` unset: said in the site's own language).
    pub fn translation(&self, page: &str) -> Option<&str> {
        self.lang.as_deref().filter(|l| *l != page)?;
        (self.translations.iter())
            .find(|(code, _)| code == page)
            .map(|(_, text)| text.as_str())
    }
}

impl Briefing {
    /// When it last changed: the latest of its `date`, `updated` and its corrections'
    /// dates, each at its start (lower bound, with the time of day if one is written).
    /// What feeds, `article:modified_time` and JSON-LD say.
    pub fn last_changed(&self) -> crate::dates::Moment {
        let d = self.date.start();
        let d = self.updated.as_ref().map_or(d, |u| u.start().max(d));
        self.corrections
            .iter()
            .map(|c| c.date.start())
            .fold(d, crate::dates::Moment::max)
    }
}

/// A correction to a briefing, dated to the day.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Correction {
    pub date: Edtf,
    pub what: String,
}

/// Where a claim stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
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

    fn parse(s: &str) -> Option<ClaimStatus> {
        ClaimStatus::ALL.into_iter().find(|c| c.code() == s.trim())
    }
}

/// Which side of a claim an actor is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Stance {
    Asserts,
    Denies,
}

/// An item of a briefing (a quote, an event, a claim): the briefing it is in and the
/// item itself, shared. A briefing added or deleted in `serve` moves the ids of every
/// briefing after it, and so the briefing of their items, but not the items: moving
/// one is a copy of a pointer, not of its text.
#[derive(Debug, serde::Serialize)]
pub struct InBriefing<T> {
    pub briefing: BriefingId,
    item: Arc<T>,
}

impl<T> InBriefing<T> {
    pub fn new(briefing: BriefingId, item: T) -> InBriefing<T> {
        InBriefing {
            briefing,
            item: Arc::new(item),
        }
    }

    /// The item, to change: copied first if another site shares it.
    pub(crate) fn item_mut(&mut self) -> &mut T
    where
        T: Clone,
    {
        Arc::make_mut(&mut self.item)
    }

    /// The same item, in briefing `briefing`.
    pub(crate) fn moved_to(&self, briefing: BriefingId) -> InBriefing<T> {
        InBriefing {
            briefing,
            item: Arc::clone(&self.item),
        }
    }
}

// Not derived: that would ask for `T: Clone`, and the item is not copied.
impl<T> Clone for InBriefing<T> {
    fn clone(&self) -> InBriefing<T> {
        self.moved_to(self.briefing)
    }
}

impl<T> std::ops::Deref for InBriefing<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.item
    }
}

pub type Claim = InBriefing<ClaimItem>;
pub type Quote = InBriefing<QuoteItem>;
pub type Event = InBriefing<EventItem>;

/// A claim: something asserted, by whom, and who denies or disputes it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ClaimItem {
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

/// Something an actor said, as one briefing quotes it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct QuoteItem {
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
    /// The editor's id of the statement it cites (`id:`), which merges quotes whose
    /// words differ.
    pub statement_id: Option<String>,
    /// A hash of its words as statements compare them, made once with the quote: the
    /// listings index, which `serve` runs again after many saves, then compares hashes.
    pub words: u64,
    /// The language it was said in (BCP 47); `None`: the site's default language.
    pub lang: Option<String>,
    /// The desk's translations of `text`, as (language code, text), sorted by code.
    pub translations: Vec<(String, String)>,
}

/// What someone said, once, however many briefings quote it: the quotes with the same
/// speaker, words (compared as quote verification compares them) and date, or with the
/// same editor's `id`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Statement {
    /// The quotes citing it, the one in the oldest briefing first (by date, then
    /// slug), then in the order written: never empty. Listings show the first.
    pub quotes: smallvec::SmallVec<[QuoteId; 4]>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct EventItem {
    pub ordinal: usize,
    pub date: Edtf,
    pub what: String,
    pub actors: Vec<ActorId>,
    pub place: Option<String>,
    pub source: Option<usize>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Topic {
    pub slug: Slug,
    pub name: String,
    /// Shared with serve's cache, which keeps it between builds.
    pub body_html: crate::spill::Html,
    pub path: Option<PathBuf>,
    /// Empty for a topic without a file.
    pub extra: Extra,
    /// Other names, some in a language (`aliases:`).
    pub aliases: Vec<Alias>,
    /// The default language's code when the text shown is not in the site's language
    /// (a language site showing an untranslated item): templates mark it.
    pub text_lang: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Page {
    pub slug: Slug,
    pub title: String,
    pub summary: Option<String>,
    /// Shared with serve's cache, which keeps it between builds.
    pub body_html: crate::spill::Html,
    /// The body's headings, with their ids, for a table of contents.
    pub headings: Arc<[crate::markdown::Heading]>,
    /// `toc:` as written.
    pub toc: Option<bool>,
    pub path: PathBuf,
    pub extra: Extra,
    /// The default language's code when the text shown is not in the site's language
    /// (a language site showing an untranslated item): templates mark it.
    pub text_lang: Option<String>,
}

/// A page whose body links to an actor with `[[…]]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Mention {
    Briefing(BriefingId),
    Actor(ActorId),
    Page(usize),
}

/// A link in a Markdown body to something inside the site, kept for checking.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, serde::Serialize)]
pub struct Site {
    pub config: Config,
    pub actors: Vec<Actor>,
    // Items are shared, so that serve's rebuild after one edit can make a new site
    // from the last one without copying every briefing and quote.
    #[serde(skip)] // Outlined in parallel: see `crate::outline`.
    pub briefings: Vec<Arc<Briefing>>,
    pub topics: Vec<Topic>,
    pub pages: Vec<Page>,
    #[serde(skip)] // Outlined in parallel: see `crate::outline`.
    pub quotes: Vec<Quote>,
    #[serde(skip)] // Outlined in parallel: see `crate::outline`.
    pub events: Vec<Event>,
    pub claims: Vec<Claim>,
    // The listings below are shared too: serve's rebuild copies the site for every save
    // (`Site::clone`), and most saves leave most of them as they were, which the copy
    // then held twice (a body edit's copy took half the time with them shared). One
    // that changes is copied when changed (`Arc::make_mut`).
    /// Briefings newest first.
    pub briefings_by_date: Arc<Vec<BriefingId>>,
    /// Per actor: their statements in date order, each by its first quote.
    pub actor_quotes: Arc<Vec<Vec<QuoteId>>>,
    pub actor_events: Arc<Vec<Vec<EventId>>>,
    /// Per actor: briefings newest first.
    pub actor_briefings: Arc<Vec<Vec<BriefingId>>>,
    /// Per actor: other actors sharing a briefing, most shared first.
    pub co_actors: Arc<Vec<Vec<(ActorId, usize)>>>,
    /// Per actor: actors listing it among their affiliations.
    pub members: Arc<Vec<Vec<ActorId>>>,
    pub mentions: Vec<Vec<Mention>>,
    /// Per topic: briefings newest first.
    pub topic_briefings: Arc<Vec<Vec<BriefingId>>>,
    /// Every statement in date order, each by its first quote.
    pub quotes_by_date: Arc<Vec<QuoteId>>,
    /// Statements, in the order of the earliest of their quotes in `quotes`.
    pub statements: Arc<Vec<Statement>>,
    /// Per quote: the statement it cites.
    pub statement_of: Arc<Vec<StatementId>>,
    /// All claims, newest first (undated ones last).
    pub claims_by_date: Vec<ClaimId>,
    /// Per actor: the claims they assert or deny, newest first.
    pub actor_claims: Arc<Vec<Vec<(ClaimId, Stance)>>>,
    /// Every correction as (briefing, index into its `corrections`), newest first.
    pub corrections_by_date: Vec<(BriefingId, usize)>,
    /// The timeline's pages: events and statements by date, in months.
    pub timeline: Arc<[Vec<MonthEntries>]>,
    /// Which quotes, events and claims each briefing holds: see [`Site::quotes_of`].
    pub runs: Runs,
    /// Links from bodies into the site. Checked every build and shown on no page: left
    /// out of the outline (see `crate::outline`), where their places in the files
    /// would stand for the bodies the outline leaves out.
    #[serde(skip)]
    pub body_links: Vec<Arc<BodyLink>>,
    pub authors: Vec<Author>,
    /// Per author: their briefings, newest first.
    pub author_briefings: Arc<Vec<Vec<BriefingId>>>,
    /// How many briefings were left out because they are dated after
    /// `Options::publish_until`.
    pub future_left_out: usize,
    /// The pages of briefings and free pages left out (drafts, future-dated), so that
    /// a link to one can say why it is missing.
    pub left_out: Vec<LeftOut>,
    /// The card image of pages without their own (`image:` of `site.yaml`).
    pub image: Option<Image>,
    /// What the build found worth fixing but not worth failing for, sorted. Said in
    /// the terminal, shown on no page: left out of the outline, like `body_links`.
    #[serde(skip)]
    pub warnings: Vec<crate::diag::Diagnostic>,
    /// The site in each of `config.languages`, in that order; empty in those sites.
    pub languages: Vec<Arc<Site>>,
}

/// Where each briefing's quotes, events and claims are among the site's: a run of
/// each, in briefing order, so that briefing `b`'s quotes are those from `quotes[b]`
/// up to `quotes[b + 1]`. Kept by the site rather than by each briefing so that a save
/// in `serve` which adds a quote moves the later briefings' runs, not copies of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Runs {
    pub(crate) quotes: Vec<u32>,
    pub(crate) events: Vec<u32>,
    pub(crate) claims: Vec<u32>,
}

impl Runs {
    /// The runs of `n` briefings whose items, in briefing order, belong to `owners`.
    fn of(
        n: usize,
        quotes: impl Iterator<Item = BriefingId>,
        events: impl Iterator<Item = BriefingId>,
        claims: impl Iterator<Item = BriefingId>,
    ) -> Runs {
        let starts = |owners: &mut dyn Iterator<Item = BriefingId>| {
            let mut counts = vec![0u32; n + 1];
            for b in owners {
                counts[b.index() + 1] += 1;
            }
            for i in 1..=n {
                counts[i] += counts[i - 1];
            }
            counts
        };
        Runs {
            quotes: starts(&mut { quotes }),
            events: starts(&mut { events }),
            claims: starts(&mut { claims }),
        }
    }

    fn run(starts: &[u32], b: BriefingId) -> std::ops::Range<usize> {
        starts[b.index()] as usize..starts[b.index() + 1] as usize
    }
}

impl Site {
    /// The quotes of briefing `b`, in the order written.
    pub fn quotes_of(&self, b: BriefingId) -> impl ExactSizeIterator<Item = QuoteId> + Clone {
        Runs::run(&self.runs.quotes, b).map(QuoteId::of)
    }

    /// The events of briefing `b`, in the order written.
    pub fn events_of(&self, b: BriefingId) -> impl ExactSizeIterator<Item = EventId> + Clone {
        Runs::run(&self.runs.events, b).map(EventId::of)
    }

    /// The claims of briefing `b`, in the order written.
    pub fn claims_of(&self, b: BriefingId) -> impl ExactSizeIterator<Item = ClaimId> + Clone {
        Runs::run(&self.runs.claims, b).map(ClaimId::of)
    }
}

/// A page the build left out.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LeftOut {
    /// The page it would have been (`briefings/x/index.html`).
    pub page: String,
    pub why: LeftOutWhy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum LeftOutWhy {
    Draft,
    Future,
}

/// Choices that change what the model contains.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub drafts: bool,
    /// Briefings dated after this day are left out (`--future` makes it `None`, which
    /// keeps them all).
    pub publish_until: Option<crate::dates::Day>,
    pub strip_html: bool,
    /// Where archived source texts (`archive:` of a source) are read from.
    pub archives: verify::Archives,
    /// The `content/` folder, where images named in front matter and figures'
    /// pictures are read from; `None` reads none (every such image is missing, and no
    /// image becomes a figure).
    pub content: Option<PathBuf>,
    /// Where bodies' HTML is kept off the heap until their pages are rendered (`build`);
    /// `None` holds it (`serve`, whose cache keeps bodies between builds, and `check`).
    pub spill: Option<Arc<crate::spill::Spill>>,
}

/// Where a page body sits, relative to the root, so its links can be made relative.
const SECTION_ROOT: &str = "../../";
const PAGE_ROOT: &str = "../";

// Joined rather than formatted: a save that adds or renames a file makes every page's
// path again (12,500 at 10,000 briefings), and `format!` took twice as long.
pub fn actor_path(slug: &Slug) -> String {
    ["actors/", slug.as_str(), "/index.html"].concat()
}

pub fn briefing_path(slug: &Slug) -> String {
    ["briefings/", slug.as_str(), "/index.html"].concat()
}

pub fn topic_path(slug: &Slug) -> String {
    ["topics/", slug.as_str(), "/index.html"].concat()
}

pub fn author_path(slug: &Slug) -> String {
    ["authors/", slug.as_str(), "/index.html"].concat()
}

pub fn page_path(slug: &Slug) -> String {
    [slug.as_str(), "/index.html"].concat()
}

/// Slugs that free pages may not take, because the site's own pages live there.
const RESERVED: &[&str] = &[
    "briefings",
    "actors",
    "authors",
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
