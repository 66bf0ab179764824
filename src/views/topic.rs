//! A topic's pages (its briefings, newest first, and on the first page who said what
//! on it) and the listing of all topics. Called by the renderer; the pipeline asks
//! [`topic_pages`] how many pages a topic needs.

use serde::Serialize;

use super::{
    BriefingCard, Catalog, Fragments, Shared, TopicLink, WhoSaidWhat, page_count, slice,
    who_said_what,
};
use crate::content::Extra;
use crate::diag::Diagnostic;
use crate::model::{Site, TopicId};

/// Pages a topic's listing of briefings needs.
pub fn topic_pages(site: &Site, id: TopicId) -> usize {
    page_count(
        site.topic_briefings[id.index()].len(),
        site.config.page_sizes.topic,
    )
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
    /// Set when its text is shown in another language, untranslated.
    pub untranslated: Option<super::Untranslated<'a>>,
    pub name: &'a str,
    pub slug: &'a str,
    pub body: std::borrow::Cow<'a, str>,
    pub briefing_count: usize,
    /// This page's briefings, newest first. Their statements are not repeated here:
    /// each is on its briefing's page, its speaker's page, `/quotes/` and the timeline,
    /// and a fifth copy on every topic made topic pages the heaviest of the site.
    pub briefings: Vec<Shared<BriefingCard<'a>>>,
    /// Who said what on the topic, over all its briefings (first page only).
    pub who_said_what: Option<WhoSaidWhat<'a>>,
    pub extra: &'a Extra,
}

pub fn topic<'a>(
    c: &Catalog<'a>,
    r: &dyn Fragments,
    id: TopicId,
    page: usize,
) -> Result<TopicView<'a>, Diagnostic> {
    let s = c.site;
    let t = &s.topics[id.index()];
    let shown = slice(
        &s.topic_briefings[id.index()],
        s.config.page_sizes.topic,
        page,
    );
    Ok(TopicView {
        untranslated: super::untranslated(s, t.text_lang.as_deref()),
        name: &t.name,
        slug: t.slug.as_str(),
        body: if page == 1 {
            t.body_html.text()
        } else {
            "".into()
        },
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
        extra: &t.extra,
    })
}
