//! Typed views: exactly what each template receives (documented in the README), built
//! from the model for one page. Views borrow from the model; nothing is cloned whole.

use serde::Serialize;

use crate::config::Config;
use crate::dates::Edtf;
use crate::model::{
    self, Actor, ActorId, ActorKind, BriefingId, Citation, EventId, Mention, QuoteId, Site, TopicId,
};

/// Makes links relative to the page being rendered.
#[derive(Debug, Clone, Copy)]
pub struct Linker {
    /// `""`, `"../"`, `"../../"`.
    pub root: &'static str,
}

impl Linker {
    /// For a page at `path` (`actors/x/index.html`).
    pub fn for_page(path: &str) -> Linker {
        const ROOTS: [&str; 5] = ["", "../", "../../", "../../../", "../../../../"];
        let depth = path.matches('/').count();
        Linker {
            root: ROOTS[depth.min(ROOTS.len() - 1)],
        }
    }

    pub fn href(&self, path: &str) -> String {
        format!("{}{}", self.root, path)
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
pub fn nav(l: Linker, page_path: &str) -> Vec<NavItem> {
    let items = [
        ("Briefings", "briefings/index.html"),
        ("Actors", "actors/index.html"),
        ("Timeline", "timeline/index.html"),
        ("Quotes", "quotes/index.html"),
        ("Topics", "topics/index.html"),
    ];
    let section = page_path.split('/').next().unwrap_or("");
    items
        .iter()
        .map(|(label, path)| NavItem {
            label,
            href: l.href(path),
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

/// Builds views for one page of one site.
#[derive(Clone, Copy)]
pub struct Views<'a> {
    pub site: &'a Site,
    pub link: Linker,
}

impl<'a> Views<'a> {
    pub fn actor(&self, id: ActorId) -> ActorLink<'a> {
        let a: &'a Actor = &self.site.actors[id.index()];
        ActorLink {
            name: &a.name,
            slug: a.slug.as_str(),
            kind: a.kind.code(),
            href: self.link.href(&model::actor_path(&a.slug)),
        }
    }

    pub fn briefing_link(&self, id: BriefingId) -> BriefingLink<'a> {
        let b = &self.site.briefings[id.index()];
        BriefingLink {
            title: &b.title,
            slug: b.slug.as_str(),
            href: self.link.href(&model::briefing_path(&b.slug)),
            date: date(&b.date),
        }
    }

    pub fn topic(&self, id: TopicId) -> TopicLink<'a> {
        let t = &self.site.topics[id.index()];
        TopicLink {
            name: &t.name,
            slug: t.slug.as_str(),
            href: self.link.href(&model::topic_path(&t.slug)),
        }
    }

    pub fn card(&self, id: BriefingId) -> BriefingCard<'a> {
        let b = &self.site.briefings[id.index()];
        BriefingCard {
            title: &b.title,
            slug: b.slug.as_str(),
            href: self.link.href(&model::briefing_path(&b.slug)),
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
                    self.link.href(&model::briefing_path(&br.slug)),
                    s.id
                )),
            ),
            None => (None, None),
        }
    }

    pub fn quote(&self, id: QuoteId) -> QuoteView<'a> {
        let q = &self.site.quotes[id.index()];
        let br = &self.site.briefings[q.briefing.index()];
        let (source, source_href) = self.cited(q.briefing, q.source);
        let anchor = format!("quote-{}", q.ordinal);
        QuoteView {
            href: format!(
                "{}#{anchor}",
                self.link.href(&model::briefing_path(&br.slug))
            ),
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

    pub fn event(&self, id: EventId) -> EventView<'a> {
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

#[derive(Serialize)]
pub struct TopActor<'a> {
    pub actor: ActorLink<'a>,
    pub quotes: usize,
}

#[derive(Serialize)]
pub struct Home<'a> {
    pub latest: Vec<BriefingCard<'a>>,
    pub top_actors: Vec<TopActor<'a>>,
    pub latest_quotes: Vec<QuoteView<'a>>,
}

pub fn home<'a>(v: Views<'a>) -> Home<'a> {
    let s = v.site;
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
            .map(|&b| v.card(b))
            .collect(),
        top_actors: by_quotes
            .into_iter()
            .take(10)
            .map(|i| TopActor {
                actor: v.actor(ActorId(i as u32)),
                quotes: s.actor_quotes[i].len(),
            })
            .collect(),
        latest_quotes: s
            .quotes_by_date
            .iter()
            .rev()
            .take(10)
            .map(|&q| v.quote(q))
            .collect(),
    }
}

#[derive(Serialize)]
pub struct BriefingView<'a> {
    pub title: &'a str,
    pub slug: &'a str,
    pub date: DateView<'a>,
    pub updated: Option<DateView<'a>>,
    pub summary: &'a str,
    pub location: Option<&'a str>,
    pub topics: Vec<TopicLink<'a>>,
    pub actors: Vec<ActorLink<'a>>,
    pub quotes: Vec<QuoteView<'a>>,
    pub events: Vec<EventView<'a>>,
    pub sources: Vec<SourceView<'a>>,
    pub body: &'a str,
}

pub fn briefing<'a>(v: Views<'a>, id: BriefingId) -> BriefingView<'a> {
    let b = &v.site.briefings[id.index()];
    BriefingView {
        title: &b.title,
        slug: b.slug.as_str(),
        date: date(&b.date),
        updated: b.updated.as_ref().map(date),
        summary: &b.summary,
        location: b.location.as_deref(),
        topics: b.topics.iter().map(|&t| v.topic(t)).collect(),
        actors: b.actors.iter().map(|&a| v.actor(a)).collect(),
        quotes: b.quotes.iter().map(|&q| v.quote(q)).collect(),
        events: b.events.iter().map(|&e| v.event(e)).collect(),
        sources: b.sources.iter().map(|s| v.source(s)).collect(),
        body: &b.body_html,
    }
}

#[derive(Serialize)]
pub struct ActorRow<'a> {
    pub actor: ActorLink<'a>,
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

pub fn actor_groups<'a>(v: Views<'a>) -> Vec<ActorGroup<'a>> {
    let s = v.site;
    let mut order: Vec<usize> = (0..s.actors.len()).collect();
    order.sort_by(|&a, &b| {
        crate::refs::fold(&s.actors[a].name)
            .cmp(&crate::refs::fold(&s.actors[b].name))
            .then(a.cmp(&b))
    });
    ActorKind::ALL
        .iter()
        .map(|&kind| ActorGroup {
            kind: kind.code(),
            label: kind.plural(),
            actors: order
                .iter()
                .filter(|&&i| s.actors[i].kind == kind)
                .map(|&i| ActorRow {
                    actor: v.actor(ActorId(i as u32)),
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
    pub actor: ActorLink<'a>,
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
    pub affiliations: Vec<ActorLink<'a>>,
    pub members: Vec<ActorLink<'a>>,
    pub quotes: Vec<QuoteView<'a>>,
    pub events: Vec<EventView<'a>>,
    pub briefings: Vec<BriefingLink<'a>>,
    pub co_actors: Vec<CoActor<'a>>,
    pub mentions: Vec<MentionView<'a>>,
}

pub fn actor<'a>(v: Views<'a>, id: ActorId) -> ActorView<'a> {
    let s = v.site;
    let a = &s.actors[id.index()];
    let i = id.index();
    ActorView {
        name: &a.name,
        slug: a.slug.as_str(),
        kind: a.kind.code(),
        kind_label: a.kind.label(),
        role: a.role.as_deref(),
        aliases: &a.aliases,
        body: &a.body_html,
        affiliations: a.affiliations.iter().map(|&x| v.actor(x)).collect(),
        members: s.members[i].iter().map(|&x| v.actor(x)).collect(),
        quotes: s.actor_quotes[i].iter().map(|&q| v.quote(q)).collect(),
        events: s.actor_events[i].iter().map(|&e| v.event(e)).collect(),
        briefings: s.actor_briefings[i]
            .iter()
            .map(|&b| v.briefing_link(b))
            .collect(),
        co_actors: s.co_actors[i]
            .iter()
            .map(|&(x, count)| CoActor {
                actor: v.actor(x),
                count,
            })
            .collect(),
        mentions: s.mentions[i]
            .iter()
            .map(|m| match *m {
                Mention::Briefing(b) => {
                    let br = &s.briefings[b.index()];
                    MentionView {
                        title: &br.title,
                        href: v.link.href(&model::briefing_path(&br.slug)),
                    }
                }
                Mention::Actor(x) => {
                    let other = &s.actors[x.index()];
                    MentionView {
                        title: &other.name,
                        href: v.link.href(&model::actor_path(&other.slug)),
                    }
                }
                Mention::Page(p) => {
                    let page = &s.pages[p];
                    MentionView {
                        title: &page.title,
                        href: v.link.href(&model::page_path(&page.slug)),
                    }
                }
            })
            .collect(),
    }
}

#[derive(Serialize)]
pub struct TimelineEntry<'a> {
    pub kind: &'static str,
    pub date: DateView<'a>,
    pub event: Option<EventView<'a>>,
    pub quote: Option<QuoteView<'a>>,
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

pub fn timeline<'a>(v: Views<'a>) -> Vec<Month<'a>> {
    let s = v.site;
    enum Item {
        Event(EventId),
        Quote(QuoteId),
    }
    let mut items: Vec<(&Edtf, u8, usize, Item)> =
        Vec::with_capacity(s.events.len() + s.quotes.len());
    for (i, e) in s.events.iter().enumerate() {
        items.push((&e.date, 0, i, Item::Event(EventId(i as u32))));
    }
    for (i, q) in s.quotes.iter().enumerate() {
        items.push((&q.said, 1, i, Item::Quote(QuoteId(i as u32))));
    }
    items.sort_by(|a, b| a.0.cmp(b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut months: Vec<Month> = Vec::new();
    for (d, _, _, item) in items {
        let (y, m) = d.month_key();
        let key = format!("{y:04}-{m:02}");
        if months.last().is_none_or(|last| last.key != key) {
            months.push(Month {
                label: format!("{} {y}", MONTHS[(m.clamp(1, 12) - 1) as usize]),
                key,
                entries: Vec::new(),
            });
        }
        let entry = match item {
            Item::Event(e) => TimelineEntry {
                kind: "event",
                date: date(d),
                event: Some(v.event(e)),
                quote: None,
            },
            Item::Quote(q) => TimelineEntry {
                kind: "quote",
                date: date(d),
                event: None,
                quote: Some(v.quote(q)),
            },
        };
        if let Some(last) = months.last_mut() {
            last.entries.push(entry);
        }
    }
    months
}

#[derive(Serialize)]
pub struct QuotesView<'a> {
    pub quotes: Vec<QuoteView<'a>>,
    pub actors: Vec<ActorLink<'a>>,
    pub topics: Vec<TopicLink<'a>>,
}

pub fn quotes<'a>(v: Views<'a>) -> QuotesView<'a> {
    let s = v.site;
    let mut speakers: Vec<ActorId> = s.quotes.iter().map(|q| q.by).collect();
    speakers.sort_by(|a, b| {
        s.actors[a.index()]
            .name
            .cmp(&s.actors[b.index()].name)
            .then(a.cmp(b))
    });
    speakers.dedup();
    let mut topics: Vec<TopicId> = s
        .quotes
        .iter()
        .flat_map(|q| s.briefings[q.briefing.index()].topics.iter().copied())
        .collect();
    topics.sort_by(|a, b| {
        s.topics[a.index()]
            .name
            .cmp(&s.topics[b.index()].name)
            .then(a.cmp(b))
    });
    topics.dedup();
    QuotesView {
        quotes: s.quotes_by_date.iter().map(|&q| v.quote(q)).collect(),
        actors: speakers.into_iter().map(|a| v.actor(a)).collect(),
        topics: topics.into_iter().map(|t| v.topic(t)).collect(),
    }
}

#[derive(Serialize)]
pub struct TopicRow<'a> {
    pub topic: TopicLink<'a>,
    pub briefings: usize,
}

pub fn topics<'a>(v: Views<'a>) -> Vec<TopicRow<'a>> {
    let s = v.site;
    let mut order: Vec<usize> = (0..s.topics.len()).collect();
    order.sort_by(|&a, &b| {
        crate::refs::fold(&s.topics[a].name)
            .cmp(&crate::refs::fold(&s.topics[b].name))
            .then(a.cmp(&b))
    });
    order
        .into_iter()
        .map(|i| TopicRow {
            topic: v.topic(TopicId(i as u32)),
            briefings: s.topic_briefings[i].len(),
        })
        .collect()
}

#[derive(Serialize)]
pub struct TopicView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub body: &'a str,
    pub briefings: Vec<BriefingCard<'a>>,
    pub quotes: Vec<QuoteView<'a>>,
}

pub fn topic<'a>(v: Views<'a>, id: TopicId) -> TopicView<'a> {
    let s = v.site;
    let t = &s.topics[id.index()];
    TopicView {
        name: &t.name,
        slug: t.slug.as_str(),
        body: &t.body_html,
        briefings: s.topic_briefings[id.index()]
            .iter()
            .map(|&b| v.card(b))
            .collect(),
        quotes: s
            .quotes_by_date
            .iter()
            .filter(|q| {
                s.briefings[s.quotes[q.index()].briefing.index()]
                    .topics
                    .contains(&id)
            })
            .map(|&q| v.quote(q))
            .collect(),
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
