//! The home page (latest briefings, most quoted actors, latest statements) and the
//! site's standalone pages (about, method, …). Called by the renderer.

use serde::Serialize;

use super::{ActorLink, BriefingCard, Catalog, Fragment, Fragments, QuoteView, Shared};
use crate::content::Extra;
use crate::diag::Diagnostic;
use crate::model::{ActorId, Site};

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

#[derive(Serialize)]
pub struct PageView<'a> {
    /// Set when its text is shown in another language, untranslated.
    pub untranslated: Option<super::Untranslated<'a>>,
    pub title: &'a str,
    pub slug: &'a str,
    pub summary: Option<&'a str>,
    pub body: std::borrow::Cow<'a, str>,
    /// The body's table of contents; empty when none is shown.
    pub toc: Vec<super::TocEntry<'a>>,
    pub extra: &'a Extra,
}

pub fn page(site: &Site, i: usize) -> PageView<'_> {
    let p = &site.pages[i];
    PageView {
        untranslated: super::untranslated(site, p.text_lang.as_deref()),
        title: &p.title,
        slug: p.slug.as_str(),
        summary: p.summary.as_deref(),
        body: p.body_html.text(),
        toc: super::toc(&p.headings, p.toc, site.config.toc),
        extra: &p.extra,
    }
}
