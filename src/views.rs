//! Typed views: exactly what each template receives (documented in the README), built
//! from the model for one page. Views borrow from the model; nothing is cloned whole.

mod catalog;
mod items;
mod pager;

pub use catalog::{Catalog, Fragment, Fragments};
pub use items::{
    ActorLink, BriefingCard, BriefingLink, EventView, QuoteView, SourceView, TopicLink,
};
use pager::slice;
pub use pager::{
    ACTOR_ITEMS_PER_PAGE, BRIEFINGS_PER_PAGE, PageLink, Pager, QUOTES_PER_PAGE,
    TIMELINE_ENTRIES_PER_PAGE, page_count, paged_path, pager,
};

use std::marker::PhantomData;

use serde::Serialize;

use crate::charts;
use crate::config::Config;
use crate::dates::{Edtf, MONTHS};
use crate::diag::Diagnostic;
use crate::grade;
use crate::model::{
    self, ActorId, ActorKind, BriefingId, ClaimId, EventId, Mention, QuoteId, Site, Stance, TopicId,
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

const NAV: [(&str, &str); 7] = [
    ("Briefings", "briefings/index.html"),
    ("Actors", "actors/index.html"),
    ("Timeline", "timeline/index.html"),
    ("Quotes", "quotes/index.html"),
    ("Claims", "claims/index.html"),
    ("Topics", "topics/index.html"),
    ("Search", "search/index.html"),
];

/// Which item of the main navigation the page at `page_path` is under, if any: the one
/// whose first path segment is the page's.
fn nav_section(page_path: &str) -> Option<usize> {
    let section = page_path.split('/').next().unwrap_or("");
    NAV.iter()
        .position(|(_, path)| path.split('/').next() == Some(section))
}

/// The main navigation; `section` is the first path segment of the current page.
pub fn nav(page_path: &str) -> Vec<NavItem> {
    let current = nav_section(page_path);
    NAV.iter()
        .enumerate()
        .map(|(i, (label, path))| NavItem {
            label,
            href: href(path),
            current: current == Some(i),
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

/// A link from any page to `parts` joined (a path under the root, and maybe an anchor):
/// the [`ROOT`] marker and the parts, in one allocation.
fn link(parts: &[&str]) -> String {
    let mut out = String::with_capacity(ROOT.len() + parts.iter().map(|p| p.len()).sum::<usize>());
    out.push_str(ROOT);
    for p in parts {
        out.push_str(p);
    }
    out
}

/// The link to briefing `slug`'s page (`briefings/<slug>/index.html`), with `anchor`
/// (`#…`) if not empty; the same as `href(&model::briefing_path(slug))` and the anchor.
fn briefing_href(slug: &model::Slug, anchor: &[&str]) -> String {
    let mut parts = vec!["briefings/", slug.as_str(), "/index.html"];
    parts.extend_from_slice(anchor);
    link(&parts)
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

pub fn home<'a>(c: &Catalog<'a>, r: &dyn Fragments) -> Result<Home<'a>, Diagnostic> {
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
    Ok(Home {
        latest: s
            .briefings_by_date
            .iter()
            .take(10)
            .map(|&b| c.briefing_card(r, b))
            .collect::<Result<_, _>>()?,
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
            .map(|&q| c.quote_card(r, q, Fragment::Quote))
            .collect::<Result<_, _>>()?,
    })
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
    pub sources: Vec<Shared<SourceView<'a>>>,
    pub claims: Vec<ClaimView<'a>>,
    /// Oldest first.
    pub corrections: Vec<CorrectionView<'a>>,
    /// The Admiralty scale, when any source of the briefing is graded.
    pub grade_legend: Option<Shared<grade::Legend>>,
    pub body: &'a str,
}

pub fn briefing<'a>(
    c: &Catalog<'a>,
    r: &dyn Fragments,
    id: BriefingId,
) -> Result<BriefingView<'a>, Diagnostic> {
    let b = &c.site.briefings[id.index()];
    let mut corrections: Vec<usize> = (0..b.corrections.len()).collect();
    corrections.sort_by(|&x, &y| b.corrections[x].date.cmp(&b.corrections[y].date));
    let graded = b.sources.iter().any(|s| s.grade.is_some());
    Ok(BriefingView {
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
        sources: c.sources(id).to_vec(),
        claims: b.claims.iter().map(|&x| claim(c, x)).collect(),
        corrections: corrections
            .into_iter()
            .map(|i| correction(c, id, i))
            .collect(),
        grade_legend: if graded {
            Some(c.grade_legend(r)?)
        } else {
            None
        },
        body: &b.body_html,
    })
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
    /// The names only; `alias_details` adds their languages.
    pub aliases: Vec<&'a str>,
    pub alias_details: Vec<AliasView<'a>>,
    pub body: &'a str,
    pub affiliations: Vec<Shared<ActorLink<'a>>>,
    pub members: Vec<Shared<ActorLink<'a>>>,
    /// The same ties as `affiliations` and `members`, with their dates and roles.
    pub affiliation_details: Vec<TieView<'a>>,
    pub member_details: Vec<TieView<'a>>,
    /// Claims the actor asserts and denies, newest first (first page only, at most
    /// `ACTOR_ITEMS_PER_PAGE` each), and how many there are in all.
    pub claims_asserted: Vec<ClaimView<'a>>,
    pub claims_denied: Vec<ClaimView<'a>>,
    pub claim_count: usize,
    /// Statements per month (or year), and the network of co-actors (first page).
    pub statements_chart: Option<ChartView>,
    pub network_chart: Option<ChartView>,
    /// Totals over all pages; the lists below hold this page's share.
    pub quote_count: usize,
    pub event_count: usize,
    pub briefing_count: usize,
    pub quotes: Vec<Shared<QuoteView<'a>>>,
    pub events: Vec<Shared<EventView<'a>>>,
    pub briefings: Vec<Shared<BriefingLink<'a>>>,
    /// The actors sharing most briefings with this one (first page, at most
    /// `CO_ACTORS_SHOWN`), and how many there are in all: a prolific actor appears with
    /// nearly everyone, and listing them all made its page grow with the site.
    pub co_actors: Vec<CoActor<'a>>,
    pub co_actor_count: usize,
    /// The pages linking here, this page's share, and how many there are in all.
    pub mentions: Vec<MentionView<'a>>,
    pub mention_count: usize,
}

/// At most this many actors in an actor's "Appears with" list.
pub const CO_ACTORS_SHOWN: usize = 40;

/// Pages a topic's listing of briefings needs.
pub fn topic_pages(site: &Site, id: TopicId) -> usize {
    page_count(site.topic_briefings[id.index()].len(), BRIEFINGS_PER_PAGE)
}

/// Pages an actor's listing needs: statements, events, briefings and mentions each run
/// over as many pages as they fill, side by side.
pub fn actor_pages(site: &Site, id: ActorId) -> usize {
    let i = id.index();
    let longest = site.actor_quotes[i]
        .len()
        .max(site.actor_events[i].len())
        .max(site.actor_briefings[i].len())
        .max(site.mentions[i].len());
    page_count(longest, ACTOR_ITEMS_PER_PAGE)
}

pub fn actor<'a>(
    c: &Catalog<'a>,
    r: &dyn Fragments,
    id: ActorId,
    page: usize,
) -> Result<ActorView<'a>, Diagnostic> {
    let s = c.site;
    let a = &s.actors[id.index()];
    let i = id.index();
    let first = page == 1;
    let per = ACTOR_ITEMS_PER_PAGE;
    Ok(ActorView {
        name: &a.name,
        slug: a.slug.as_str(),
        kind: a.kind.code(),
        kind_label: a.kind.label(),
        role: a.role.as_deref(),
        aliases: a.aliases.iter().map(|x| x.name.as_str()).collect(),
        alias_details: a
            .aliases
            .iter()
            .map(|x| AliasView {
                name: &x.name,
                lang: x.lang.as_deref(),
            })
            .collect(),
        // The prose's links are relative to the first page, and belong there alone.
        body: if page == 1 { &a.body_html } else { "" },
        affiliations: a.affiliations.iter().map(|x| c.actor(x.actor)).collect(),
        members: s.members[i].iter().map(|&x| c.actor(x)).collect(),
        affiliation_details: a.affiliations.iter().map(|x| tie(c, x.actor, x)).collect(),
        member_details: s.members[i]
            .iter()
            .filter_map(|&m| {
                let x = s.actors[m.index()]
                    .affiliations
                    .iter()
                    .find(|x| x.actor == id)?;
                Some(tie(c, m, x))
            })
            .collect(),
        claims_asserted: if first {
            actor_claims(c, id, Stance::Asserts)
        } else {
            Vec::new()
        },
        claims_denied: if first {
            actor_claims(c, id, Stance::Denies)
        } else {
            Vec::new()
        },
        claim_count: s.actor_claims[i].len(),
        statements_chart: if first { statements_chart(s, id) } else { None },
        network_chart: if first { network_chart(s, id) } else { None },
        quote_count: s.actor_quotes[i].len(),
        event_count: s.actor_events[i].len(),
        briefing_count: s.actor_briefings[i].len(),
        quotes: slice(&s.actor_quotes[i], per, page)
            .iter()
            .map(|&q| c.quote_card(r, q, Fragment::QuoteBySpeaker))
            .collect::<Result<_, _>>()?,
        events: slice(&s.actor_events[i], per, page)
            .iter()
            .map(|&e| c.event_item(r, e))
            .collect::<Result<_, _>>()?,
        briefings: slice(&s.actor_briefings[i], per, page)
            .iter()
            .map(|&b| c.briefing_link(b))
            .collect(),
        co_actors: if first {
            s.co_actors[i]
                .iter()
                .take(CO_ACTORS_SHOWN)
                .map(|&(x, count)| CoActor {
                    actor: c.actor(x),
                    count,
                })
                .collect()
        } else {
            Vec::new()
        },
        co_actor_count: s.co_actors[i].len(),
        mentions: mentions(s, slice(&s.mentions[i], per, page)),
        mention_count: s.mentions[i].len(),
    })
}

fn mentions<'a>(s: &'a Site, shown: &[Mention]) -> Vec<MentionView<'a>> {
    shown
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
    /// Whether the month began on an earlier page: a month with more entries than a
    /// page holds runs over several.
    pub continued: bool,
    pub entries: Vec<TimelineEntry<'a>>,
}

/// An entry of the timeline: an event or a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Event(EventId),
    Quote(QuoteId),
}

/// The entries of one month, `(year, month)`, and whether they continue the month from
/// an earlier page.
pub type MonthEntries = ((i32, u8), Vec<Entry>, bool);

/// The timeline in order, cut into pages of at most `TIMELINE_ENTRIES_PER_PAGE`
/// entries, of whole months where they fit; a longer month runs over pages of its own.
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
    let mut months: Vec<((i32, u8), Vec<Entry>)> = Vec::new();
    for (d, _, _, entry) in items {
        let key = d.month_key();
        match months.last_mut() {
            Some((k, entries)) if *k == key => entries.push(entry),
            _ => months.push((key, vec![entry])),
        }
    }
    let mut pages: Vec<Vec<MonthEntries>> = vec![Vec::new()];
    let mut size = 0;
    for (key, entries) in months {
        if size > 0 && size + entries.len() > TIMELINE_ENTRIES_PER_PAGE {
            pages.push(Vec::new());
            size = 0;
        }
        for (n, part) in entries.chunks(TIMELINE_ENTRIES_PER_PAGE).enumerate() {
            if n > 0 {
                pages.push(Vec::new());
                size = 0;
            }
            size += part.len();
            if let Some(last) = pages.last_mut() {
                last.push((key, part.to_vec(), n > 0));
            }
        }
    }
    pages
}

pub fn timeline<'a>(c: &Catalog<'a>, page: &[MonthEntries]) -> Vec<Month<'a>> {
    let s = c.site;
    page.iter()
        .map(|&((y, m), ref entries, continued)| Month {
            key: format!("{y:04}-{m:02}"),
            label: format!("{} {y}", MONTHS[(m.clamp(1, 12) - 1) as usize]),
            continued,
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
    /// This page's briefings, newest first. Their statements are not repeated here:
    /// each is on its briefing's page, its speaker's page, `/quotes/` and the timeline,
    /// and a fifth copy on every topic made topic pages the heaviest of the site.
    pub briefings: Vec<Shared<BriefingCard<'a>>>,
    /// Who said what on the topic, over all its briefings (first page only).
    pub who_said_what: Option<WhoSaidWhat<'a>>,
}

pub fn topic<'a>(
    c: &Catalog<'a>,
    r: &dyn Fragments,
    id: TopicId,
    page: usize,
) -> Result<TopicView<'a>, Diagnostic> {
    let s = c.site;
    let t = &s.topics[id.index()];
    let shown = slice(&s.topic_briefings[id.index()], BRIEFINGS_PER_PAGE, page);
    Ok(TopicView {
        name: &t.name,
        slug: t.slug.as_str(),
        body: if page == 1 { &t.body_html } else { "" },
        briefing_count: s.topic_briefings[id.index()].len(),
        briefings: shown
            .iter()
            .map(|&b| c.briefing_card(r, b))
            .collect::<Result<_, _>>()?,
        who_said_what: if page == 1 {
            who_said_what(c, r, id)?
        } else {
            None
        },
    })
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

// ------------------------------------------------------------------ names and ties

#[derive(Serialize)]
pub struct AliasView<'a> {
    pub name: &'a str,
    /// BCP 47 language tag, for the `lang` attribute.
    pub lang: Option<&'a str>,
}

/// An affiliation seen from one side: the actor at the other end, with when it held
/// and in what role.
#[derive(Serialize)]
pub struct TieView<'a> {
    pub actor: Shared<ActorLink<'a>>,
    pub from: Option<DateView<'a>>,
    pub until: Option<DateView<'a>>,
    pub role: Option<&'a str>,
    /// The dates in words: "4 February 2014 – 1 October 2024", "since January 2021",
    /// "until 2019"; absent without dates.
    pub period: Option<String>,
}

fn tie<'a>(c: &Catalog<'a>, other: ActorId, x: &'a model::Affiliation) -> TieView<'a> {
    let period = match (&x.from, &x.until) {
        (Some(f), Some(u)) => Some(format!("{} – {}", f.display(), u.display())),
        (Some(f), None) => Some(format!("since {}", f.display())),
        (None, Some(u)) => Some(format!("until {}", u.display())),
        (None, None) => None,
    };
    TieView {
        actor: c.actor(other),
        from: x.from.as_ref().map(date),
        until: x.until.as_ref().map(date),
        role: x.role.as_deref(),
        period,
    }
}

// ------------------------------------------------------------------ claims

#[derive(Serialize)]
pub struct ClaimView<'a> {
    pub id: &'a str,
    /// The element id on its briefing page: `claim-<id>`.
    pub anchor: String,
    pub text: &'a str,
    /// `asserted`, `disputed`, `confirmed` or `retracted`.
    pub status: &'static str,
    pub status_label: &'static str,
    pub by: Vec<Shared<ActorLink<'a>>>,
    pub denied_by: Vec<Shared<ActorLink<'a>>>,
    pub date: Option<DateView<'a>>,
    pub sources: Vec<Shared<SourceView<'a>>>,
    pub briefing: Shared<BriefingLink<'a>>,
    /// The claim on its briefing page.
    pub href: String,
}

pub fn claim<'a>(c: &Catalog<'a>, id: ClaimId) -> ClaimView<'a> {
    let s = c.site;
    let x = &s.claims[id.index()];
    let br = &s.briefings[x.briefing.index()];
    let anchor = format!("claim-{}", x.id);
    ClaimView {
        id: &x.id,
        href: format!("{}#{anchor}", href(&model::briefing_path(&br.slug))),
        anchor,
        text: &x.text,
        status: x.status.code(),
        status_label: x.status.label(),
        by: x.by.iter().map(|&a| c.actor(a)).collect(),
        denied_by: x.denied_by.iter().map(|&a| c.actor(a)).collect(),
        date: x.date.as_ref().map(date),
        sources: x
            .sources
            .iter()
            .map(|&i| c.sources(x.briefing)[i].clone())
            .collect(),
        briefing: c.briefing_link(x.briefing),
    }
}

fn actor_claims<'a>(c: &Catalog<'a>, id: ActorId, stance: Stance) -> Vec<ClaimView<'a>> {
    c.site.actor_claims[id.index()]
        .iter()
        .filter(|x| x.1 == stance)
        .take(ACTOR_ITEMS_PER_PAGE)
        .map(|&(x, _)| claim(c, x))
        .collect()
}

/// How many claims the `/claims/` listing shows a page.
pub const CLAIMS_PER_PAGE: usize = 100;

/// A count of claims with one status.
#[derive(Serialize)]
pub struct StatusCount {
    pub status: &'static str,
    pub label: &'static str,
    pub count: usize,
}

#[derive(Serialize)]
pub struct ClaimsView<'a> {
    /// This page's claims, newest first.
    pub claims: Vec<ClaimView<'a>>,
    /// Claims per status, over the whole site (statuses with none are left out).
    pub statuses: Vec<StatusCount>,
    pub total: usize,
}

pub fn claims<'a>(c: &Catalog<'a>, page: usize) -> ClaimsView<'a> {
    let s = c.site;
    ClaimsView {
        claims: slice(&s.claims_by_date, CLAIMS_PER_PAGE, page)
            .iter()
            .map(|&x| claim(c, x))
            .collect(),
        statuses: model::ClaimStatus::ALL
            .iter()
            .map(|&st| StatusCount {
                status: st.code(),
                label: st.label(),
                count: s.claims.iter().filter(|x| x.status == st).count(),
            })
            .filter(|x| x.count > 0)
            .collect(),
        total: s.claims.len(),
    }
}

// ------------------------------------------------------------------ corrections

#[derive(Serialize)]
pub struct CorrectionView<'a> {
    pub date: DateView<'a>,
    pub what: &'a str,
    pub briefing: Shared<BriefingLink<'a>>,
    /// The corrections at the foot of its briefing's page.
    pub href: String,
}

fn correction<'a>(c: &Catalog<'a>, b: BriefingId, i: usize) -> CorrectionView<'a> {
    let br = &c.site.briefings[b.index()];
    let x = &br.corrections[i];
    CorrectionView {
        date: date(&x.date),
        what: &x.what,
        briefing: c.briefing_link(b),
        href: format!("{}#corrections", href(&model::briefing_path(&br.slug))),
    }
}

/// How many corrections the `/corrections/` listing shows a page.
pub const CORRECTIONS_PER_PAGE: usize = 100;

/// This page of every correction, newest first.
pub fn corrections<'a>(c: &Catalog<'a>, page: usize) -> Vec<CorrectionView<'a>> {
    slice(&c.site.corrections_by_date, CORRECTIONS_PER_PAGE, page)
        .iter()
        .map(|&(b, i)| correction(c, b, i))
        .collect()
}

// ------------------------------------------------------------------ charts

/// A chart: inline SVG (HTML, `| safe`) and, where the page does not already list the
/// same figures, a table of them.
#[derive(Serialize)]
pub struct ChartView {
    pub svg: String,
    pub table: Option<TableView>,
}

#[derive(Serialize)]
pub struct TableView {
    pub caption: String,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// At most this many bars in a strip: days, months or years, whichever fits.
const STRIP_BARS: usize = 48;
/// At most this many actors around an actor in the network.
pub const NETWORK_NODES: usize = 12;
/// A timeline page with more entries than this is drawn as counts per period.
pub const TIMELINE_MARKS: usize = 60;
/// At most this many speakers in "who said what", and periods along its axis.
pub const WHO_SAID_WHAT_ROWS: usize = 12;
pub const WHO_SAID_WHAT_COLUMNS: usize = 36;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

const STATEMENT: charts::Series = charts::Series {
    one: "statement",
    many: "statements",
    class: "series-statement",
};
const EVENT: charts::Series = charts::Series {
    one: "event",
    many: "events",
    class: "series-event",
};

/// The actor's statements per period, as a strip of bars and a table.
pub fn statements_chart(s: &Site, id: ActorId) -> Option<ChartView> {
    let quotes = &s.actor_quotes[id.index()];
    if quotes.is_empty() {
        return None;
    }
    let a = &s.actors[id.index()];
    let items: Vec<_> = quotes
        .iter()
        .map(|q| (s.quotes[q.index()].said.lower(), 0))
        .collect();
    let (period, buckets) = charts::buckets(&items, 1, STRIP_BARS);
    let per = match period {
        charts::Period::Day => "day",
        charts::Period::Month => "month",
        charts::Period::Year => "year",
    };
    let (first, last) = (&buckets[0].label, &buckets[buckets.len() - 1].label);
    let span = if buckets.len() == 1 {
        let on = if period == charts::Period::Day {
            "on"
        } else {
            "in"
        };
        format!("{on} {first}")
    } else {
        format!("from {first} to {last}")
    };
    let title = format!("Statements by {} over time", a.name);
    let desc = format!(
        "{} {span}, counted by {per}. Dates known only to the month or year count at their start.",
        plural(quotes.len(), "statement", "statements"),
    );
    let svg = charts::bar_strip(
        &format!("chart-statements-{}", a.slug.as_str()),
        &title,
        &desc,
        &[STATEMENT],
        &buckets,
    );
    Some(ChartView {
        svg,
        table: Some(TableView {
            caption: format!("Statements by {} per {per}", a.name),
            columns: vec![
                match period {
                    charts::Period::Day => "Day",
                    charts::Period::Month => "Month",
                    charts::Period::Year => "Year",
                },
                "Statements",
            ],
            rows: buckets
                .iter()
                .filter(|b| b.counts[0] > 0)
                .map(|b| vec![b.label.clone(), b.counts[0].to_string()])
                .collect(),
        }),
    })
}

/// The actor among those they share most briefings with; the figures are the page's
/// "Appears with" list.
pub fn network_chart(s: &Site, id: ActorId) -> Option<ChartView> {
    let co = &s.co_actors[id.index()];
    if co.is_empty() {
        return None;
    }
    let a = &s.actors[id.index()];
    let nodes: Vec<charts::Node> = co
        .iter()
        .take(NETWORK_NODES)
        .map(|&(x, count)| charts::Node {
            name: s.actors[x.index()].name.clone(),
            count,
        })
        .collect();
    let desc = format!(
        "{} in the middle, linked to the {} sharing the most briefings with them; larger circles and thicker lines mean more shared briefings. The list below gives the figures.",
        a.name,
        plural(nodes.len(), "actor", "actors"),
    );
    Some(ChartView {
        svg: charts::network(
            &format!("chart-network-{}", a.slug.as_str()),
            &format!("Who {} appears with", a.name),
            &desc,
            &a.name,
            &nodes,
        ),
        table: None,
    })
}

/// A timeline page's entries on a time axis, events and statements in two lanes, or
/// counted per period when there are many.
pub fn timeline_chart(s: &Site, page: &[MonthEntries]) -> Option<ChartView> {
    let entries: Vec<&Entry> = page.iter().flat_map(|m| m.1.iter()).collect();
    if entries.is_empty() {
        return None;
    }
    let span = |e: &Entry| match *e {
        Entry::Event(id) => &s.events[id.index()].date,
        Entry::Quote(id) => &s.quotes[id.index()].said,
    };
    let lanes = [EVENT, STATEMENT];
    let events = entries
        .iter()
        .filter(|e| matches!(e, Entry::Event(_)))
        .count();
    let counts = format!(
        "{} and {}",
        plural(events, "event", "events"),
        plural(entries.len() - events, "statement", "statements")
    );
    let title = "Events and statements on a time line".to_string();
    if entries.len() <= TIMELINE_MARKS {
        let marks = entries
            .iter()
            .map(|e| {
                let d = span(e);
                let label = match **e {
                    Entry::Event(id) => {
                        format!(
                            "{} · {}",
                            d.display(),
                            charts::clip(&s.events[id.index()].what, 90)
                        )
                    }
                    Entry::Quote(id) => {
                        let q = &s.quotes[id.index()];
                        format!(
                            "{} · {}: “{}”",
                            d.display(),
                            s.actors[q.by.index()].name,
                            charts::clip(&q.text, 80)
                        )
                    }
                };
                charts::Mark {
                    lower: d.lower(),
                    upper: d.upper(),
                    lane: usize::from(matches!(e, Entry::Quote(_))),
                    uncertain: d.is_uncertain() || d.is_approximate(),
                    label,
                }
            })
            .collect::<Vec<_>>();
        let desc = format!(
            "{counts}, events above and statements below; a date known only to the month or year, or a span of days, is drawn as a bar from its earliest to its latest day, and uncertain or approximate dates are drawn hollow. The list below gives every entry."
        );
        return Some(ChartView {
            svg: charts::time_axis("chart-timeline", &title, &desc, &lanes, &marks),
            table: None,
        });
    }
    let items: Vec<_> = entries
        .iter()
        .map(|e| (span(e).lower(), usize::from(matches!(e, Entry::Quote(_)))))
        .collect();
    let (period, buckets) = charts::buckets(&items, 2, TIMELINE_MARKS);
    let per = match period {
        charts::Period::Day => "day",
        charts::Period::Month => "month",
        charts::Period::Year => "year",
    };
    let desc = format!(
        "{counts}, counted by {per}: events and statements stacked. The table gives the figures."
    );
    Some(ChartView {
        svg: charts::bar_strip("chart-timeline", &title, &desc, &lanes, &buckets),
        table: Some(TableView {
            caption: format!("Events and statements per {per}"),
            columns: vec!["Period", "Events", "Statements"],
            rows: buckets
                .iter()
                .filter(|b| b.counts.iter().any(|&n| n > 0))
                .map(|b| {
                    vec![
                        b.label.clone(),
                        b.counts[0].to_string(),
                        b.counts[1].to_string(),
                    ]
                })
                .collect(),
        }),
    })
}

/// One speaker on a topic: how often and when they spoke, and their latest words.
#[derive(Serialize)]
pub struct SpeakerRow<'a> {
    pub actor: Shared<ActorLink<'a>>,
    pub count: usize,
    pub first: DateView<'a>,
    pub last: DateView<'a>,
    /// Their latest statements on the topic, newest first (at most 3).
    pub quotes: Vec<Shared<QuoteView<'a>>>,
}

#[derive(Serialize)]
pub struct WhoSaidWhat<'a> {
    /// One lane per speaker, a dot per day they spoke (HTML, `| safe`).
    pub svg: String,
    /// The speakers drawn, most statements first.
    pub speakers: Vec<SpeakerRow<'a>>,
    /// Speakers on the topic not shown, beyond the most quoted.
    pub more: usize,
}

/// Every statement in the topic's briefings, by speaker.
pub fn who_said_what<'a>(
    c: &Catalog<'a>,
    r: &dyn Fragments,
    id: TopicId,
) -> Result<Option<WhoSaidWhat<'a>>, Diagnostic> {
    let s = c.site;
    let mut by: std::collections::BTreeMap<ActorId, Vec<QuoteId>> = Default::default();
    for &b in &s.topic_briefings[id.index()] {
        for &q in &s.briefings[b.index()].quotes {
            by.entry(s.quotes[q.index()].by).or_default().push(q);
        }
    }
    if by.is_empty() {
        return Ok(None);
    }
    let order = |q: &QuoteId| (&s.quotes[q.index()].said, *q);
    let mut speakers: Vec<(ActorId, Vec<QuoteId>)> = by.into_iter().collect();
    for (_, qs) in &mut speakers {
        qs.sort_by(|a, b| order(a).cmp(&order(b)));
        qs.dedup();
    }
    speakers.sort_by(|a, b| {
        b.1.len().cmp(&a.1.len()).then_with(|| {
            crate::refs::fold(&s.actors[a.0.index()].name)
                .cmp(&crate::refs::fold(&s.actors[b.0.index()].name))
        })
    });
    let more = speakers.len().saturating_sub(WHO_SAID_WHAT_ROWS);
    speakers.truncate(WHO_SAID_WHAT_ROWS);
    // Days, or months or years on a long topic, so a row has at most so many dots.
    let lower = |q: &QuoteId| s.quotes[q.index()].said.lower();
    let all = speakers.iter().flat_map(|x| x.1.iter().map(lower));
    let (first, last) = all.fold((None, None), |(a, b): (Option<_>, Option<_>), d| {
        (
            Some(a.map_or(d, |a: crate::dates::Day| a.min(d))),
            Some(b.map_or(d, |b: crate::dates::Day| b.max(d))),
        )
    });
    let period = match (first, last) {
        (Some(f), Some(l)) => charts::Period::fitting(f, l, WHO_SAID_WHAT_COLUMNS),
        _ => charts::Period::Day,
    };
    let rows: Vec<charts::Row> = speakers
        .iter()
        .map(|(a, qs)| {
            let mut days: Vec<(crate::dates::Day, usize)> = Vec::new();
            for q in qs {
                let d = period.start(lower(q));
                match days.last_mut() {
                    Some((last, n)) if *last == d => *n += 1,
                    _ => days.push((d, 1)),
                }
            }
            charts::Row {
                name: s.actors[a.index()].name.clone(),
                days,
            }
        })
        .collect();
    let t = &s.topics[id.index()];
    let total: usize = speakers.iter().map(|x| x.1.len()).sum();
    let per = match period {
        charts::Period::Day => "day",
        charts::Period::Month => "month",
        charts::Period::Year => "year",
    };
    let desc = format!(
        "{} by {} on {}, one line per speaker, a dot for each {per} they spoke in, larger for more statements. The table below lists them.",
        plural(total, "statement", "statements"),
        plural(rows.len(), "speaker", "speakers"),
        t.name
    );
    let svg = charts::who_said_what(
        &format!("chart-who-{}", t.slug.as_str()),
        &format!("Who said what on {}", t.name),
        &desc,
        period,
        &rows,
    );
    let speakers = speakers
        .iter()
        .map(|(a, qs)| {
            Ok(SpeakerRow {
                actor: c.actor(*a),
                count: qs.len(),
                first: date(&s.quotes[qs[0].index()].said),
                last: date(&s.quotes[qs[qs.len() - 1].index()].said),
                quotes: qs
                    .iter()
                    .rev()
                    .take(3)
                    .map(|&q| c.quote_card(r, q, Fragment::QuoteBySpeaker))
                    .collect::<Result<_, _>>()?,
            })
        })
        .collect::<Result<_, Diagnostic>>()?;
    Ok(Some(WhoSaidWhat {
        svg,
        speakers,
        more,
    }))
}
