//! An actor's pages (names, ties, claims, statements, events, briefings, mentions,
//! charts; long listings run over several pages) and the listing of all actors by
//! kind. Called by the renderer; the pipeline asks [`actor_pages`] how many pages an
//! actor needs.

use serde::Serialize;

use super::{
    ActorLink, BriefingLink, Catalog, ChartView, ClaimView, DateView, EventView, Fragment,
    Fragments, ImageView, QuoteView, Shared, actor_claims, href, network_chart, page_count, slice,
    statements_chart,
};
use crate::content::Extra;
use crate::diag::Diagnostic;
use crate::model::{self, ActorId, ActorKind, Mention, Site, Stance};

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
    /// The kind in the plural ("People"), in the site's language.
    pub label: String,
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
            label: c
                .locale()
                .text(&format!("kind_{}_plural", kind.code()))
                .to_string(),
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
    /// Set when its text is shown in another language, untranslated.
    pub untranslated: Option<super::Untranslated<'a>>,
    pub name: &'a str,
    pub slug: &'a str,
    pub kind: &'static str,
    pub kind_label: String,
    pub role: Option<&'a str>,
    /// The names only; `alias_details` adds their languages.
    pub aliases: Vec<&'a str>,
    pub alias_details: Vec<AliasView<'a>>,
    pub body: std::borrow::Cow<'a, str>,
    /// A portrait or emblem (`image:`).
    pub image: Option<ImageView<'a>>,
    pub affiliations: Vec<Shared<ActorLink<'a>>>,
    pub members: Vec<Shared<ActorLink<'a>>>,
    /// The same ties as `affiliations` and `members`, with their dates and roles.
    pub affiliation_details: Vec<TieView<'a>>,
    pub member_details: Vec<TieView<'a>>,
    /// Claims the actor asserts and denies, newest first (first page only, at most
    /// `page_sizes.actor` each), and how many there are in all.
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
    pub extra: &'a Extra,
}

/// At most this many actors in an actor's "Appears with" list.
pub const CO_ACTORS_SHOWN: usize = 40;

/// Pages an actor's listing needs: statements, events, briefings and mentions each run
/// over as many pages as they fill, side by side.
pub fn actor_pages(site: &Site, id: ActorId) -> usize {
    let i = id.index();
    let longest = site.actor_quotes[i]
        .len()
        .max(site.actor_events[i].len())
        .max(site.actor_briefings[i].len())
        .max(site.mentions[i].len());
    page_count(longest, site.config.page_sizes.actor)
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
    let per = s.config.page_sizes.actor;
    Ok(ActorView {
        untranslated: super::untranslated(s, a.text_lang.as_deref()),
        name: &a.name,
        slug: a.slug.as_str(),
        kind: a.kind.code(),
        kind_label: c
            .locale()
            .text(&format!("kind_{}", a.kind.code()))
            .to_string(),
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
        body: if page == 1 {
            a.body_html.text()
        } else {
            "".into()
        },
        affiliations: a.affiliations.iter().map(|x| c.actor(x.actor)).collect(),
        members: s.members[i].iter().map(|&x| c.actor(x)).collect(),
        affiliation_details: a.affiliations.iter().map(|x| tie(c, x.actor, x)).collect(),
        member_details: member_ties(c, id),
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
        co_actors: if first { co_actors(c, id) } else { Vec::new() },
        co_actor_count: s.co_actors[i].len(),
        mentions: mentions(s, slice(&s.mentions[i], per, page)),
        mention_count: s.mentions[i].len(),
        image: a.image.as_ref().map(ImageView::new),
        extra: &a.extra,
    })
}

/// The ties of the actor's members to it, seen from the actor.
fn member_ties<'a>(c: &Catalog<'a>, id: ActorId) -> Vec<TieView<'a>> {
    let s = c.site;
    s.members[id.index()]
        .iter()
        .filter_map(|&m| {
            let x = s.actors[m.index()]
                .affiliations
                .iter()
                .find(|x| x.actor == id)?;
            Some(tie(c, m, x))
        })
        .collect()
}

/// The actors sharing most briefings with this one, at most `CO_ACTORS_SHOWN`.
fn co_actors<'a>(c: &Catalog<'a>, id: ActorId) -> Vec<CoActor<'a>> {
    c.site.co_actors[id.index()]
        .iter()
        .take(CO_ACTORS_SHOWN)
        .map(|&(x, count)| CoActor {
            actor: c.actor(x),
            count,
        })
        .collect()
}

/// The pages in `shown`, as links.
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
    pub from: Option<Shared<DateView<'a>>>,
    pub until: Option<Shared<DateView<'a>>>,
    pub role: Option<&'a str>,
    /// The dates in words: "4 February 2014 – 1 October 2024", "since January 2021",
    /// "until 2019"; absent without dates.
    pub period: Option<String>,
}

fn tie<'a>(c: &Catalog<'a>, other: ActorId, x: &'a model::Affiliation) -> TieView<'a> {
    let period = c.locale().dates.period(x.from.as_ref(), x.until.as_ref());
    TieView {
        actor: c.actor(other),
        from: x.from.as_ref().map(|d| c.date(d)),
        until: x.until.as_ref().map(|d| c.date(d)),
        role: x.role.as_deref(),
        period,
    }
}
