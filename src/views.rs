//! Typed views: exactly what each template receives (documented in the README), built
//! from the model for one page. Views borrow from the model; nothing is cloned whole.

use std::marker::PhantomData;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::dates::Edtf;
use crate::model::{
    self, Actor, ActorId, ActorKind, BriefingId, Citation, EventId, Mention, QuoteId, Site, TopicId,
};

/// Stands for the relative path from the page being rendered to the site root in every
/// `href` of a view. Views are built once per site and shared by every page that shows
/// them; each rendered page then replaces the marker with its own prefix (`../../`).
/// A private-use character: it never occurs in content (see `model`) and no escaping
/// touches it.
pub const ROOT: &str = "\u{E000}";

/// The relative prefix from the page at `path` to the site root.
pub fn root_of(path: &str) -> &'static str {
    const ROOTS: [&str; 6] = [
        "",
        "../",
        "../../",
        "../../../",
        "../../../../",
        "../../../../../",
    ];
    ROOTS[path.matches('/').count().min(ROOTS.len() - 1)]
}

/// A link to the page at `path` from whichever page shows it.
pub fn href(path: &str) -> String {
    format!("{ROOT}{path}")
}

/// A view converted to a template value once and shared by every page showing it
/// (template values are reference-counted, so sharing is a pointer copy).
pub struct Shared<T> {
    value: tera::Value,
    _view: PhantomData<fn() -> T>,
}

impl<T: Serialize> Shared<T> {
    fn new(view: &T) -> Self {
        Shared {
            value: tera::Value::from_serializable(view),
            _view: PhantomData,
        }
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared {
            value: self.value.clone(),
            _view: PhantomData,
        }
    }
}

impl<T> Serialize for Shared<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    pub author: Option<&'a str>,
    pub base_url: Option<&'a str>,
}

impl<'a> SiteView<'a> {
    pub fn new(c: &'a Config) -> Self {
        SiteView {
            title: &c.title,
            description: c.description.as_deref(),
            language: &c.language,
            author: c.author.as_deref(),
            base_url: c.base_url.as_deref(),
        }
    }
}

#[derive(Serialize)]
pub struct NavItem {
    pub label: &'static str,
    pub href: String,
    pub current: bool,
}

/// The main navigation; `section` is the first path segment of the current page.
pub fn nav(page_path: &str) -> Vec<NavItem> {
    let items = [
        ("Briefings", "briefings/index.html"),
        ("Actors", "actors/index.html"),
        ("Timeline", "timeline/index.html"),
        ("Quotes", "quotes/index.html"),
        ("Topics", "topics/index.html"),
        ("Search", "search/index.html"),
    ];
    let section = page_path.split('/').next().unwrap_or("");
    items
        .iter()
        .map(|(label, path)| NavItem {
            label,
            href: href(path),
            current: path.split('/').next() == Some(section),
        })
        .collect()
}

#[derive(Serialize)]
pub struct DateView<'a> {
    pub written: &'a str,
    pub display: String,
    pub lower: String,
    pub upper: String,
    pub uncertain: bool,
    pub approximate: bool,
}

pub fn date(d: &Edtf) -> DateView<'_> {
    DateView {
        written: d.as_written(),
        display: d.display(),
        lower: d.lower().iso(),
        upper: d.upper().iso(),
        uncertain: d.is_uncertain(),
        approximate: d.is_approximate(),
    }
}

#[derive(Serialize)]
pub struct ActorLink<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub kind: &'static str,
    pub href: String,
}

#[derive(Serialize)]
pub struct BriefingLink<'a> {
    pub title: &'a str,
    pub slug: &'a str,
    pub href: String,
    pub date: DateView<'a>,
}

#[derive(Serialize)]
pub struct TopicLink<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub href: String,
}

#[derive(Serialize)]
pub struct SourceView<'a> {
    pub id: &'a str,
    pub anchor: String,
    pub title: &'a str,
    pub publisher: Option<&'a str>,
    pub date: Option<DateView<'a>>,
    pub url: Option<&'a str>,
    pub grade: Option<&'a str>,
}

#[derive(Serialize)]
pub struct QuoteView<'a> {
    pub id: String,
    pub text: &'a str,
    pub by: ActorLink<'a>,
    pub said: DateView<'a>,
    pub venue: Option<&'a str>,
    pub briefing: BriefingLink<'a>,
    pub source: Option<SourceView<'a>>,
    pub source_href: Option<String>,
    pub topics: Vec<TopicLink<'a>>,
    pub href: String,
}

#[derive(Serialize)]
pub struct EventView<'a> {
    pub id: String,
    pub date: DateView<'a>,
    pub what: &'a str,
    pub place: Option<&'a str>,
    pub actors: Vec<ActorLink<'a>>,
    pub briefing: BriefingLink<'a>,
    pub source: Option<SourceView<'a>>,
    pub source_href: Option<String>,
}

#[derive(Serialize)]
pub struct BriefingCard<'a> {
    pub title: &'a str,
    pub slug: &'a str,
    pub href: String,
    pub date: DateView<'a>,
    pub summary: &'a str,
    pub topics: Vec<TopicLink<'a>>,
    pub actors: Vec<ActorLink<'a>>,
}

/// Builds the shared views from the model.
#[derive(Clone, Copy)]
struct Raw<'a> {
    site: &'a Site,
}

impl<'a> Raw<'a> {
    fn actor(&self, id: ActorId) -> ActorLink<'a> {
        let a: &'a Actor = &self.site.actors[id.index()];
        ActorLink {
            name: &a.name,
            slug: a.slug.as_str(),
            kind: a.kind.code(),
            href: href(&model::actor_path(&a.slug)),
        }
    }

    fn briefing_link(&self, id: BriefingId) -> BriefingLink<'a> {
        let b = &self.site.briefings[id.index()];
        BriefingLink {
            title: &b.title,
            slug: b.slug.as_str(),
            href: href(&model::briefing_path(&b.slug)),
            date: date(&b.date),
        }
    }

    fn topic(&self, id: TopicId) -> TopicLink<'a> {
        let t = &self.site.topics[id.index()];
        TopicLink {
            name: &t.name,
            slug: t.slug.as_str(),
            href: href(&model::topic_path(&t.slug)),
        }
    }

    fn card(&self, id: BriefingId) -> BriefingCard<'a> {
        let b = &self.site.briefings[id.index()];
        BriefingCard {
            title: &b.title,
            slug: b.slug.as_str(),
            href: href(&model::briefing_path(&b.slug)),
            date: date(&b.date),
            summary: &b.summary,
            topics: b.topics.iter().map(|&t| self.topic(t)).collect(),
            actors: b.actors.iter().map(|&a| self.actor(a)).collect(),
        }
    }

    fn source(&self, s: &'a Citation) -> SourceView<'a> {
        SourceView {
            id: &s.id,
            anchor: format!("source-{}", s.id),
            title: &s.title,
            publisher: s.publisher.as_deref(),
            date: s.date.as_ref().map(date),
            url: s.url.as_deref(),
            grade: s.grade.as_deref(),
        }
    }

    fn cited(
        &self,
        b: BriefingId,
        source: Option<usize>,
    ) -> (Option<SourceView<'a>>, Option<String>) {
        let br = &self.site.briefings[b.index()];
        match source.and_then(|i| br.sources.get(i)) {
            Some(s) => (
                Some(self.source(s)),
                Some(format!(
                    "{}#source-{}",
                    href(&model::briefing_path(&br.slug)),
                    s.id
                )),
            ),
            None => (None, None),
        }
    }

    fn quote(&self, id: QuoteId) -> QuoteView<'a> {
        let q = &self.site.quotes[id.index()];
        let br = &self.site.briefings[q.briefing.index()];
        let (source, source_href) = self.cited(q.briefing, q.source);
        let anchor = format!("quote-{}", q.ordinal);
        QuoteView {
            href: format!("{}#{anchor}", href(&model::briefing_path(&br.slug))),
            id: anchor,
            text: &q.text,
            by: self.actor(q.by),
            said: date(&q.said),
            venue: q.venue.as_deref(),
            briefing: self.briefing_link(q.briefing),
            source,
            source_href,
            topics: br.topics.iter().map(|&t| self.topic(t)).collect(),
        }
    }

    fn event(&self, id: EventId) -> EventView<'a> {
        let e = &self.site.events[id.index()];
        let (source, source_href) = self.cited(e.briefing, e.source);
        EventView {
            id: format!("event-{}", e.ordinal),
            date: date(&e.date),
            what: &e.what,
            place: e.place.as_deref(),
            actors: e.actors.iter().map(|&a| self.actor(a)).collect(),
            briefing: self.briefing_link(e.briefing),
            source,
            source_href,
        }
    }
}

/// Every view shown on more than one page, converted once per build.
pub struct Catalog<'a> {
    pub site: &'a Site,
    actors: Vec<Shared<ActorLink<'a>>>,
    topics: Vec<Shared<TopicLink<'a>>>,
    briefing_links: Vec<Shared<BriefingLink<'a>>>,
    cards: Vec<Shared<BriefingCard<'a>>>,
    quotes: Vec<Shared<QuoteView<'a>>>,
    events: Vec<Shared<EventView<'a>>>,
}

impl<'a> Catalog<'a> {
    pub fn new(site: &'a Site) -> Self {
        let raw = Raw { site };
        fn all<T: Serialize, I: Send>(
            n: usize,
            id: impl Fn(usize) -> I + Sync,
            make: impl Fn(I) -> T + Sync,
        ) -> Vec<Shared<T>> {
            (0..n)
                .into_par_iter()
                .map(|i| Shared::new(&make(id(i))))
                .collect()
        }
        Catalog {
            site,
            actors: all(site.actors.len(), |i| ActorId(i as u32), |id| raw.actor(id)),
            topics: all(site.topics.len(), |i| TopicId(i as u32), |id| raw.topic(id)),
            briefing_links: all(
                site.briefings.len(),
                |i| BriefingId(i as u32),
                |id| raw.briefing_link(id),
            ),
            cards: all(
                site.briefings.len(),
                |i| BriefingId(i as u32),
                |id| raw.card(id),
            ),
            quotes: all(site.quotes.len(), |i| QuoteId(i as u32), |id| raw.quote(id)),
            events: all(site.events.len(), |i| EventId(i as u32), |id| raw.event(id)),
        }
    }

    pub fn actor(&self, id: ActorId) -> Shared<ActorLink<'a>> {
        self.actors[id.index()].clone()
    }
    pub fn topic(&self, id: TopicId) -> Shared<TopicLink<'a>> {
        self.topics[id.index()].clone()
    }
    pub fn briefing_link(&self, id: BriefingId) -> Shared<BriefingLink<'a>> {
        self.briefing_links[id.index()].clone()
    }
    pub fn card(&self, id: BriefingId) -> Shared<BriefingCard<'a>> {
        self.cards[id.index()].clone()
    }
    pub fn quote(&self, id: QuoteId) -> Shared<QuoteView<'a>> {
        self.quotes[id.index()].clone()
    }
    pub fn event(&self, id: EventId) -> Shared<EventView<'a>> {
        self.events[id.index()].clone()
    }
}

/// How many items a listing page shows; longer listings get more pages.
pub const BRIEFINGS_PER_PAGE: usize = 50;
pub const QUOTES_PER_PAGE: usize = 100;
pub const ACTOR_ITEMS_PER_PAGE: usize = 100;
pub const TIMELINE_ENTRIES_PER_PAGE: usize = 300;

/// The path of page `n` (1-based) of the listing whose first page is `first`
/// (`quotes/index.html` → `quotes/page/2/index.html`).
pub fn paged_path(first: &str, n: usize) -> String {
    if n <= 1 {
        return first.to_string();
    }
    let dir = first.strip_suffix("index.html").unwrap_or(first);
    format!("{dir}page/{n}/index.html")
}

/// Number of pages for `len` items, `per` a page; an empty listing still has one page.
pub fn page_count(len: usize, per: usize) -> usize {
    len.div_ceil(per).max(1)
}

fn slice<T>(items: &[T], per: usize, page: usize) -> &[T] {
    let start = (page.saturating_sub(1) * per).min(items.len());
    &items[start..(start + per).min(items.len())]
}

#[derive(Serialize)]
pub struct PageLink {
    pub number: usize,
    pub href: String,
    pub current: bool,
}

#[derive(Serialize)]
pub struct Pager {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The first, the last and the pages near the current one; gaps are left to the
    /// template (numbers that do not follow each other).
    pub pages: Vec<PageLink>,
}

pub fn pager(first: &str, current: usize, total: usize) -> Pager {
    let link = |n: usize| href(&paged_path(first, n));
    let near = |n: usize| n == 1 || n == total || n.abs_diff(current) <= 3;
    Pager {
        current,
        total,
        prev: (current > 1).then(|| link(current - 1)),
        next: (current < total).then(|| link(current + 1)),
        pages: (1..=total)
            .filter(|&n| near(n))
            .map(|n| PageLink {
                number: n,
                href: link(n),
                current: n == current,
            })
            .collect(),
    }
}

#[derive(Serialize)]
pub struct TopActor<'a> {
    pub actor: Shared<ActorLink<'a>>,
    pub quotes: usize,
}

#[derive(Serialize)]
pub struct Home<'a> {
    pub latest: Vec<Shared<BriefingCard<'a>>>,
    pub top_actors: Vec<TopActor<'a>>,
    pub latest_quotes: Vec<Shared<QuoteView<'a>>>,
}

pub fn home<'a>(c: &Catalog<'a>) -> Home<'a> {
    let s = c.site;
    let mut by_quotes: Vec<usize> = (0..s.actors.len())
        .filter(|&i| !s.actor_quotes[i].is_empty())
        .collect();
    by_quotes.sort_by(|&a, &b| {
        s.actor_quotes[b]
            .len()
            .cmp(&s.actor_quotes[a].len())
            .then(a.cmp(&b))
    });
    Home {
        latest: s
            .briefings_by_date
            .iter()
            .take(10)
            .map(|&b| c.card(b))
            .collect(),
        top_actors: by_quotes
            .into_iter()
            .take(10)
            .map(|i| TopActor {
                actor: c.actor(ActorId(i as u32)),
                quotes: s.actor_quotes[i].len(),
            })
            .collect(),
        latest_quotes: s
            .quotes_by_date
            .iter()
            .rev()
            .take(10)
            .map(|&q| c.quote(q))
            .collect(),
    }
}

pub fn briefings<'a>(c: &Catalog<'a>, page: usize) -> Vec<Shared<BriefingCard<'a>>> {
    slice(&c.site.briefings_by_date, BRIEFINGS_PER_PAGE, page)
        .iter()
        .map(|&b| c.card(b))
        .collect()
}

#[derive(Serialize)]
pub struct BriefingView<'a> {
    pub title: &'a str,
    pub slug: &'a str,
    pub date: DateView<'a>,
    pub updated: Option<DateView<'a>>,
    pub summary: &'a str,
    pub location: Option<&'a str>,
    pub topics: Vec<Shared<TopicLink<'a>>>,
    pub actors: Vec<Shared<ActorLink<'a>>>,
    pub quotes: Vec<Shared<QuoteView<'a>>>,
    pub events: Vec<Shared<EventView<'a>>>,
    pub sources: Vec<SourceView<'a>>,
    pub body: &'a str,
}

pub fn briefing<'a>(c: &Catalog<'a>, id: BriefingId) -> BriefingView<'a> {
    let b = &c.site.briefings[id.index()];
    BriefingView {
        title: &b.title,
        slug: b.slug.as_str(),
        date: date(&b.date),
        updated: b.updated.as_ref().map(date),
        summary: &b.summary,
        location: b.location.as_deref(),
        topics: b.topics.iter().map(|&t| c.topic(t)).collect(),
        actors: b.actors.iter().map(|&a| c.actor(a)).collect(),
        quotes: b.quotes.iter().map(|&q| c.quote(q)).collect(),
        events: b.events.iter().map(|&e| c.event(e)).collect(),
        sources: b
            .sources
            .iter()
            .map(|s| Raw { site: c.site }.source(s))
            .collect(),
        body: &b.body_html,
    }
}

#[derive(Serialize)]
pub struct ActorRow<'a> {
    pub actor: Shared<ActorLink<'a>>,
    pub role: Option<&'a str>,
    pub quotes: usize,
    pub briefings: usize,
}

#[derive(Serialize)]
pub struct ActorGroup<'a> {
    pub kind: &'static str,
    pub label: &'static str,
    pub actors: Vec<ActorRow<'a>>,
}

pub fn actor_groups<'a>(c: &Catalog<'a>) -> Vec<ActorGroup<'a>> {
    let s = c.site;
    let mut order: Vec<(String, usize)> = (0..s.actors.len())
        .map(|i| (crate::refs::fold(&s.actors[i].name), i))
        .collect();
    order.sort();
    ActorKind::ALL
        .iter()
        .map(|&kind| ActorGroup {
            kind: kind.code(),
            label: kind.plural(),
            actors: order
                .iter()
                .filter(|(_, i)| s.actors[*i].kind == kind)
                .map(|&(_, i)| ActorRow {
                    actor: c.actor(ActorId(i as u32)),
                    role: s.actors[i].role.as_deref(),
                    quotes: s.actor_quotes[i].len(),
                    briefings: s.actor_briefings[i].len(),
                })
                .collect(),
        })
        .filter(|g| !g.actors.is_empty())
        .collect()
}

#[derive(Serialize)]
pub struct CoActor<'a> {
    pub actor: Shared<ActorLink<'a>>,
    pub count: usize,
}

#[derive(Serialize)]
pub struct MentionView<'a> {
    pub title: &'a str,
    pub href: String,
}

#[derive(Serialize)]
pub struct ActorView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub role: Option<&'a str>,
    pub aliases: &'a [String],
    pub body: &'a str,
    pub affiliations: Vec<Shared<ActorLink<'a>>>,
    pub members: Vec<Shared<ActorLink<'a>>>,
    /// Totals over all pages; the lists below hold this page's share.
    pub quote_count: usize,
    pub event_count: usize,
    pub briefing_count: usize,
    pub quotes: Vec<Shared<QuoteView<'a>>>,
    pub events: Vec<Shared<EventView<'a>>>,
    pub briefings: Vec<Shared<BriefingLink<'a>>>,
    pub co_actors: Vec<CoActor<'a>>,
    pub mentions: Vec<MentionView<'a>>,
}

/// Pages an actor's listing needs: statements, events and briefings each run over
/// as many pages as they fill, side by side.
pub fn actor_pages(site: &Site, id: ActorId) -> usize {
    let i = id.index();
    let longest = site.actor_quotes[i]
        .len()
        .max(site.actor_events[i].len())
        .max(site.actor_briefings[i].len());
    page_count(longest, ACTOR_ITEMS_PER_PAGE)
}

pub fn actor<'a>(c: &Catalog<'a>, id: ActorId, page: usize) -> ActorView<'a> {
    let s = c.site;
    let a = &s.actors[id.index()];
    let i = id.index();
    let first = page == 1;
    let per = ACTOR_ITEMS_PER_PAGE;
    ActorView {
        name: &a.name,
        slug: a.slug.as_str(),
        kind: a.kind.code(),
        kind_label: a.kind.label(),
        role: a.role.as_deref(),
        aliases: &a.aliases,
        body: &a.body_html,
        affiliations: a.affiliations.iter().map(|&x| c.actor(x)).collect(),
        members: s.members[i].iter().map(|&x| c.actor(x)).collect(),
        quote_count: s.actor_quotes[i].len(),
        event_count: s.actor_events[i].len(),
        briefing_count: s.actor_briefings[i].len(),
        quotes: slice(&s.actor_quotes[i], per, page)
            .iter()
            .map(|&q| c.quote(q))
            .collect(),
        events: slice(&s.actor_events[i], per, page)
            .iter()
            .map(|&e| c.event(e))
            .collect(),
        briefings: slice(&s.actor_briefings[i], per, page)
            .iter()
            .map(|&b| c.briefing_link(b))
            .collect(),
        co_actors: if first {
            s.co_actors[i]
                .iter()
                .map(|&(x, count)| CoActor {
                    actor: c.actor(x),
                    count,
                })
                .collect()
        } else {
            Vec::new()
        },
        mentions: if first { mentions(s, id) } else { Vec::new() },
    }
}

fn mentions(s: &Site, id: ActorId) -> Vec<MentionView<'_>> {
    s.mentions[id.index()]
        .iter()
        .map(|m| match *m {
            Mention::Briefing(b) => {
                let br = &s.briefings[b.index()];
                MentionView {
                    title: &br.title,
                    href: href(&model::briefing_path(&br.slug)),
                }
            }
            Mention::Actor(x) => {
                let other = &s.actors[x.index()];
                MentionView {
                    title: &other.name,
                    href: href(&model::actor_path(&other.slug)),
                }
            }
            Mention::Page(p) => {
                let page = &s.pages[p];
                MentionView {
                    title: &page.title,
                    href: href(&model::page_path(&page.slug)),
                }
            }
        })
        .collect()
}

#[derive(Serialize)]
pub struct TimelineEntry<'a> {
    pub kind: &'static str,
    pub date: DateView<'a>,
    pub event: Option<Shared<EventView<'a>>>,
    pub quote: Option<Shared<QuoteView<'a>>>,
}

#[derive(Serialize)]
pub struct Month<'a> {
    pub key: String,
    pub label: String,
    pub entries: Vec<TimelineEntry<'a>>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// An entry of the timeline: an event or a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Event(EventId),
    Quote(QuoteId),
}

/// The entries of one month, `(year, month)`.
pub type MonthEntries = ((i32, u8), Vec<Entry>);

/// The timeline in order, cut into pages of whole months of about
/// `TIMELINE_ENTRIES_PER_PAGE` entries (a longer month gets a page of its own).
pub fn timeline_pages(s: &Site) -> Vec<Vec<MonthEntries>> {
    let mut items: Vec<(&Edtf, u8, usize, Entry)> =
        Vec::with_capacity(s.events.len() + s.quotes.len());
    for (i, e) in s.events.iter().enumerate() {
        items.push((&e.date, 0, i, Entry::Event(EventId(i as u32))));
    }
    for (i, q) in s.quotes.iter().enumerate() {
        items.push((&q.said, 1, i, Entry::Quote(QuoteId(i as u32))));
    }
    items.sort_by(|a, b| a.0.cmp(b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut months: Vec<MonthEntries> = Vec::new();
    for (d, _, _, entry) in items {
        let key = d.month_key();
        match months.last_mut() {
            Some((k, entries)) if *k == key => entries.push(entry),
            _ => months.push((key, vec![entry])),
        }
    }
    let mut pages: Vec<Vec<MonthEntries>> = vec![Vec::new()];
    let mut size = 0;
    for month in months {
        if size > 0 && size + month.1.len() > TIMELINE_ENTRIES_PER_PAGE {
            pages.push(Vec::new());
            size = 0;
        }
        size += month.1.len();
        if let Some(last) = pages.last_mut() {
            last.push(month);
        }
    }
    pages
}

pub fn timeline<'a>(c: &Catalog<'a>, page: &[MonthEntries]) -> Vec<Month<'a>> {
    let s = c.site;
    page.iter()
        .map(|&((y, m), ref entries)| Month {
            key: format!("{y:04}-{m:02}"),
            label: format!("{} {y}", MONTHS[(m.clamp(1, 12) - 1) as usize]),
            entries: entries
                .iter()
                .map(|e| match *e {
                    Entry::Event(id) => TimelineEntry {
                        kind: "event",
                        date: date(&s.events[id.index()].date),
                        event: Some(c.event(id)),
                        quote: None,
                    },
                    Entry::Quote(id) => TimelineEntry {
                        kind: "quote",
                        date: date(&s.quotes[id.index()].said),
                        event: None,
                        quote: Some(c.quote(id)),
                    },
                })
                .collect(),
        })
        .collect()
}

#[derive(Serialize)]
pub struct SpeakerCount<'a> {
    pub actor: Shared<ActorLink<'a>>,
    pub quotes: usize,
}

#[derive(Serialize)]
pub struct TopicCount<'a> {
    pub topic: Shared<TopicLink<'a>>,
    pub quotes: usize,
}

#[derive(Serialize)]
pub struct QuotesView<'a> {
    pub quotes: Vec<Shared<QuoteView<'a>>>,
    pub actors: Vec<SpeakerCount<'a>>,
    pub topics: Vec<TopicCount<'a>>,
}

pub fn quotes<'a>(c: &Catalog<'a>, page: usize) -> QuotesView<'a> {
    let s = c.site;
    let quotes = slice(&s.quotes_by_date, QUOTES_PER_PAGE, page)
        .iter()
        .map(|&q| c.quote(q))
        .collect();
    if page > 1 {
        // The speaker and topic index is on the first page only; on a big site it is
        // longer than the page's own quotes.
        return QuotesView {
            quotes,
            actors: Vec::new(),
            topics: Vec::new(),
        };
    }
    let mut speakers: Vec<(String, usize)> = (0..s.actors.len())
        .filter(|&i| !s.actor_quotes[i].is_empty())
        .map(|i| (crate::refs::fold(&s.actors[i].name), i))
        .collect();
    speakers.sort();
    let mut per_topic = vec![0usize; s.topics.len()];
    for q in &s.quotes {
        for t in &s.briefings[q.briefing.index()].topics {
            per_topic[t.index()] += 1;
        }
    }
    let mut topics: Vec<(String, usize)> = (0..s.topics.len())
        .filter(|&i| per_topic[i] > 0)
        .map(|i| (crate::refs::fold(&s.topics[i].name), i))
        .collect();
    topics.sort();
    QuotesView {
        quotes,
        actors: speakers
            .into_iter()
            .map(|(_, i)| SpeakerCount {
                actor: c.actor(ActorId(i as u32)),
                quotes: s.actor_quotes[i].len(),
            })
            .collect(),
        topics: topics
            .into_iter()
            .map(|(_, i)| TopicCount {
                topic: c.topic(TopicId(i as u32)),
                quotes: per_topic[i],
            })
            .collect(),
    }
}

#[derive(Serialize)]
pub struct TopicRow<'a> {
    pub topic: Shared<TopicLink<'a>>,
    pub briefings: usize,
}

pub fn topics<'a>(c: &Catalog<'a>) -> Vec<TopicRow<'a>> {
    let s = c.site;
    let mut order: Vec<(String, usize)> = (0..s.topics.len())
        .map(|i| (crate::refs::fold(&s.topics[i].name), i))
        .collect();
    order.sort();
    order
        .into_iter()
        .map(|(_, i)| TopicRow {
            topic: c.topic(TopicId(i as u32)),
            briefings: s.topic_briefings[i].len(),
        })
        .collect()
}

#[derive(Serialize)]
pub struct TopicView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub body: &'a str,
    pub briefing_count: usize,
    /// This page's briefings, newest first, and the statements quoted in them.
    pub briefings: Vec<Shared<BriefingCard<'a>>>,
    pub quotes: Vec<Shared<QuoteView<'a>>>,
}

pub fn topic<'a>(c: &Catalog<'a>, id: TopicId, page: usize) -> TopicView<'a> {
    let s = c.site;
    let t = &s.topics[id.index()];
    let shown = slice(&s.topic_briefings[id.index()], BRIEFINGS_PER_PAGE, page);
    let mut quotes: Vec<QuoteId> = shown
        .iter()
        .flat_map(|b| s.briefings[b.index()].quotes.iter().copied())
        .collect();
    quotes.sort_by(|a, b| {
        s.quotes[a.index()]
            .said
            .cmp(&s.quotes[b.index()].said)
            .then(a.cmp(b))
    });
    TopicView {
        name: &t.name,
        slug: t.slug.as_str(),
        body: if page == 1 { &t.body_html } else { "" },
        briefing_count: s.topic_briefings[id.index()].len(),
        briefings: shown.iter().map(|&b| c.card(b)).collect(),
        quotes: quotes.into_iter().map(|q| c.quote(q)).collect(),
    }
}

#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub slug: &'a str,
    pub summary: Option<&'a str>,
    pub body: &'a str,
}

pub fn page(site: &Site, i: usize) -> PageView<'_> {
    let p = &site.pages[i];
    PageView {
        title: &p.title,
        slug: p.slug.as_str(),
        summary: p.summary.as_deref(),
        body: &p.body_html,
    }
}
