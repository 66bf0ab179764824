//! The views of single things that many pages show: an actor, briefing or topic link,
//! a briefing card, a source, a quote, an event. Each is made here from the model, once
//! per build, by [`Catalog`], which is their only maker; pages get them from the
//! catalog as [`Shared`] values.

use serde::Serialize;

use super::{Catalog, DateView, Shared, briefing_href, link};
use crate::grade::GradeView;
use crate::model::{Actor, ActorId, AuthorId, BriefingId, Byline, EventId, QuoteId, TopicId};

#[derive(Serialize)]
pub struct ActorLink<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub kind: &'static str,
    pub href: String,
}

/// A name of a byline: an author of the site, with their page, or a name without one.
#[derive(Serialize)]
pub struct AuthorLink<'a> {
    pub name: &'a str,
    pub slug: Option<&'a str>,
    pub href: Option<String>,
}

#[derive(Serialize)]
pub struct BriefingLink<'a> {
    pub title: &'a str,
    pub slug: &'a str,
    pub href: String,
    pub date: Shared<DateView<'a>>,
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
    /// Its position (from 1) in its briefing's list of sources: the footnote number.
    pub number: usize,
    /// Its entry in the source list of its briefing's page.
    pub href: String,
    pub title: &'a str,
    pub publisher: Option<&'a str>,
    pub date: Option<Shared<DateView<'a>>>,
    pub url: Option<&'a str>,
    pub grade: Option<Shared<GradeView>>,
    /// The archived copy of its text the quotes were checked against, if any.
    pub archive_href: Option<String>,
}

#[derive(Serialize)]
pub struct QuoteView<'a> {
    pub id: String,
    /// In the page's language when said in it or translated into it (then `original`
    /// holds what was said); else as said, in `lang`.
    pub text: &'a str,
    /// The language of `text`, when it is not the page's. Left out of the view when
    /// absent, as is `original`: every field counts, since a quote view of 16 fields or
    /// more takes a table twice the size, and a large site keeps 85,000 of them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<&'a str>,
    /// What was said, when `text` is the desk's translation of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original: Option<Original<'a>>,
    pub by: Shared<ActorLink<'a>>,
    pub said: Shared<DateView<'a>>,
    pub venue: Option<&'a str>,
    /// The role the speaker held when speaking.
    pub role: Option<&'a str>,
    /// Found verbatim in the archived text of its source.
    pub verified: bool,
    pub briefing: Shared<BriefingLink<'a>>,
    /// Every briefing quoting the statement, the oldest first.
    pub briefings: Vec<Shared<BriefingLink<'a>>>,
    pub source: Option<Shared<SourceView<'a>>>,
    pub source_href: Option<String>,
    /// The topics of every briefing quoting the statement.
    pub topics: Vec<Shared<TopicLink<'a>>>,
    pub href: String,
}

/// A quote as said, beside the desk's translation of it.
#[derive(Serialize)]
pub struct Original<'a> {
    pub text: &'a str,
    pub lang: &'a str,
}

/// What a page in language `page` shows of quote `q`: see [`QuoteView::text`].
fn in_language<'a>(
    q: &'a crate::model::Quote,
    page: &str,
) -> (&'a str, Option<&'a str>, Option<Original<'a>>) {
    let Some(said) = q.lang.as_deref().filter(|l| *l != page) else {
        return (&q.text, None, None);
    };
    match q.translation(page) {
        Some(text) => (
            text,
            None,
            Some(Original {
                text: &q.text,
                lang: said,
            }),
        ),
        None => (&q.text, Some(said), None),
    }
}

#[derive(Serialize)]
pub struct EventView<'a> {
    pub id: String,
    /// The language of `what` when it is not the page's (see `Config::facts_lang`);
    /// left out when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<&'a str>,
    pub date: Shared<DateView<'a>>,
    pub what: &'a str,
    pub place: Option<&'a str>,
    pub actors: Vec<Shared<ActorLink<'a>>>,
    pub briefing: Shared<BriefingLink<'a>>,
    pub source: Option<Shared<SourceView<'a>>>,
    pub source_href: Option<String>,
}

#[derive(Serialize)]
pub struct BriefingCard<'a> {
    pub title: &'a str,
    pub slug: &'a str,
    pub href: String,
    pub date: Shared<DateView<'a>>,
    pub summary: &'a str,
    pub topics: Vec<Shared<TopicLink<'a>>>,
    pub actors: Vec<Shared<ActorLink<'a>>>,
    /// The byline, in order.
    pub authors: Vec<Shared<AuthorLink<'a>>>,
}

/// Builds the shared views from the model, from the shared views they contain.
impl<'a> Catalog<'a> {
    pub(super) fn make_actor(&self, id: ActorId) -> ActorLink<'a> {
        let a: &'a Actor = &self.site.actors[id.index()];
        ActorLink {
            name: &a.name,
            slug: a.slug.as_str(),
            kind: a.kind.code(),
            href: link(&["actors/", a.slug.as_str(), "/index.html"]),
        }
    }

    pub(super) fn make_author(&self, id: AuthorId) -> AuthorLink<'a> {
        let a = &self.site.authors[id.index()];
        AuthorLink {
            name: &a.name,
            slug: Some(a.slug.as_str()),
            href: Some(link(&["authors/", a.slug.as_str(), "/index.html"])),
        }
    }

    /// The names of a briefing's byline, linked to their pages where they have one.
    pub(super) fn byline(&self, authors: &'a [Byline]) -> Vec<Shared<AuthorLink<'a>>> {
        authors
            .iter()
            .map(|by| match by {
                Byline::Author(id) => self.author(*id),
                Byline::Name(name) => self.shared(&AuthorLink {
                    name,
                    slug: None,
                    href: None,
                }),
            })
            .collect()
    }

    pub(super) fn make_briefing_link(&self, id: BriefingId) -> BriefingLink<'a> {
        let b = &self.site.briefings[id.index()];
        BriefingLink {
            title: &b.title,
            slug: b.slug.as_str(),
            href: briefing_href(&b.slug, &[]),
            date: self.date(&b.date),
        }
    }

    pub(super) fn make_topic(&self, id: TopicId) -> TopicLink<'a> {
        let t = &self.site.topics[id.index()];
        TopicLink {
            name: &t.name,
            slug: t.slug.as_str(),
            href: link(&["topics/", t.slug.as_str(), "/index.html"]),
        }
    }

    pub(super) fn make_card(&self, id: BriefingId) -> BriefingCard<'a> {
        let b = &self.site.briefings[id.index()];
        BriefingCard {
            title: &b.title,
            slug: b.slug.as_str(),
            href: briefing_href(&b.slug, &[]),
            date: self.date(&b.date),
            summary: &b.summary,
            topics: b.topics.iter().map(|&t| self.topic(t)).collect(),
            actors: b.actors.iter().map(|&a| self.actor(a)).collect(),
            authors: self.byline(&b.authors),
        }
    }

    /// Source `i` of briefing `b`.
    pub(super) fn make_source(&self, b: BriefingId, i: usize) -> SourceView<'a> {
        let br = &self.site.briefings[b.index()];
        let s = &br.sources[i];
        SourceView {
            id: &s.id,
            anchor: ["source-", s.id.as_str()].concat(),
            number: i + 1,
            href: briefing_href(&br.slug, &["#source-", &s.id]),
            title: &s.title,
            publisher: s.publisher.as_deref(),
            date: s.date.as_ref().map(|d| self.date(d)),
            url: s.url.as_deref(),
            grade: s.grade.as_deref().and_then(|g| self.grade(g)),
            archive_href: s.archive.as_deref().map(|a| link(&[a])),
        }
    }

    /// The source a quote or event of briefing `b` cites, and the link to it.
    fn cited(
        &self,
        b: BriefingId,
        source: Option<usize>,
    ) -> (Option<Shared<SourceView<'a>>>, Option<String>) {
        let br = &self.site.briefings[b.index()];
        match source.and_then(|i| br.sources.get(i).map(|s| (i, s))) {
            Some((i, s)) => (
                Some(self.source(b, i)),
                Some(briefing_href(&br.slug, &["#source-", &s.id])),
            ),
            None => (None, None),
        }
    }

    pub(super) fn make_quote(&self, id: QuoteId) -> QuoteView<'a> {
        let q = &self.site.quotes[id.index()];
        let br = &self.site.briefings[q.briefing.index()];
        let (source, source_href) = self.cited(q.briefing, q.source);
        let anchor = format!("quote-{}", q.ordinal);
        let (text, lang, original) = in_language(q, &self.site.config.language);
        QuoteView {
            href: briefing_href(&br.slug, &["#", &anchor]),
            id: anchor,
            text,
            lang,
            original,
            by: self.actor(q.by),
            said: self.date(&q.said),
            venue: q.venue.as_deref(),
            role: q.role.as_deref(),
            verified: q.verified,
            briefing: self.briefing_link(q.briefing),
            briefings: self
                .site
                .statement_briefings(id)
                .into_iter()
                .map(|b| self.briefing_link(b))
                .collect(),
            source,
            source_href,
            topics: self
                .site
                .statement_topics(id)
                .into_iter()
                .map(|t| self.topic(t))
                .collect(),
        }
    }

    pub(super) fn make_event(&self, id: EventId) -> EventView<'a> {
        let e = &self.site.events[id.index()];
        let (source, source_href) = self.cited(e.briefing, e.source);
        EventView {
            lang: self.site.config.facts_lang.as_deref(),
            id: format!("event-{}", e.ordinal),
            date: self.date(&e.date),
            what: &e.what,
            place: e.place.as_deref(),
            actors: e.actors.iter().map(|&a| self.actor(a)).collect(),
            briefing: self.briefing_link(e.briefing),
            source,
            source_href,
        }
    }
}
